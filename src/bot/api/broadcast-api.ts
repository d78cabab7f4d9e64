// The Api object broadcasts send through: its own instance (like the notifications Api), so that handler
// replies never queue behind a broadcast. Innermost, a pacer holds every message send (retries included)
// to BROADCAST_MESSAGES_PER_SECOND overall (by the times requests actually leave) and 1/s per chat; around it auto-retry waits out 429 retry_after
// and retries transient 5xx/network errors; outermost, a 403 marks the person as having blocked the bot.
import { autoRetry } from "@grammyjs/auto-retry";
import { Api, type Transformer } from "grammy";
import { BROADCAST_MESSAGES_PER_SECOND, createPacer, type Pacer } from "../../domain/broadcast-pacer.js";
import type { UserRepository } from "../../domain/user.js";
import type { Logger } from "../../logger.js";
import { markBlockedOn403 } from "./mark-blocked.js";

const SENDS = /^(send(?!ChatAction)\w*|copyMessage|forwardMessage)$/;

// The pacer's window is checked right before `prev` and `prev` starts the request at once: grammY's raw call
// reaches fetch synchronously for a JSON body (every broadcast send: text, or a photo by file id), and
// node-fetch writes it from there (the socket write follows in the same tick's nextTick queue). So the window
// counts when requests actually leave, and an event-loop stall cannot release a burst.
export function pacedSends(pacer: Pacer): Transformer {
  return async (prev, method, payload, signal) => {
    if (!SENDS.test(method)) return prev(method, payload, signal);
    const chatId = (payload as { chat_id?: unknown } | undefined)?.chat_id;
    return await pacer.dispatch(typeof chatId === "number" ? chatId : undefined, () => prev(method, payload, signal));
  };
}

export function createBroadcastApi(
  token: string,
  apiRoot: string | undefined,
  deps: { users: UserRepository; logger: Logger; perSecond?: number },
): Api {
  const api = new Api(token, apiRoot ? { apiRoot } : {});
  api.config.use(pacedSends(createPacer({ perSecond: deps.perSecond ?? BROADCAST_MESSAGES_PER_SECOND })));
  api.config.use(autoRetry({ maxRetryAttempts: 6, maxDelaySeconds: 60, rethrowInternalServerErrors: false }));
  api.config.use(markBlockedOn403(deps.users, deps.logger));
  return api;
}
