// A pacer for message sends under Telegram's limits: at most `perSecond` messages overall, evenly spaced
// (a steady stream rather than bursts, so a sliding one-second window never sees more than the limit), and
// at most one message per chat every `perChatIntervalMs`. Slots are handed out synchronously, in call
// order, so concurrent senders never race for the same slot; a guard on the real release times keeps any
// one-second window at `perSecond` even when timers fire late. The clock and sleep are injectable.

export interface PacerOptions {
  perSecond: number;
  perChatIntervalMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface Pacer {
  /** Waits until this chat may get its next message; the slot is taken when this resolves. */
  acquire(chatId?: number): Promise<void>;
  /** The slot (ms) a call now would get, without taking it (tests). */
  peek(chatId?: number): number;
}

/** Below Telegram's 30 msg/s, leaving room for replies of handlers and for clock jitter. */
export const BROADCAST_MESSAGES_PER_SECOND = 28;
const WINDOW_MARGIN_MS = 2;

export function createPacer(options: PacerOptions): Pacer {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const interval = 1000 / options.perSecond;
  const perChat = options.perChatIntervalMs ?? 1000;
  let nextGlobal = 0;
  const lastByChat = new Map<number, number>();
  const cap = Math.max(1, Math.floor(options.perSecond));
  const releases: number[] = [];

  const slotFor = (chatId: number | undefined, at: number) => {
    const chatReady = chatId === undefined ? 0 : (lastByChat.get(chatId) ?? -Infinity) + perChat;
    return Math.max(at, nextGlobal, chatReady);
  };
  return {
    peek: (chatId) => slotFor(chatId, now()),
    async acquire(chatId) {
      const at = now();
      const slot = slotFor(chatId, at);
      nextGlobal = slot + interval;
      if (chatId !== undefined) {
        lastByChat.set(chatId, slot);
        if (lastByChat.size > 10_000) for (const [id, t] of lastByChat) if (t + perChat < at) lastByChat.delete(id);
      }
      if (slot > at) await sleep(slot - at);
      // Timers fire late when the event loop is busy, and late timers fire together: whatever the schedule
      // said, never release more than `cap` sends within one second (plus a margin) of real release times.
      for (;;) {
        const t = now();
        const oldest = releases.length >= cap ? releases[releases.length - cap]! : undefined;
        if (oldest === undefined || t - oldest >= 1000 + WINDOW_MARGIN_MS - 0.001) break;
        await sleep(Math.max(1, Math.ceil(oldest + 1000 + WINDOW_MARGIN_MS - t)));
      }
      releases.push(now());
      if (releases.length > cap * 4) releases.splice(0, releases.length - cap);
    },
  };
}
