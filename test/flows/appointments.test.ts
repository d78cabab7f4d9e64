// Appointments, as people do them: the mediator proposes times, the citizen picks one, both get the
// confirmation and a calendar file, reminders follow the clock (moved by hand), then outcome and rating.
import { afterEach, describe, expect, it } from "vitest";
import type { Locale } from "../../src/config.js";
import { dateLabel } from "../../src/bot/conversations/propose-times/propose-times.js";
import { createAppointmentRepository } from "../../src/db/repositories/appointment-repository.js";
import { formatLocalDateTime, localToInstant, planReminders } from "../../src/domain/scheduling.js";
import type { EmulatedUser } from "../support/bot-api-emulator/types.js";
import { databaseTargets } from "../support/databases.js";
import { startFlow, type Flow } from "../support/flow.js";
import { act, fillIntake, label } from "../support/intake-driver.js";
import { activeMediator } from "../support/mediators.js";

const TZ = "Asia/Almaty";
let flow: Flow | undefined;
afterEach(async () => {
  await flow?.stop();
  flow = undefined;
});

/** A fake clock the test sets by hand (Wednesday 25 November 2026, 11:00 in Almaty). */
function clock(start = new Date("2026-11-25T06:00:00Z")) {
  let now = start.getTime();
  return { now: () => new Date(now), set: (d: Date) => (now = d.getTime()) };
}

async function acceptedRequest(f: Flow, ids = { citizen: 8001, mediator: 8101 }, mediatorLocale: Locale = "ru") {
  const mediator = await activeMediator(f, { id: ids.mediator, name: "Асқар Бекұлы", locale: mediatorLocale }, { rayonCodes: ["akmola.burabay"] });
  const citizen = f.emu.user({ id: ids.citizen, first_name: "Айгүл", language_code: "en", phone_number: "+7 701 555 44 33" });
  await act(citizen, () => citizen.sendText("/start"));
  await act(citizen, () => citizen.tap("English"));
  await fillIntake(citizen, "en", { description: { text: "The neighbour's cattle trample our hayfield." }, place: { oblast: "Akmola Region", rayon: /Burabay/ }, phone: { contact: true } });
  await act(citizen, () => citizen.tap(label("en", "intake:summary.submit")));
  await expect.poll(() => mediator.user.lastBotMessage()?.inlineButtons.flat()).toContain(label(mediatorLocale, "offers:card.accept"));
  await act(mediator.user, () => mediator.user.tap(label(mediatorLocale, "offers:card.accept")));
  await expect.poll(() => mediator.user.lastBotMessage()?.inlineButtons.flat()).toContain(label(mediatorLocale, "appointments:proposeButton"));
  const request = await f.app.db.prisma.mediationRequest.findFirstOrThrow({ where: { citizen: { telegramId: BigInt(ids.citizen) } } });
  return { citizen, mediator: mediator.user, request };
}

/** The mediator proposes local (date, time) slots through the date and time pickers. */
async function propose(m: EmulatedUser, locale: Locale, slots: Array<[string, string]>, place = "Akimat of Shchuchinsk, room 12") {
  const L = (key: string) => label(locale, key);
  await act(m, () => m.tap(L("appointments:proposeButton")));
  for (const [index, [date, time]] of slots.entries()) {
    if (index > 0) await act(m, () => m.tap(L("appointments:propose.addMore")));
    await act(m, () => m.tap(dateLabel(date, locale)));
    await act(m, () => m.tap(time));
  }
  if (slots.length < 3) await act(m, () => m.tap(L("appointments:propose.next")));
  await act(m, () => m.tap(L("requests:labels.mode.in_person")));
  await m.sendText(place);
  await m.waitForReply();
  await expect.poll(() => m.lastBotMessage()?.text).toContain(opening(locale, "appointments:propose.sent"));
}

