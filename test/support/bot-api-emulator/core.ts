// EmulatorCore: all state of one emulated Telegram (bot identity, chats, files,
// updates, faults, recorded calls). Method handlers and emulated users work on
// it; the HTTP server is only a transport in front of it, so benchmarks or a
// browser playground can drive the same core differently later.
import type { BotCommand, User, UserFromGetMe } from "grammy/types";
import { ChatStore } from "./chats.js";
import { FaultInjector } from "./faults.js";
import { FileStore } from "./files.js";
import { TrafficControl } from "./traffic.js";
import { UpdateHub } from "./updates.js";
import type { WebhookReply } from "./webhook.js";
import type { ApiCall, EmulatorOptions } from "./types.js";

export interface CallbackQueryState {
  chatId: number;
  answered: boolean;
}

export const DEFAULT_BOT_INFO: UserFromGetMe = {
  id: 7_000_000_001,
  is_bot: true,
  first_name: "Kelisim",
  username: "kelisim_test_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

export class EmulatorCore {
  readonly botInfo: UserFromGetMe;
  readonly token: string | undefined;
  readonly now: () => number;
  readonly chats = new ChatStore();
  readonly files = new FileStore();
  readonly faults = new FaultInjector();
  readonly updates: UpdateHub;
  /** Opt-in rate limits, random faults and per-chat delivery counts (traffic.ts). */
  readonly traffic: TrafficControl;
  readonly calls: ApiCall[] = [];
  /** setMyCommands storage, keyed by scope + language_code. */
  readonly commands = new Map<string, BotCommand[]>();
  /** Other bot settings (descriptions, names, menu buttons), keyed by method-specific keys. */
  readonly settings = new Map<string, unknown>();
  readonly callbackQueries = new Map<string, CallbackQueryState>();
  /** Aborted by close(): ends fault delays, webhook retries and waiting tests. */
  readonly closing = new AbortController();
  private callbackCounter = 0;

  constructor(opts: EmulatorOptions, onWebhookReply: (reply: WebhookReply) => void) {
    this.botInfo = { ...DEFAULT_BOT_INFO, ...opts.botInfo, is_bot: true } as UserFromGetMe;
    this.token = opts.token;
    this.now = opts.now ?? Date.now;
    this.updates = new UpdateHub(onWebhookReply, this.now);
    this.traffic = new TrafficControl(this.now);
    if (opts.rateLimits) this.traffic.enforceRateLimits(opts.rateLimits === true ? { perSecond: 30, perChatPerSecond: 1 } : opts.rateLimits);
  }

  get closed(): boolean {
    return this.closing.signal.aborted;
  }

  /** Message dates are Unix seconds. */
  unixTime(): number {
    return Math.floor(this.now() / 1000);
  }

  /** The bot as it appears in `from` of its messages (no getMe-only fields). */
  botUser(): User {
    const { id, first_name, username, last_name } = this.botInfo;
    return { id, is_bot: true, first_name, username, ...(last_name !== undefined ? { last_name } : {}) };
  }

  newCallbackQueryId(userId: number): string {
    // Real ids are long decimal strings derived from the user; uniqueness is what matters.
    return ((BigInt(Math.abs(userId)) << 24n) + BigInt(++this.callbackCounter)).toString();
  }
}
