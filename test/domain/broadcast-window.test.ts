// The broadcast pacer's rolling window of actual dispatch times, on a fake clock and fake timers: an event
// loop that stalls makes every due timer fire late and together; the window must still let no more than the
// limit leave within any one second, counting when requests actually left.
import { describe, expect, it } from "vitest";
import { createPacer, createRollingWindow } from "../../src/domain/broadcast-pacer.js";

/** A fake clock with timers; `run` fires them in time order, and once jumps the clock (a stall). */
function fakeLoop() {
  let now = 0;
  let timers: { at: number; resolve: () => void }[] = [];
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve)); // every continuation runs
  return {
    now: () => now,
    advance: (ms: number) => void (now += ms),
    sleep: (ms: number) => new Promise<void>((resolve) => timers.push({ at: now + ms, resolve })),
    async run(stall: { at: number; ms: number }) {
      let stalled = false;
      for (await settle(); timers.length > 0; await settle()) {
        now = Math.max(now, Math.min(...timers.map((t) => t.at)));
        if (!stalled && now >= stall.at) {
          stalled = true;
          now += stall.ms; // nothing ran meanwhile: every timer due by now fires at once, late
        }
        const due = timers.filter((t) => t.at <= now);
        timers = timers.filter((t) => t.at > now);
        for (const t of due) t.resolve();
      }
    },
  };
}

/** The most times within any half-open window [t, t + ms). */
function mostWithin(times: readonly number[], ms: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[j]! < sorted[i]! - ms + 1e-9) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe("broadcast rolling window", () => {
  it("after a stall, many sends at once never put more than the limit in any second of actual dispatch times", async () => {
    const loop = fakeLoop();
    const pacer = createPacer({ perSecond: 28, now: loop.now, sleep: loop.sleep });
    const started: number[] = [];
    const left: number[] = [];
    const sends = Array.from({ length: 200 }, (_, i) =>
      pacer.dispatch(10_000 + i, () => {
        started.push(loop.now());
        if (i % 37 === 5) loop.advance(250); // this request leaves late (a stall inside the send itself)
        left.push(loop.now());
        return i;
      }),
    );
    await loop.run({ at: 1500, ms: 3000 }); // 1.5 s in, the loop stalls for 3 s: ~100 slots are overdue
    expect(await Promise.all(sends)).toEqual(Array.from({ length: 200 }, (_, i) => i));

    expect(mostWithin(left, 1000)).toBeLessThanOrEqual(28);
    expect(mostWithin(started, 1000)).toBeLessThanOrEqual(28);
    // The stall's backlog went out as fast as the window allows (the limit reached, not a trickle).
    expect(mostWithin(left, 1000)).toBe(28);
    expect(loop.now()).toBeLessThan(4500 + ((200 - 53) / 28) * 1002 + 1500);
  });

  it("counts a request until its answer came back: the server never sees more than the limit + 1 in a second", async () => {
    const loop = fakeLoop();
    const pacer = createPacer({ perSecond: 28, now: loop.now, sleep: loop.sleep });
    let seed = 7;
    const latency = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) % 400) + 1; // 1–400 ms, deterministic
    const spans: { start: number; answered: number }[] = [];
    const sends = Array.from({ length: 150 }, (_, i) =>
      pacer.dispatch(20_000 + i, () => {
        const span = { start: loop.now(), answered: Infinity };
        spans.push(span);
        return loop.sleep(latency()).then(() => {
          span.answered = loop.now();
          return i;
        });
      }),
    );
    await loop.run({ at: 1200, ms: 2500 });
    expect(await Promise.all(sends)).toEqual(Array.from({ length: 150 }, (_, i) => i));
    // The server reads each request at some moment between its start and its answer, whichever: for the
    // latest-started request it reads within a second, every other one it reads in that second was started
    // before and answered less than a second before that start — at most 28 such others.
    for (const [i, span] of spans.entries()) {
      expect(spans.slice(0, i).filter((other) => other.answered > span.start - 1000).length).toBeLessThanOrEqual(28);
    }
    expect(mostWithin(spans.map((s) => s.start), 1000)).toBeLessThanOrEqual(28);
  });

  it("checks the window right before each start and records the time after it", async () => {
    let now = 0;
    const slept: number[] = [];
    const window = createRollingWindow({ limit: 2, windowMs: 1000, now: () => now, sleep: async (ms) => void (slept.push(ms), (now += ms)) });
    await window.run(() => (now += 400)); // a start that takes 400 ms: recorded at 400, not 0
    await window.run(() => undefined); // at 400
    expect(window.recorded()).toEqual([400, 400]);
    await window.run(() => undefined); // full: waits until 1400 — a second after the first actually left
    expect(slept).toEqual([1000]);
    expect(window.recorded()).toEqual([400, 400, 1400]);
  });

  it("lets concurrent waiters through one at a time, each seeing the one before", async () => {
    const loop = fakeLoop();
    const window = createRollingWindow({ limit: 3, windowMs: 1000, now: loop.now, sleep: loop.sleep });
    const runs = Array.from({ length: 10 }, (_, i) => window.run(() => i));
    await loop.run({ at: Infinity, ms: 0 });
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(mostWithin(window.recorded(), 1000)).toBe(3);
    expect(window.recorded()).toEqual([0, 0, 0, 1000, 1000, 1000, 2000, 2000, 2000, 3000]);
  });

  it("owes slots nobody was waiting for, for half a second: a late sender goes at once; after a pause it starts afresh", async () => {
    let now = 0;
    const pacer = createPacer({ perSecond: 20, now: () => now, sleep: async (ms) => void (now += ms) });
    await pacer.dispatch(1, () => undefined); // slot 0; the next at 50
    now = 300; // the senders were busy elsewhere: the slots at 50…250 passed unused
    expect(pacer.peek(2)).toBe(50);
    for (let chat = 2; chat <= 6; chat++) await pacer.dispatch(chat, () => undefined);
    expect(now).toBe(300); // five owed slots, sent at once
    now = 2000; // a long pause: nothing owed any more
    expect(pacer.peek(7)).toBe(2000);
  });
});
