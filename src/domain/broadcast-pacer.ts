// A pacer for message sends under Telegram's limits: at most `perSecond` messages overall, evenly spaced
// (a steady stream rather than bursts), and at most one message per chat every `perChatIntervalMs`. Slots
// are handed out synchronously, in call order, so concurrent senders never race for the same slot.
//
// The schedule alone cannot keep the limit: timers fire late when the event loop or the machine is busy,
// late timers fire together, and what counts for Telegram is when requests leave, not when a timer fired.
// So every send also passes a rolling window of ACTUAL dispatch times (createRollingWindow): checked right
// before the request is started — nothing awaited between the check and the start, so no stall can come in
// between — and recorded once the start has returned, never earlier than the request left. A stall then
// delays sends; it can never release more than the limit within any one-second window. The clock and
// sleep are injectable.

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
   * Waits for this chat's slot and for room in the rolling window, then calls `start` (which must begin
   * the request synchronously, e.g. a grammY transformer's `prev`) in the same synchronous step as the
   * window's last check, and records the dispatch once `start` has returned.
   */
  dispatch<T>(chatId: number | undefined, start: () => T): Promise<T>;
  /** The slot (ms) a call now would get, without taking it (tests). */
  peek(chatId?: number): number;
}

/** Below Telegram's 30 msg/s, leaving room for replies of handlers and for clock jitter. */
export const BROADCAST_MESSAGES_PER_SECOND = 28;
const WINDOW_MARGIN_MS = 2;

const defaultNow = () => performance.now(); // monotonic: a wall-clock step must not open the window
const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface RollingWindow {
  /**
   * Waits until fewer than `limit` dispatches were recorded within the last `windowMs`, then calls
   * `start` at once (no await in between) and records the time after it returned.
   */
  run<T>(start: () => T): Promise<T>;
  /** Recorded dispatch times, oldest first (tests). */
  recorded(): readonly number[];
}

/** At most `limit` dispatches in any `windowMs` of recorded (actual) dispatch times. */
export function createRollingWindow(options: { limit: number; windowMs: number; now?: () => number; sleep?: (ms: number) => Promise<void> }): RollingWindow {
  const now = options.now ?? defaultNow;
  const sleep = options.sleep ?? defaultSleep;
  const limit = Math.max(1, Math.floor(options.limit));
  const times: number[] = [];
  /** Ms until the window has room (0: room now). */
  const wait = (): number => {
    if (times.length < limit) return 0;
    return Math.max(0, times[times.length - limit]! + options.windowMs - now());
  };
  return {
    recorded: () => times,
    async run(start) {
      for (let ms = wait(); ms > 0; ms = wait()) await sleep(Math.max(1, Math.ceil(ms)));
      // The check above and the start below are one synchronous step: another waiter cannot slip in, and a
      // stall (GC, a busy machine) can only make this dispatch later than the check, never earlier.
      const result = start();
      times.push(Math.max(now(), times.at(-1) ?? -Infinity)); // kept ascending
      if (times.length > limit * 4) times.splice(0, times.length - limit);
      return result;
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
  const window = createRollingWindow({ limit: options.perSecond, windowMs: 1000 + WINDOW_MARGIN_MS, now, sleep });

  const slotFor = (chatId: number | undefined, at: number) => {
    const chatReady = chatId === undefined ? -Infinity : (lastByChat.get(chatId) ?? -Infinity) + perChat;
    return Math.max(at, nextGlobal, chatReady);
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
      await window.run(() => undefined);
    },
    async dispatch(chatId, start) {
      await scheduled(chatId);
      return window.run(start);
    },
  };
}
