// Background handling of webhook updates that were already claimed and answered with 200.
//
// Order: one chat's updates run one at a time. Within this instance a promise chain per chat keeps them
// in arrival order; across instances a per-chat lease in the database (Lease table, key "chat:<id>")
// makes another instance wait until this one is done, so a conversation step stored in StorageEntry is
// never read and written by two instances at once. The wait is bounded: after LEASE_WAIT_MS the update is
// handled anyway (a stuck holder must not make a person wait forever; losing an update is worse than the
// rare out-of-order step). A lease lives LEASE_MS and is renewed while a slow handler runs, so a crashed
// instance blocks its chats for at most LEASE_MS.
//
// Leases use the wall clock, not the app's `now` (which tests and the playground move by hand): they are
// about real concurrency. Instances' clocks should agree to well under LEASE_MS (NTP).
import type { Update } from "grammy/types";
import type { LeaseRepository } from "../domain/update-claims.js";
import type { Logger } from "../logger.js";

export const LEASE_MS = 30_000;
export const LEASE_WAIT_MS = 20_000;
const FIRST_RETRY_MS = 10;
const MAX_RETRY_MS = 200;

export interface UpdateDispatcher {
  /** Queues a claimed update behind earlier ones of the same chat; never throws. */
  dispatch(update: Update): void;
  /** Resolves when every queued update has been handled, or after `timeoutMs`. */
  drain(timeoutMs: number): Promise<void>;
  inFlight(): number;
}

export interface UpdateDispatcherDeps {
  /** Handles one update (bot.handleUpdate with the bot's error handler); should not throw. */
  handle(update: Update): Promise<void>;
  leases: LeaseRepository;
  /** This instance's id; the lease holder. */
  instance: string;
  logger: Logger;
  clock?: () => Date;
  leaseMs?: number;
  leaseWaitMs?: number;
}

/** The chat an update belongs to, as sequentialize in createBot sees it (chat, else the sender). */
export function chatKeyOf(update: Update): string | undefined {
  for (const [field, value] of Object.entries(update)) {
    if (field === "update_id" || typeof value !== "object" || value === null) continue;
    const v = value as { chat?: { id?: number }; message?: { chat?: { id?: number } }; from?: { id?: number } };
    const id = v.chat?.id ?? v.message?.chat?.id ?? v.from?.id;
    if (id !== undefined) return `chat:${id}`;
  }
  return undefined;
}

export function createUpdateDispatcher(deps: UpdateDispatcherDeps): UpdateDispatcher {
  const clock = deps.clock ?? (() => new Date());
  const leaseMs = deps.leaseMs ?? LEASE_MS;
  const leaseWaitMs = deps.leaseWaitMs ?? LEASE_WAIT_MS;
  const chains = new Map<string, Promise<void>>();
  const running = new Set<Promise<void>>();

  const withChatLease = async (key: string, update: Update) => {
    const until = () => new Date(clock().getTime() + leaseMs);
    const giveUpAt = Date.now() + leaseWaitMs;
    let held = false;
    for (let retryMs = FIRST_RETRY_MS; ; retryMs = Math.min(retryMs * 2, MAX_RETRY_MS)) {
      try {
        held = await deps.leases.acquire(key, deps.instance, clock(), until());
      } catch (error) {
        deps.logger.warn({ updateId: update.update_id, err: (error as Error).message }, "chat lease unavailable");
      }
      if (held || Date.now() >= giveUpAt) break;
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
    if (!held) deps.logger.warn({ updateId: update.update_id }, "chat lease not obtained in time; handling the update anyway");
    // Renewed while a slow handler (a slow database, a slow Bot API) is still running.
    const renewal = held ? setInterval(() => void deps.leases.renew(key, deps.instance, until()).catch(() => undefined), leaseMs / 3) : undefined;
    try {
      await deps.handle(update);
    } finally {
      clearInterval(renewal);
      if (held) await deps.leases.release(key, deps.instance).catch((error: Error) => deps.logger.warn({ err: error.message }, "chat lease not released; it expires by itself"));
    }
  };

  const handleOne = async (key: string | undefined, update: Update) => {
    try {
      if (key === undefined) await deps.handle(update);
      else await withChatLease(key, update);
    } catch (error) {
      deps.logger.error({ updateId: update.update_id, err: (error as Error)?.message }, "webhook update failed");
    }
  };

  return {
    dispatch(update) {
      const key = chatKeyOf(update);
      const previous = (key !== undefined && chains.get(key)) || Promise.resolve();
      const next = previous.then(() => handleOne(key, update));
      if (key !== undefined) chains.set(key, next);
      running.add(next);
      void next.finally(() => {
        running.delete(next);
        if (key !== undefined && chains.get(key) === next) chains.delete(key);
      });
    },
    async drain(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
      // Chains may grow while draining only if something still dispatches; the caller stopped intake first.
      while (running.size > 0) {
        const settled = await Promise.race([Promise.all([...running]).then(() => true), timeout.then(() => false)]);
        if (!settled) {
          deps.logger.warn({ inFlight: running.size }, "updates still running at shutdown");
          break;
        }
      }
      clearTimeout(timer);
    },
    inFlight: () => running.size,
  };
}
