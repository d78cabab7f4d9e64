// Talking to Telegram at start-up and while polling, saying what goes wrong in plain words. grammY's own
// retries (bot.init, auto-retry) wait silently and for ever on network errors, so these calls go through a
// bare Api object and this loop instead: every failure is logged with its cause and what to check, then
// retried after a visible back-off (1 s, 2 s, 5 s, 10 s, 30 s, then every 60 s) — for ever, except for a
// rejected token, which no retry can fix: that stops with TokenRejectedError.
import { GrammyError, HttpError } from "grammy";
import type { Logger } from "../logger.js";

export type TelegramProblem = "token-rejected" | "unreachable" | "timed-out" | "conflict" | "telegram-error" | "other";

/** What to check, for each kind of failure (the log line the deployer reads). */
export const TELEGRAM_PROBLEMS: Record<TelegramProblem, string> = {
  "token-rejected": "Telegram rejected the bot token: check BOT_TOKEN from @BotFather (/mybots → your bot → API Token) and start again",
  unreachable: "cannot reach Telegram: check the internet connection, DNS, a firewall or proxy, and BOT_API_ROOT if it is set",
  "timed-out": "Telegram did not answer in time: the connection is slow or blocked; check the network and any proxy",
  conflict: "another copy of this bot is receiving its updates (or a webhook is set): stop the other instance",
  "telegram-error": "Telegram answered with an error; it is usually temporary",
  other: "the request to Telegram failed",
};

/** Network error codes that mean "no route to Telegram" (Node's and undici's). */
const UNREACHABLE_CODES = new Set([
  "ENOTFOUND", "EAI_AGAIN", "ECONNREFUSED", "ENETUNREACH", "EHOSTUNREACH", "ECONNRESET", "EPIPE", "ECONNABORTED", "ENETDOWN", "EHOSTDOWN",
  "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_SOCKET", "CERT_HAS_EXPIRED", "UNABLE_TO_VERIFY_LEAF_SIGNATURE", "DEPTH_ZERO_SELF_SIGNED_CERT",
]);

export const RETRY_DELAYS_MS = [1_000, 2_000, 5_000, 10_000, 30_000, 60_000] as const;

/** The wait before retry number `attempt` (0 = the first retry); 60 s from the sixth on. */
export function retryDelay(attempt: number): number {
  return RETRY_DELAYS_MS[Math.min(Math.max(attempt, 0), RETRY_DELAYS_MS.length - 1)]!;
}

/** The system error code somewhere in the chain (grammY's HttpError → node-fetch's FetchError → cause). */
function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { error?: unknown; cause?: unknown }).error ?? (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Which kind of failure `error` is, with a short detail safe to log: error codes and Telegram's description
 * only, never a message that may contain the request URL (and so the token).
 */
export function classifyTelegramError(error: unknown, method: string, timedOut = false): { problem: TelegramProblem; detail: string } {
  if (error instanceof GrammyError) {
    const detail = `${error.error_code} ${error.description}`.slice(0, 200);
    // 401 Unauthorized: a wrong or revoked token; 404 on getMe: a malformed one.
    if (error.error_code === 401 || (error.error_code === 404 && method === "getMe")) return { problem: "token-rejected", detail };
    if (error.error_code === 409) return { problem: "conflict", detail };
    return { problem: "telegram-error", detail };
  }
  const code = errorCode(error);
  const inner = error instanceof HttpError ? error.error : error;
  const name = inner instanceof Error ? inner.name : typeof inner;
  if (timedOut || code === "ETIMEDOUT" || code === "ESOCKETTIMEDOUT" || (inner instanceof Error && /timed out/i.test(inner.message))) {
    return { problem: "timed-out", detail: code ?? "no answer" };
  }
  if (code && UNREACHABLE_CODES.has(code)) return { problem: "unreachable", detail: code };
  return { problem: "other", detail: code ?? name };
}

/** Thrown when Telegram refuses the token: retrying cannot help. Runner-compatible (error_code 401 stops it). */
export class TokenRejectedError extends Error {
  readonly error_code = 401;
  constructor() {
    super(TELEGRAM_PROBLEMS["token-rejected"]);
    this.name = "TokenRejectedError";
  }
}

export interface TelegramRetryOptions {
  logger: Logger;
  /** Aborting stops the waiting and the call in flight (shutdown); the error is then rethrown as is. */
  signal?: AbortSignal;
  /** How long one call may take before it counts as "timed out". */
  timeoutMs?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 20_000;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

/**
 * Calls Telegram until it answers. Each failure is logged (warn) with its kind, a safe detail, what to check
 * and the wait before the next try; a rejected token is logged (fatal) and thrown as TokenRejectedError.
 */
export async function untilTelegramAnswers<T>(method: string, call: (signal: AbortSignal) => Promise<T>, options: TelegramRetryOptions): Promise<T> {
  const wait = options.sleep ?? sleep;
  for (let attempt = 0; ; attempt++) {
    const attemptSignal = linkedSignal(options.signal, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    try {
      const result = await call(attemptSignal.signal);
      if (attempt > 0) options.logger.info({ method, attempts: attempt + 1 }, "Telegram answers again");
      return result;
    } catch (error) {
      if (options.signal?.aborted) throw error;
      const { problem, detail } = classifyTelegramError(error, method, attemptSignal.timedOut());
      if (problem === "token-rejected") {
        options.logger.fatal({ method, problem, detail }, TELEGRAM_PROBLEMS[problem]);
        throw new TokenRejectedError();
      }
      const delay = retryDelay(attempt);
      options.logger.warn({ method, problem, detail, attempt: attempt + 1, retryInMs: delay }, `${method}: ${TELEGRAM_PROBLEMS[problem]} (${detail}); retrying in ${delay / 1000} s…`);
      await wait(delay, options.signal);
      if (options.signal?.aborted) throw error;
    } finally {
      attemptSignal.dispose();
    }
  }
}

/**
 * A native signal aborted by `parent` or after `timeoutMs`. Built by hand: the runner hands out signals of the
 * abort-controller polyfill, which AbortSignal.any accepts but never follows.
 */
function linkedSignal(parent: AbortSignal | undefined, timeoutMs: number) {
  const controller = new AbortController();
  let timedOut = false;
  const onParentAbort = () => controller.abort();
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  if (parent?.aborted) controller.abort();
  else parent?.addEventListener("abort", onParentAbort);
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose() {
      clearTimeout(timer);
      parent?.removeEventListener("abort", onParentAbort);
    },
  };
}