const opening = (locale: Locale, key: string) => label(locale, key).split(/\{\{|<|\n/)[0]!.trim();
const lastText = (u: EmulatedUser) => u.lastBotMessage()?.text ?? "";
const texts = (u: EmulatedUser) => u.messages().filter((m) => m.fromBot).map((m) => m.text ?? "");
const pendingReminders = (f: Flow) =>
  f.app.db.prisma.reminder.findMany({ where: { status: "pending", appointmentId: { not: null } }, orderBy: [{ dueAt: "asc" }, { kind: "asc" }, { recipient: "asc" }], select: { kind: true, recipient: true, dueAt: true } });
const sortPlan = (plan: ReturnType<typeof planReminders>) =>
  [...plan].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.kind.localeCompare(b.kind) || a.recipient.localeCompare(b.recipient));

describe.each(databaseTargets())("appointments on $name", (database) => {
  it("accept → 3 slots → citizen picks the second → both confirmed + .ics → 24 h and 2 h reminders → outcome and rating → completed", async () => {
    const time = clock();
    flow = await startFlow({ database, now: time.now });
    const { citizen, mediator, request } = await acceptedRequest(flow);
    await propose(mediator, "ru", [["2026-11-27", "10:00"], ["2026-11-28", "15:00"], ["2026-11-30", "11:30"]]);

    // The citizen sees the three times in English, and "ask for other times".
    const second = localToInstant("2026-11-28", "15:00", TZ);
    await expect.poll(() => lastText(citizen)).toContain("The mediator proposes times");
    const buttons = citizen.lastBotMessage()!.inlineButtons.flat();
    expect(buttons).toEqual([
      formatLocalDateTime(localToInstant("2026-11-27", "10:00", TZ), "en", TZ),
      formatLocalDateTime(second, "en", TZ),
      formatLocalDateTime(localToInstant("2026-11-30", "11:30", TZ), "en", TZ),
      label("en", "appointments:proposal.otherTimes"),
    ]);
    expect(lastText(citizen)).toContain("Akimat of Shchuchinsk, room 12");
    await citizen.tap(buttons[1]!);

    // Both confirmed with the same local time, each in their own language, and each gets the calendar file.
    await expect.poll(() => texts(citizen).some((t) => t.includes("Meeting confirmed"))).toBe(true);
    await expect.poll(() => texts(mediator).some((t) => t.includes("Встреча подтверждена"))).toBe(true);
    expect(texts(citizen).find((t) => t.includes("Meeting confirmed"))).toContain("Saturday 28 November at 15:00");
    expect(texts(mediator).find((t) => t.includes("Встреча подтверждена"))).toContain("суббота, 28 ноября в 15:00");
    for (const user of [citizen, mediator]) {
      await expect.poll(() => user.messages().find((m) => m.kind === "document")?.document?.fileName).toBe(`kelisim-${request.code}.ics`);
      const ics = user.messages().find((m) => m.kind === "document")!.document!.content!.toString("utf8");
      expect(ics).toContain("DTSTART:20261128T100000Z");
      expect(ics).toContain("DTEND:20261128T110000Z");
    }
    expect(await flow.app.db.prisma.mediationRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({ status: "scheduled" });

    // 24 h before: both reminded; 2 h before: both again.
    time.set(new Date(second.getTime() - 24 * 3_600_000));
    await flow.app.jobs.sendReminders(time.now());
    await expect.poll(() => lastText(citizen)).toContain("your mediation meeting is tomorrow");
    await expect.poll(() => lastText(mediator)).toContain("встреча с медиатором завтра");
    expect(citizen.lastBotMessage()!.inlineButtons.flat()).toEqual([label("en", "appointments:buttons.attend"), label("en", "appointments:buttons.needReschedule")]);
    time.set(new Date(second.getTime() - 2 * 3_600_000));
    await flow.app.jobs.sendReminders(time.now());
    await expect.poll(() => lastText(citizen)).toContain("starts in 2 hours");
    await expect.poll(() => lastText(mediator)).toContain("через 2 часа");
    expect(lastText(citizen)).toContain("Saturday 28 November at 15:00");

    // After the end: the mediator records the outcome, the citizen rates and comments.
    time.set(new Date(second.getTime() + 61 * 60_000));
    await flow.app.jobs.sendReminders(time.now());
    await expect.poll(() => lastText(mediator)).toContain("Чем закончилась встреча");
    await expect.poll(() => lastText(citizen)).toContain("How much did the mediation help you?");
    await act(mediator, () => mediator.tap(label("ru", "appointments:outcome.names.agreement")));
    // "Recorded", then the agreement's terms are asked for (test/flows/agreement-terms.test.ts goes on from there).
    await expect.poll(() => texts(mediator).some((t) => t.includes("Записано"))).toBe(true);
    await act(citizen, () => citizen.tap("4 ⭐"));
    expect(lastText(citizen)).toContain("add a comment");
    await citizen.sendText("Helpful and calm, thank you.");
    await expect.poll(() => lastText(citizen)).toContain("Thank you for your feedback");

    expect(await flow.app.db.prisma.mediationRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({ status: "completed", closedAt: time.now() });
    expect(await flow.app.db.prisma.appointment.findFirstOrThrow({ where: { requestId: request.id } })).toMatchObject({
      status: "completed", outcome: "agreement", rating: 4, ratingComment: "Helpful and calm, thank you.",
    });
    const history = await flow.app.db.prisma.requestStatusChange.findMany({ where: { requestId: request.id }, orderBy: { id: "asc" }, select: { toStatus: true } });
    expect(history.map((h) => h.toStatus).slice(-3)).toEqual(["accepted", "scheduled", "completed"]);
  });
});

describe("changing an appointment", () => {
  it("reschedule moves both reminders; a stale 'pick slot' button is refused politely", async () => {
    const time = clock();
    flow = await startFlow({ now: time.now });
    const { citizen, mediator, request } = await acceptedRequest(flow, { citizen: 8002, mediator: 8102 }, "en");
    await propose(mediator, "en", [["2026-11-27", "10:00"], ["2026-11-28", "15:00"]]);
    await expect.poll(() => lastText(citizen)).toContain("The mediator proposes times");
    const first = localToInstant("2026-11-27", "10:00", TZ);
    await citizen.tap(formatLocalDateTime(first, "en", TZ));
    await expect.poll(() => texts(citizen).some((t) => t.includes("Meeting confirmed"))).toBe(true);
    expect((await pendingReminders(flow)).map((r) => r.dueAt)).toEqual(sortPlan(planReminders(first, 60, time.now())).map((r) => r.dueAt));
    const appointment = await flow.app.db.prisma.appointment.findFirstOrThrow({ where: { requestId: request.id } });

    // The citizen needs another time: the mediator is told and proposes again.
    await act(citizen, () => citizen.tap(label("en", "appointments:buttons.reschedule")));
    expect(lastText(citizen)).toContain("We have told the mediator");
    await expect.poll(() => lastText(mediator)).toContain("The citizen has to move the meeting");
    expect(lastText(mediator)).toContain("Friday 27 November at 10:00");
    expect(await pendingReminders(flow)).toEqual([]);
    expect((await flow.app.db.prisma.mediationRequest.findUniqueOrThrow({ where: { id: request.id } })).status).toBe("accepted");
    await propose(mediator, "en", [["2026-12-02", "09:30"]]);
    await expect.poll(() => citizen.lastBotMessage()?.inlineButtons.flat().length).toBe(2);

    // An old "pick" button (round 1) is refused; nothing changes.
    const oldProposal = citizen.messages().find((m) => m.text?.includes("The mediator proposes times"))!;
    await citizen.sendCallbackData(`ap:k:${appointment.id}:1:1`, { messageId: oldProposal.messageId });
    await expect.poll(() => citizen.callbackAnswers().at(-1)?.text).toBe(label("en", "appointments:answers.stale"));
    expect(await flow.app.db.prisma.appointment.findUniqueOrThrow({ where: { id: appointment.id } })).toMatchObject({ status: "proposed", round: 3 });

    const moved = localToInstant("2026-12-02", "09:30", TZ);
    await citizen.tap(formatLocalDateTime(moved, "en", TZ));
    await expect.poll(async () => (await flow!.app.db.prisma.appointment.findUniqueOrThrow({ where: { id: appointment.id } })).status).toBe("confirmed");
    expect((await pendingReminders(flow)).map((r) => r.dueAt)).toEqual(sortPlan(planReminders(moved, 60, time.now())).map((r) => r.dueAt));
    expect(await flow.app.db.prisma.reminder.count({ where: { appointmentId: appointment.id, status: "cancelled" } })).toBe(7);
  });

  it("cancel with a reason removes the reminders and tells the other side", async () => {
    const time = clock();
    flow = await startFlow({ now: time.now });
    const { citizen, mediator, request } = await acceptedRequest(flow, { citizen: 8003, mediator: 8103 }, "en");
    await propose(mediator, "en", [["2026-11-28", "15:00"]]);
    await expect.poll(() => lastText(citizen)).toContain("The mediator proposes times");
    await citizen.tap(formatLocalDateTime(localToInstant("2026-11-28", "15:00", TZ), "en", TZ));
    await expect.poll(async () => (await pendingReminders(flow!)).length).toBe(7);
    await expect.poll(() => mediator.messages().some((m) => m.kind === "document")).toBe(true);

    await act(mediator, () => mediator.tap(label("en", "appointments:buttons.cancel")));
    await act(mediator, () => mediator.tap(label("en", "appointments:cancel.reasons.illness")));
    expect(lastText(mediator)).toContain("The meeting is cancelled");
    await expect.poll(() => lastText(citizen)).toContain("The mediator cancelled the meeting");
    expect(lastText(citizen)).toContain("Reason: 🤒 Illness");
    expect(await pendingReminders(flow)).toEqual([]);
    expect(await flow.app.db.prisma.appointment.findFirstOrThrow({ where: { requestId: request.id } })).toMatchObject({ status: "cancelled", cancelledBy: "mediator", cancelReason: "illness" });
    expect((await flow.app.db.prisma.mediationRequest.findUniqueOrThrow({ where: { id: request.id } })).status).toBe("accepted");
    // A reminder row claimed anyway (e.g. in flight) is skipped, never sent.
    expect(await flow.app.reminderSender.send({ id: 0, requestId: request.id, appointmentId: (await flow.app.db.prisma.appointment.findFirstOrThrow()).id, kind: "before_2h", recipient: "citizen", dueAt: time.now() }, time.now())).toBe("skip");
  });

  it("outcome 'postponed' sends the request back to proposing", async () => {
    const time = clock();
    flow = await startFlow({ now: time.now });
    const { citizen, mediator, request } = await acceptedRequest(flow, { citizen: 8004, mediator: 8104 }, "en");
    await propose(mediator, "en", [["2026-11-26", "10:00"]]);
    await expect.poll(() => lastText(citizen)).toContain("The mediator proposes times");
    await citizen.tap(/Thursday 26 November/);
    await expect.poll(async () => (await flow!.app.db.prisma.mediationRequest.findUniqueOrThrow({ where: { id: request.id } })).status).toBe("scheduled");
    await expect.poll(() => mediator.messages().some((m) => m.kind === "document")).toBe(true);
    time.set(new Date("2026-11-26T06:00:00Z"));
    await flow.app.jobs.sendReminders(time.now());
    await expect.poll(() => lastText(mediator)).toContain("How did the meeting");
    await act(mediator, () => mediator.tap(label("en", "appointments:outcome.names.postponed")));
    expect(mediator.lastBotMessage()!.inlineButtons.flat()).toEqual([label("en", "appointments:proposeButton")]);
    expect(await flow.app.db.prisma.mediationRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({ status: "accepted", closedAt: null });
    await propose(mediator, "en", [["2026-12-01", "10:00"]]);
    expect(await flow.app.db.prisma.appointment.findMany({ where: { requestId: request.id }, orderBy: { id: "asc" }, select: { status: true, outcome: true } })).toEqual([
      { status: "completed", outcome: "postponed" },
      { status: "proposed", outcome: null },
    ]);
  });
});

describe("appointment repository: who may do what", () => {
  it("refuses every operation to the wrong person, with a code, and changes nothing", async () => {
    const time = clock();
    flow = await startFlow({ now: time.now });
    const { request } = await acceptedRequest(flow, { citizen: 8005, mediator: 8105 }, "en");
    const repo = createAppointmentRepository(flow.app.db.prisma);
    const prisma = flow.app.db.prisma;
    const citizenId = request.citizenId!;
    const mediatorUserId = (await prisma.mediator.findFirstOrThrow({ include: { user: true } })).userId;
    const stranger = (await prisma.user.create({ data: { telegramId: 999_999n, firstName: "Stranger" } })).id;
    const slot = localToInstant("2026-11-28", "15:00", TZ);
    const now = time.now();

    expect(await repo.propose(request.id, citizenId, [slot], "phone", null, now)).toEqual({ ok: false, reason: "not-yours" });
    expect(await repo.propose(request.id, mediatorUserId, [new Date(now.getTime() - 1000)], "phone", null, now)).toEqual({ ok: false, reason: "bad-slots" });
    expect(await repo.proposalContext(request.id, stranger)).toBeNull();
    const proposed = await repo.propose(request.id, mediatorUserId, [slot], "phone", null, now);
    if (!proposed.ok) throw new Error(proposed.reason);
    const id = proposed.appointment.id;
    expect(await repo.pick(id, mediatorUserId, 1, 0, now)).toEqual({ ok: false, reason: "not-yours" });
    expect(await repo.pick(id, citizenId, 2, 0, now)).toEqual({ ok: false, reason: "stale" });
    expect(await repo.pick(id, citizenId, 1, 2, now)).toEqual({ ok: false, reason: "stale" });
    expect(await repo.askOtherTimes(id, stranger, 1, now)).toEqual({ ok: false, reason: "not-yours" });
    expect(await repo.cancel(id, stranger, "x", now)).toEqual({ ok: false, reason: "not-yours" });
    expect(await repo.reschedule(id, stranger, now)).toEqual({ ok: false, reason: "not-yours" });
    expect((await repo.pick(id, citizenId, 1, 0, now)).ok).toBe(true);
    expect(await repo.pick(id, citizenId, 1, 0, now)).toEqual({ ok: false, reason: "stale" });
    expect(await repo.recordOutcome(id, mediatorUserId, "agreement", now)).toEqual({ ok: false, reason: "too-early" });
    const after = new Date(slot.getTime() + 2 * 3_600_000);
    expect(await repo.recordOutcome(id, citizenId, "agreement", after)).toEqual({ ok: false, reason: "not-yours" });
    expect(await repo.recordRating(id, mediatorUserId, 5, null, after)).toEqual({ ok: false, reason: "not-yours" });
    expect(await repo.recordRating(id, citizenId, 6, null, after)).toEqual({ ok: false, reason: "invalid" });
    expect(await repo.addRatingComment(id, citizenId, "before rating", after)).toEqual({ ok: false, reason: "answered" });
    expect((await repo.recordRating(id, citizenId, 5, "Good", after)).ok).toBe(true);
    expect(await repo.recordRating(id, citizenId, 1, null, after)).toEqual({ ok: false, reason: "answered" });
    expect((await repo.recordOutcome(id, mediatorUserId, "partial", after)).ok).toBe(true);
    expect(await repo.recordOutcome(id, mediatorUserId, "agreement", after)).toEqual({ ok: false, reason: "answered" });
    expect(await prisma.appointment.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "completed", outcome: "partial", rating: 5, ratingComment: "Good" });
    expect((await prisma.mediationRequest.findUniqueOrThrow({ where: { id: request.id } })).status).toBe("completed");
  });
});
