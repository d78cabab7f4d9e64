// The operator digest through the real app and the Bot API emulator, with a fake clock in Asia/Almaty
// (UTC+5): once per local day from DIGEST_TIME, even when two runs race, across the November/December boundary.
import { afterEach, describe, expect, it } from "vitest";
import { databaseTargets } from "../support/databases.js";
import { startFlow, type Flow } from "../support/flow.js";
import { setStatus, startedUser, submitRequest } from "../support/requests.js";

let flow: Flow | undefined;
afterEach(async () => {
  await flow?.stop();
  flow = undefined;
});

function clock(start: string) {
  let now = new Date(start).getTime();
  return { now: () => new Date(now), set: (iso: string) => (now = new Date(iso).getTime()) };
}

describe.each(databaseTargets())("daily digest on $name", (database) => {
  it("reaches every operator once per local day, in their language, from DIGEST_TIME on", async () => {
    const time = clock("2026-11-30T01:00:00Z"); // 06:00 local: before the digest, also at start-up
    flow = await startFlow({ database, now: time.now, env: { OPERATOR_IDS: "9001,9002", TIME_ZONE: "Asia/Almaty", DIGEST_TIME: "08:00" } });
    const prisma = flow.app.db.prisma;
    const [en, ru] = [flow.emu.user({ id: 9001, first_name: "Dana", language_code: "en" }), flow.emu.user({ id: 9002, first_name: "Ольга", language_code: "ru" })];
    for (const op of [en, ru]) await startedUser(prisma, op);
    await prisma.user.update({ where: { telegramId: 9001n }, data: { locale: "en" } });
    await prisma.user.update({ where: { telegramId: 9002n }, data: { locale: "ru" } });
    const digests = (user: typeof en) => user.messages().filter((m) => m.fromBot && /Daily digest|Сводка за день/.test(m.text ?? ""));

    // Cases: a fresh request, an unmatched one, one accepted two days ago with no times proposed, and a
    // session at 10:30 local on 1 December (plus one at 00:30 on 2 December: the same UTC date, not "today").
    const citizenId = (await prisma.user.create({ data: { telegramId: 9_500_000n, firstName: "Айгүл" } })).id;
    const fresh = await submitRequest(prisma, citizenId, new Date("2026-11-29T20:00:00Z"));
    const unmatched = await submitRequest(prisma, citizenId, new Date("2026-11-20T10:00:00Z"));
    await setStatus(prisma, unmatched.id, "unmatched");
    const stuck = await submitRequest(prisma, citizenId, new Date("2026-11-25T10:00:00Z"));
    await prisma.mediationRequest.update({ where: { id: stuck.id }, data: { status: "accepted", acceptedAt: new Date("2026-11-28T09:00:00Z") } });
    const session = { requestId: fresh.id, status: "confirmed", mode: "in_person", slots: "[]", proposedAt: new Date("2026-11-29T21:00:00Z") };
    await prisma.appointment.create({ data: { ...session, startsAt: new Date("2026-12-01T05:30:00Z") } });
    await prisma.appointment.create({ data: { ...session, startsAt: new Date("2026-12-01T19:30:00Z") } });

    time.set("2026-11-30T02:59:00Z"); // 07:59 local
    expect(await flow.app.jobs.dailyDigest(time.now())).toEqual({ status: "not-yet" });
    time.set("2026-11-30T03:00:00Z"); // 08:00 local: two runs at once (two instances), one digest
    const runs = await Promise.all([flow.app.jobs.dailyDigest(time.now()), flow.app.jobs.dailyDigest(time.now())]);
    expect(runs.filter((r) => r.status === "sent").length).toBeLessThanOrEqual(1); // the per-minute cron may win
    await expect.poll(() => digests(en).length + digests(ru).length).toBe(2);
    const first = digests(en)[0]!.text!;
    expect(first).toContain("Daily digest — Monday 30 November");
    expect(first).toContain("1 new request in the last 24 hours");
    expect(first).toContain(unmatched.code);
    expect(first).toContain(`${stuck.code} — the mediator has not proposed times for over a day`);
    expect(first).toContain("0 sessions today");
    expect(digests(ru)[0]!.text).toContain("Сводка за день — понедельник, 30 ноября");

    time.set("2026-11-30T18:30:00Z"); // 23:30 local, same day
    expect(await flow.app.jobs.dailyDigest(time.now())).toEqual({ status: "already-sent" });
    time.set("2026-11-30T19:30:00Z"); // 00:30 local on 1 December (30 November in UTC)
    expect(await flow.app.jobs.dailyDigest(time.now())).toEqual({ status: "not-yet" });
    time.set("2026-12-01T02:59:00Z");
    expect(await flow.app.jobs.dailyDigest(time.now())).toEqual({ status: "not-yet" });

    // A restart before 08:00: start-up runs every job once (still not time); then 08:00 local, 1 December.
    await flow.restart({ now: time.now });
    time.set("2026-12-01T03:00:00Z");
    await Promise.all([flow.app.jobs.dailyDigest(time.now()), flow.app.jobs.dailyDigest(time.now())]);
    await expect.poll(() => digests(en).length + digests(ru).length).toBe(4);
    const second = digests(en)[1]!.text!;
    expect(second).toContain("Daily digest — Tuesday 1 December");
    expect(second).toContain(`1 session today\n• 10:30 ${fresh.code}`);
    expect(digests(ru)[1]!.text).toContain("1 встреча сегодня");
    expect(await prisma.digestRun.findMany({ orderBy: { date: "asc" }, select: { date: true } })).toEqual([{ date: "2026-11-30" }, { date: "2026-12-01" }]);
    await new Promise((r) => setTimeout(r, 200));
    expect(digests(en).length + digests(ru).length).toBe(4);
  });
});
