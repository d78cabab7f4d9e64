// The procedure clock through the real app and the Bot API emulator, with a fake clock: a case whose first
// held session was on 1 November is quiet on day 24, reminds its mediator once on day 25 (also when two runs
// race and after a restart), and is listed in the operators' digest on day 31.
import { afterEach, describe, expect, it } from "vitest";
import { databaseTargets } from "../support/databases.js";
import { startFlow, type Flow } from "../support/flow.js";
import { activeMediator } from "../support/mediators.js";
import { startedUser, submitRequest } from "../support/requests.js";

let flow: Flow | undefined;
afterEach(async () => {
  await flow?.stop();
  flow = undefined;
});

const DAY = 86_400_000;
const FIRST_SESSION = new Date("2026-11-01T06:00:00Z"); // 11:00 in Asia/Almaty
const onDay = (day: number, hours = 0) => new Date(FIRST_SESSION.getTime() + day * DAY + hours * 3_600_000);

describe.each(databaseTargets())("procedure clock on $name", (database) => {
  it("reminds the mediator once on day 25, never twice, and the digest lists the case from day 30", async () => {
    let now = onDay(24, 23).getTime();
    flow = await startFlow({ database, now: () => new Date(now), env: { OPERATOR_IDS: "9101", TIME_ZONE: "Asia/Almaty", DIGEST_TIME: "08:00" } });
    const prisma = flow.app.db.prisma;
    const operator = flow.emu.user({ id: 9101, first_name: "Dana", language_code: "en" });
    await startedUser(prisma, operator);
    await prisma.user.update({ where: { telegramId: 9101n }, data: { locale: "en" } });
    const { user: mediator, mediatorId } = await activeMediator(flow, { id: 9201, name: "Серік", locale: "ru" }, { rayonCodes: ["akmola.burabay"] });
    const citizenId = (await prisma.user.create({ data: { telegramId: 9_600_000n, firstName: "Айгүл" } })).id;

    // The case: a no-show on 25 October (not a held session), then the first held session on 1 November,
    // postponed; a second session confirmed for later. A closed case with an old session is never counted.
    const open = await submitRequest(prisma, citizenId, new Date("2026-10-20T10:00:00Z"));
    await prisma.mediationRequest.update({ where: { id: open.id }, data: { status: "scheduled", mediatorId, acceptedAt: new Date("2026-10-21T10:00:00Z") } });
    const session = { requestId: open.id, mode: "in_person", slots: "[]", proposedAt: new Date("2026-10-21T11:00:00Z") };
    await prisma.appointment.create({ data: { ...session, status: "completed", startsAt: new Date("2026-10-25T06:00:00Z"), outcome: "no_show", outcomeAt: new Date("2026-10-25T08:00:00Z") } });
    await prisma.appointment.create({ data: { ...session, status: "completed", startsAt: FIRST_SESSION, outcome: "postponed", outcomeAt: onDay(0, 2) } });
    await prisma.appointment.create({ data: { ...session, status: "confirmed", startsAt: onDay(26) } });
    const closed = await submitRequest(prisma, citizenId, new Date("2026-10-20T11:00:00Z"));
    await prisma.mediationRequest.update({ where: { id: closed.id }, data: { status: "completed", mediatorId, closedAt: onDay(1) } });
    await prisma.appointment.create({ data: { ...session, requestId: closed.id, status: "completed", startsAt: new Date("2026-10-22T06:00:00Z"), outcome: "agreement", outcomeAt: new Date("2026-10-22T08:00:00Z") } });

    const reminders = () => mediator.messages().filter((m) => m.fromBot && (m.text ?? "").includes("день медиации"));

    // Day 24 and 23 hours: nothing.
    expect(await flow.app.jobs.procedureClock(new Date(now))).toEqual({ due: 0, claimed: 0, sent: 0 });

    // Day 25: two runs at once (two instances) send one reminder between them.
    now = onDay(25).getTime();
    const runs = await Promise.all([flow.app.jobs.procedureClock(new Date(now)), flow.app.jobs.procedureClock(new Date(now))]);
    expect(runs.reduce((sum, r) => sum + r.claimed, 0)).toBeLessThanOrEqual(1); // the cron may have won
    await expect.poll(() => reminders().length).toBe(1);
    const [reminder] = reminders();
    expect(reminder!.text).toContain(`Дело ${open.code}: 25-й день медиации`);
    expect(reminder!.text).toContain("Первая встреча: 1 ноября 2026 г.");
    expect(reminder!.text).toContain("обычно завершается примерно за 30 дней");
    expect(reminder!.inlineButtons).toEqual([["📂 Мои дела"]]);
    expect((await prisma.mediationRequest.findUniqueOrThrow({ where: { id: open.id } })).procedureRemindedAt).toEqual(onDay(25));

    // A restart (start-up runs every job once) and later runs: no second reminder.
    now = onDay(26).getTime();
    await flow.restart({ now: () => new Date(now) });
    expect(await flow.app.jobs.procedureClock(new Date(now))).toEqual({ due: 0, claimed: 0, sent: 0 });
    await new Promise((r) => setTimeout(r, 200));
    expect(reminders()).toHaveLength(1);

    // The button opens the mediator's own cases.
    await mediator.tap("📂 Мои дела");
    const [cases] = await mediator.waitForReply();
    expect(cases?.text).toContain(open.code);

    // The digests sent at start-up (26 and 27 November, days 24 and 26) do not list it yet.
    const digests = () => operator.messages().filter((m) => m.fromBot && (m.text ?? "").includes("Daily digest"));
    await expect.poll(() => digests().some((d) => d.text!.includes("Daily digest — Friday 27 November"))).toBe(true);
    for (const early of digests()) expect(early.text).not.toContain("since the first session");

    // Day 31, 08:00 local on 3 December: the operators' digest lists the open case (not the closed one).
    now = new Date("2026-12-03T03:00:00Z").getTime();
    await flow.app.jobs.dailyDigest(new Date(now));
    const latest = () => digests().find((d) => d.text!.includes("Daily digest — Thursday 3 December"));
    await expect.poll(() => latest() !== undefined).toBe(true);
    const text = latest()!.text!;
    expect(text).toContain(`1 case: 30 days or more since the first session, and no outcome yet\n• ${open.code} — Burabay District, day 31`);
    expect(text).not.toContain(closed.code);
  });
});
