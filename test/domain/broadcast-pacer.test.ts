import { describe, expect, it } from "vitest";
import { createPacer } from "../../src/domain/broadcast-pacer.js";
import { progressFigures } from "../../src/domain/broadcast.js";

function fakeClock() {
  let now = 0;
  const slept: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
    },
    slept,
    advance: (ms: number) => (now += ms),
  };
}

describe("broadcast pacer", () => {
  it("spaces sends evenly at the rate, so no one-second window holds more than the limit", async () => {
    const clock = fakeClock();
    const pacer = createPacer({ perSecond: 28, now: clock.now, sleep: clock.sleep });
    const at: number[] = [];
    for (let i = 0; i < 100; i++) {
      await pacer.acquire(1000 + i);
      at.push(clock.now());
    }
    for (const t of at) expect(at.filter((u) => u >= t && u < t + 999.999).length).toBeLessThanOrEqual(28);
    expect(at.at(-1)).toBeGreaterThanOrEqual((99 * 1000) / 28);
    expect(at.at(-1)).toBeLessThan((99 * 1000) / 28 + 200); // the window guard's margin costs a little
  });

  it("holds a chat to one message per second, without holding up the others", async () => {
    const clock = fakeClock();
    const pacer = createPacer({ perSecond: 28, now: clock.now, sleep: clock.sleep });
    await pacer.acquire(1);
    expect(pacer.peek(2)).toBeCloseTo(1000 / 28, 5);
    expect(pacer.peek(1)).toBe(1000);
    await pacer.acquire(1);
    expect(clock.now()).toBe(1000);
  });

  it("never releases more than the limit within a second, even when timers fire late together", async () => {
    let now = 0;
    const pacer = createPacer({ perSecond: 28, now: () => now, sleep: async (ms) => void (now += ms) });
    const released: number[] = [];
    // A stalled event loop: 40 callers arrive, then the clock jumps past all their slots at once.
    const stalled = createPacer({ perSecond: 28, now: () => now, sleep: async (ms) => void (now += ms) });
    for (let i = 0; i < 40; i++) {
      await stalled.acquire();
      released.push(now);
      if (i === 10) now += 700; // a pause: the next slots are already in the past
    }
    for (const t of released) expect(released.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(28);
    await pacer.acquire();
  });

  it("hands out slots in call order to concurrent callers", async () => {
    const clock = fakeClock();
    const pacer = createPacer({ perSecond: 10, now: clock.now, sleep: async () => undefined });
    const slots = [1, 2, 3].map((chat) => pacer.peek(chat));
    expect(slots).toEqual([0, 0, 0]);
    await Promise.all([pacer.acquire(1), pacer.acquire(2), pacer.acquire(3)]);
    expect(pacer.peek(4)).toBeCloseTo(300, 5);
  });
});

describe("progress figures", () => {
  it("gives rate and ETA from what is done and what remains", () => {
    const f = progressFigures({ pending: 50, sending: 10, sent: 35, blocked: 3, failed: 2, total: 100 }, 4000);
    expect(f).toEqual({ done: 40, remaining: 60, rate: 10, etaSeconds: 6 });
    expect(progressFigures({ pending: 5, sending: 0, sent: 0, blocked: 0, failed: 0, total: 5 }, 0).etaSeconds).toBeNull();
  });
});
