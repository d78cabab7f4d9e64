// Telegram's traffic rules as an opt-in layer in front of the methods: rate limits (answered with 429 and
// parameters.retry_after, like the real server), seeded random faults (5xx, 403 for chosen chats, slow
// answers), and a count of successful sends per chat (so tests can prove nobody got a second copy).
import { ApiError, Errors } from "./errors.js";
import { optNum, type Params } from "./params.js";

export interface RateLimits {
  /** Messages per second to all chats together (Telegram: about 30). */
  perSecond: number;
  /** Messages per second to one chat (Telegram: about 1). */
  perChatPerSecond: number;
}

export interface RandomFaults {
  /** Share of message sends answered with a random 500/502 (before anything is delivered). */
  serverErrorRate?: number;
  /** Chats whose sends are answered 403 "bot was blocked by the user". */
  blockedChatIds?: readonly number[];
  /** Every message send is held this long (a slow Bot API). */
  delayMs?: number;
  /** Seed of the pseudo-random generator: the same seed gives the same faults. */
  seed?: number;
  /** Share of calls answered 429 with retry_after 1 (before anything is delivered). */
  tooManyRequestsRate?: number;
  /** Share of calls carried out and then answered 500 anyway (the answer was lost on the way back). */
  lostAnswerRate?: number;
  /** Methods the random faults apply to (case-insensitive); default: message sends only. */
  methods?: readonly string[];
}

/** Methods that put a new message into a chat: the ones Telegram's limits count. */
export function isMessageSend(method: string): boolean {
  const m = method.toLowerCase();
  return (m.startsWith("send") && m !== "sendchataction") || m === "copymessage" || m === "forwardmessage";
}

/** mulberry32: small, fast, deterministic. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class TrafficControl {
  private limits: RateLimits | undefined;
  private faults: RandomFaults | undefined;
  private rand: () => number = random(1);
  private readonly recent: number[] = [];
  private readonly lastPerChat = new Map<number, number[]>();
  /** Successful message sends per chat. */
  readonly delivered = new Map<number, number>();
  /** Every 429 this layer answered, with its time. */
  readonly rateLimited: number[] = [];

  constructor(private readonly now: () => number) {}

  enforceRateLimits(limits: RateLimits | undefined): void {
    this.limits = limits;
  }

  injectRandomFaults(faults: RandomFaults | undefined): void {
    this.faults = faults;
    this.rand = random(faults?.seed ?? 1);
  }

  /** Delay to apply before answering this call (random-fault mode). */
  delayFor(method: string): number {
    return this.faultsApply(method) ? (this.faults?.delayMs ?? 0) : 0;
  }

  /** Random faults hit message sends, or the methods listed in `methods`. */
  private faultsApply(method: string): boolean {
    const listed = this.faults?.methods;
    return listed ? listed.some((m) => m.toLowerCase() === method.toLowerCase()) : isMessageSend(method);
  }

  /** After a call was carried out: answer 500 anyway (lostAnswerRate)? */
  loseAnswer(method: string): ApiError | undefined {
    const rate = this.faults?.lostAnswerRate ?? 0;
    return rate > 0 && this.faultsApply(method) && this.rand() < rate ? new ApiError(500, "Internal Server Error") : undefined;
  }

  /** An error to answer instead of serving the call, or undefined to serve it. */
  check(method: string, params: Params): ApiError | undefined {
    const faulty = this.faults !== undefined && this.faultsApply(method);
    if (!isMessageSend(method) && !faulty) return undefined;
    const chatId = chatOf(params);
    const now = this.now();
    if (this.limits && isMessageSend(method)) {
      while (this.recent.length > 0 && this.recent[0]! <= now - 1000) this.recent.shift();
      const chatTimes = chatId === undefined ? [] : (this.lastPerChat.get(chatId) ?? []).filter((t) => t > now - 1000);
      if (chatId !== undefined) this.lastPerChat.set(chatId, chatTimes);
      const globalFull = this.recent.length >= this.limits.perSecond;
      const chatFull = chatTimes.length >= this.limits.perChatPerSecond;
      if (globalFull || chatFull) {
        const oldest = globalFull ? this.recent[0]! : chatTimes[0]!;
        this.rateLimited.push(now);
        const retryAfter = Math.max(1, Math.ceil((oldest + 1000 - now) / 1000));
        return new ApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
      }
      this.recent.push(now);
      if (chatId !== undefined) chatTimes.push(now);
    }
    if (this.faults && faulty) {
      if (chatId !== undefined && this.faults.blockedChatIds?.includes(chatId)) return Errors.blocked();
      const busy = this.faults.tooManyRequestsRate ?? 0;
      if (busy > 0 && this.rand() < busy) return new ApiError(429, "Too Many Requests: retry after 1", { retry_after: 1 });
      const rate = this.faults.serverErrorRate ?? 0;
      if (rate > 0 && this.rand() < rate) return this.rand() < 0.5 ? new ApiError(500, "Internal Server Error") : new ApiError(502, "Bad Gateway");
    }
    return undefined;
  }

  /** Called after a message send was served successfully. */
  served(method: string, params: Params): void {
    if (!isMessageSend(method)) return;
    const chatId = chatOf(params);
    if (chatId !== undefined) this.delivered.set(chatId, (this.delivered.get(chatId) ?? 0) + 1);
  }
}

function chatOf(params: Params): number | undefined {
  try {
    return optNum(params, "chat_id");
  } catch {
    return undefined;
  }
}
