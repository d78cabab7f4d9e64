// A pacer for message sends under Telegram's limits: at most `perSecond` messages overall, evenly spaced
// (a steady stream rather than bursts; slots missed by less than half a second are caught up), and at most
// one message per chat every `perChatIntervalMs`. Slots are handed out synchronously, in call order, so
// concurrent senders never race for the same slot.
//
// The schedule alone cannot keep the limit: timers fire late when the event loop or the machine is busy,
// late timers fire together, and what counts for Telegram is when requests arrive, not when a timer fired.
// So every send also passes two rolling windows of ACTUAL dispatch times, both checked right before the
// request is started — nothing awaited between the check and the start, so no stall can come in between:
// - started: at most `perSecond` within any second (plus a margin) of the times the starts returned;
// - at the server: a request counts from its start until its answer (or error) came back, and for a
//   second after that. The server receives a request after it was started and before it answers, so
//   however late either side reads or writes, it never sees more than `perSecond + 1` within a second
//   (Telegram allows 30) — an event-loop stall, here or in the server, cannot make a burst of 429s.
// The clock and sleep are injectable.

export interface PacerOptions {
  perSecond: number;
  perChatIntervalMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface Pacer {
  /** Waits until this chat may get its next message; the slot is taken (and counted) when this resolves. */
  acquire(chatId?: number): Promise<void>;
  /**
   * Waits for this chat's slot and for room in both windows, then calls `start` (which must begin the
   * request synchronously, e.g. a grammY transformer's `prev`) in the same synchronous step as the last
   * check; the request counts as started once `start` returned, and at the server until its promise settles.
   */
  dispatch<T>(chatId: number | undefined, start: () => T): Promise<T>;
  /** The slot (ms) a call now would get, without taking it (tests). */
  peek(chatId?: number): number;
}

/** Below Telegram's 30 msg/s, leaving room for replies of handlers and for clock jitter. */
export const BROADCAST_MESSAGES_PER_SECOND = 28;
const WINDOW_MARGIN_MS = 2;
/** How far behind the schedule may fall and still catch up (a few sends at once, within the windows). */
const CATCH_UP_MS = 500;
/** How often a sender rechecks while every counted request is still in flight (rare: answers take ms). */
const IN_FLIGHT_POLL_MS = 5;

const defaultNow = () => performance.now(); // monotonic: a wall-clock step must not open the window
const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface RollingWindow {
  /** Ms until one more fits (0: now): fewer than `limit` in flight or recorded within the last `windowMs`. */
  wait(): number;
  /** One more counts from now, in flight until the returned function records it (at that moment). */
  open(): () => void;
  /** Waits for room, then calls `start` at once (no await in between) and records it once `start` returned. */
  run<T>(start: () => T): Promise<T>;
  /** Recorded times, oldest first, of those still within the window or not yet pruned (tests). */
  recorded(): readonly number[];
}

/** At most `limit` within any `windowMs`, counting those opened and not yet recorded. */
export function createRollingWindow(options: { limit: number; windowMs: number; now?: () => number; sleep?: (ms: number) => Promise<void> }): RollingWindow {
  const now = options.now ?? defaultNow;
  const sleep = options.sleep ?? defaultSleep;
  const limit = Math.max(1, Math.floor(options.limit));
  const times: number[] = []; // ascending
  let inFlight = 0;
  const wait = (): number => {
    const t = now();
    let expired = 0;
    while (expired < times.length && times[expired]! <= t - options.windowMs) expired++;
    if (expired > limit * 4) {
      times.splice(0, expired - limit); // bounded memory; a few old ones stay for recorded()
      expired = limit;
    }
    const counted = inFlight + times.length - expired;
    if (counted < limit) return 0;
    // The oldest recorded times must leave the window until one more fits; in-flight ones leave only once
    // recorded, so when they alone fill it, check again shortly.
    const index = expired + (counted - limit);
    return index < times.length ? times[index]! + options.windowMs - t : IN_FLIGHT_POLL_MS;
  };
  const open = () => {
    inFlight++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      inFlight--;
      times.push(Math.max(now(), times.at(-1) ?? -Infinity)); // kept ascending
    };
  };
  return {
    wait,
    open,
    recorded: () => times,
    async run(start) {
      for (let ms = wait(); ms > 0; ms = wait()) await sleep(Math.max(1, Math.ceil(ms)));
      // The check above and the start below are one synchronous step: another waiter cannot slip in, and a
      // stall (GC, a busy machine) can only make this dispatch later than the check, never earlier.
      const record = open();
      try {
        return start();
      } finally {
        record();
      }
    },
  };
}

export function createPacer(options: PacerOptions): Pacer {
  const now = options.now ?? defaultNow;
  const sleep = options.sleep ?? defaultSleep;
  const interval = 1000 / options.perSecond;
  const perChat = options.perChatIntervalMs ?? 1000;
  let nextGlobal = -Infinity;
  const lastByChat = new Map<number, number>();
  const started = createRollingWindow({ limit: options.perSecond, windowMs: 1000 + WINDOW_MARGIN_MS, now, sleep });
  const atServer = createRollingWindow({ limit: Math.floor(options.perSecond) + 1, windowMs: 1000 + WINDOW_MARGIN_MS, now, sleep });

  // A slot nobody was waiting for (every sender busy with the database, or the process not scheduled) is
  // owed for up to CATCH_UP_MS and goes out as soon as a sender comes — the windows still cap the pace —
  // so a busy machine costs less throughput; after a longer pause the schedule starts afresh from now.
  const slotFor = (chatId: number | undefined, at: number) => {
    const chatReady = chatId === undefined ? -Infinity : (lastByChat.get(chatId) ?? -Infinity) + perChat;
    return Math.max(nextGlobal < at - CATCH_UP_MS ? at : nextGlobal, chatReady);
  };
  /** Takes this chat's next slot on the even schedule and waits for it. */
  const scheduled = async (chatId: number | undefined) => {
    const at = now();
    const slot = slotFor(chatId, at);
    nextGlobal = slot + interval;
    if (chatId !== undefined) {
      lastByChat.set(chatId, slot);
      if (lastByChat.size > 10_000) for (const [id, t] of lastByChat) if (t + perChat < at) lastByChat.delete(id);
    }
    if (slot > at) await sleep(slot - at);
  };
  return {
    peek: (chatId) => slotFor(chatId, now()),
    async acquire(chatId) {
      await scheduled(chatId);
      await started.run(() => undefined);
    },
    async dispatch<T>(chatId: number | undefined, start: () => T): Promise<T> {
      await scheduled(chatId);
      for (let ms = Math.max(started.wait(), atServer.wait()); ms > 0; ms = Math.max(started.wait(), atServer.wait())) await sleep(Math.max(1, Math.ceil(ms)));
      // One synchronous step from the checks above to the start (see createRollingWindow's run).
      const answered = atServer.open();
      const recordStart = started.open();
      let result: T;
      try {
        result = start();
      } catch (error) {
        answered();
        throw error;
      } finally {
        recordStart();
      }
      if (isThenable(result)) result.then(answered, answered);
      else answered();
      return result;
    },
  };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === "function";
}
