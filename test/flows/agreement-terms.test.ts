// The agreement recorded as terms, as people do it (both databases, fake clock): a held session → the
// mediator taps "agreement" → two terms (one typed, due in 3 days, with an amount; one spoken, no date), with
// one Back and one Edit on the way → Done → the citizen's chat has the terms in their language, the spoken
// term and the PDF draft; one first "Was this done?" is planned for the dated term, the day after at 10:00.
import { afterEach, describe, expect, it } from "vitest";
import { formatDueDate, formatTenge } from "../../src/bot/conversations/agreement-terms/term-lines.js";
import { formatDayLabel } from "../../src/bot/helpers/format-date.js";
import { createAppointmentRepository } from "../../src/db/repositories/appointment-repository.js";
import { localToInstant } from "../../src/domain/scheduling.js";
import { CONVERSATION_STATE_MAX_BYTES } from "../../src/app.js";
import { TERM_ACTION_MAX_LENGTH } from "../../src/domain/agreement.js";
import type { EmulatedUser } from "../support/bot-api-emulator/types.js";
import { databaseTargets } from "../support/databases.js";
import { startFlow, type Flow } from "../support/flow.js";
import { act, label } from "../support/intake-driver.js";
import { activeMediator } from "../support/mediators.js";
import { startedUser, submitRequest } from "../support/requests.js";

const TZ = "Asia/Almaty";
const CITIZEN_NAME = "Айгүл Серікқызы"; // the contact name of the stored request (test/support/requests.ts)
let flow: Flow | undefined;
afterEach(async () => {
  await flow?.stop();
  flow = undefined;
});

function clock(start: Date) {
  let now = start.getTime();
  return { now: () => new Date(now), set: (d: Date) => (now = d.getTime()) };
}

const texts = (u: EmulatedUser) => u.messages().filter((m) => m.fromBot).map((m) => m.text ?? "");
const lastText = (u: EmulatedUser) => u.lastBotMessage()?.text ?? "";
const opening = (locale: "kk" | "ru" | "en", key: string) => label(locale, key).split(/\{\{|<|\n/)[0]!.trim();

/** A session held this morning (10:00 local) between a kk citizen and a ru mediator; the outcome is asked. */
async function heldSession(f: Flow, time: ReturnType<typeof clock>) {
  const prisma = f.app.db.prisma;
  const mediator = await activeMediator(f, { id: 8701, name: "Асқар Бекұлы", locale: "ru" }, { rayonCodes: ["akmola.burabay"] });
  const citizen = f.emu.user({ id: 8601, first_name: "Айгүл", language_code: "kk" });
  const citizenId = await startedUser(prisma, citizen);
  await prisma.user.update({ where: { id: citizenId }, data: { locale: "kk" } });
  const request = await submitRequest(prisma, citizenId, time.now());
  await prisma.mediationRequest.update({ where: { id: request.id }, data: { status: "accepted", mediatorId: mediator.mediatorId, acceptedAt: time.now() } });
  const mediatorUserId = (await prisma.mediator.findUniqueOrThrow({ where: { id: mediator.mediatorId } })).userId;
  const appointments = createAppointmentRepository(prisma);
  const start = localToInstant("2026-12-04", "10:00", TZ);
  const proposed = await appointments.propose(request.id, mediatorUserId, [start], "in_person", "Akimat, room 12", time.now());
  if (!proposed.ok) throw new Error(`propose: ${proposed.reason}`);
  const picked = await appointments.pick(proposed.appointment.id, citizenId, proposed.appointment.round, 0, time.now());
  if (!picked.ok) throw new Error(`pick: ${picked.reason}`);
  // An hour after the start the mediator is asked how it ended.
  time.set(new Date(start.getTime() + 65 * 60_000));
  await f.app.jobs.sendReminders(time.now());
  await expect.poll(() => mediator.user.lastBotMessage()?.inlineButtons.flat()).toContain(label("ru", "appointments:outcome.names.agreement"));
  return { mediator: mediator.user, citizen, requestId: request.id, appointmentId: proposed.appointment.id };
}

describe.each(databaseTargets())("agreement terms on $name", (database) => {
  it("agreement → two terms with Back and Edit → Done → the citizen gets the terms and the PDF draft", async () => {
    // Friday 4 December 2026, 07:00 in Almaty.
    const time = clock(new Date("2026-12-04T02:00:00Z"));
    flow = await startFlow({ database, now: time.now });
    const { mediator: m, citizen, requestId, appointmentId } = await heldSession(flow, time);
    const L = (key: string) => label("ru", key);

    await act(m, () => m.tap(L("appointments:outcome.names.agreement")));
    // The outcome message (with its "Record the terms" button), then the first question.
    await expect.poll(() => lastText(m)).toContain("Пункт 1 соглашения");
    expect(texts(m).at(-2)).toContain(opening("ru", "appointments:outcome.done"));
    expect(m.messages().at(-2)?.inlineButtons.flat()).toEqual([L("agreement:buttons.record")]);
    expect(m.lastBotMessage()!.inlineButtons.flat()).toEqual([CITIZEN_NAME, L("agreement:party.otherParty"), L("agreement:party.both"), L("agreement:buttons.cancel")]);

    // Term 1: the other party repairs the fence by Monday (3 days), 150 000 ₸; one Back on the way.
    await act(m, () => m.tap(L("agreement:party.otherParty")));
    expect(lastText(m)).toContain("Исполняет: Другая сторона");
    await act(m, () => m.sendText("Жөндейді қоршауды <шығыс жағы>"));
    await act(m, () => m.tap(L("agreement:buttons.back")));
    expect(lastText(m)).toContain("Что нужно сделать?");
    await act(m, () => m.sendText("Қоршауды жөндейді <шығыс жағы>"));
    await act(m, () => m.sendText("31.02.2026"));
    expect(texts(m).at(-2)).toContain(opening("ru", "agreement:hints.date"));
    await act(m, () => m.tap(formatDayLabel("2026-12-07", "ru")));
    await act(m, () => m.sendText("сто тысяч"));
    expect(texts(m).at(-2)).toContain(opening("ru", "agreement:hints.amount"));
    await act(m, () => m.sendText("150 000"));
    expect(lastText(m)).toContain("Пункты соглашения");
    expect(lastText(m)).toContain("Қоршауды жөндейді <шығыс жағы>");

    // Term 2: both, spoken, no date, no amount.
    await act(m, () => m.tap(L("agreement:buttons.add")));
    await act(m, () => m.tap(L("agreement:party.both")));
    await act(m, () => m.sendVoice(6));
    await act(m, () => m.tap(L("agreement:buttons.noDate")));
    await act(m, () => m.tap(L("agreement:buttons.noAmount")));
    expect(lastText(m)).toContain("2. Обе стороны — 🎤 сказано голосом (6 с); без срока");

    // Edit term 1: it is the citizen's after all; the rest kept as it was.
    await act(m, () => m.tap(L("agreement:buttons.edit")));
    await act(m, () => m.tap("1"));
    expect(lastText(m)).toContain("Изменение пункта 1");
    await act(m, () => m.tap(CITIZEN_NAME));
    await act(m, () => m.tap(L("agreement:buttons.keep")));
    await act(m, () => m.tap(new RegExp(`^${label("ru", "agreement:buttons.keepValue").split("{{")[0]}`)));
    await act(m, () => m.tap(new RegExp(`^${label("ru", "agreement:buttons.keepValue").split("{{")[0]}.*₸`)));
    expect(lastText(m)).toContain(`1. ${CITIZEN_NAME} — Қоршауды жөндейді <шығыс жағы>; срок: ${formatDueDate("2026-12-07", "ru")}; сумма: ${formatTenge(150_000, "ru")}`);

    // The replay log stays small: the stored state of the open conversation, before Done.
    const stored = await flow.app.db.prisma.storageEntry.findUnique({ where: { key: `conversation:${m.id}` } });
    expect(Buffer.byteLength(stored?.value ?? "", "utf8")).toBeGreaterThan(0);
    expect(Buffer.byteLength(stored!.value, "utf8")).toBeLessThan(24 * 1024);

    await act(m, () => m.tap(L("agreement:buttons.done")));
    await expect.poll(() => lastText(m)).toContain("сохранены: 2");
    expect(lastText(m)).toContain(opening("ru", "agreement:sentCitizen"));

    // The citizen: the terms in Kazakh, the spoken term itself, and the PDF draft with its caption.
    await expect.poll(() => citizen.messages().some((x) => x.kind === "document")).toBe(true);
    const terms = texts(citizen).find((t) => t.includes("Келісім тармақтары"))!;
    expect(terms).toContain(`1. ${CITIZEN_NAME} — Қоршауды жөндейді <шығыс жағы>; мерзімі: ${formatDueDate("2026-12-07", "kk")}; сомасы: ${formatTenge(150_000, "kk")}`);
    expect(terms).toContain("2. Екі тарап та — 🎤 дауыспен айтылды (6 сек.); мерзімсіз");
    expect(terms).toContain("Медиатор: Асқар Бекұлы");
    expect(citizen.messages().filter((x) => x.kind === "voice")).toHaveLength(1);
    const pdf = citizen.messages().find((x) => x.kind === "document")!;
    expect(pdf.document?.fileName).toMatch(/\.pdf$/);
    expect(pdf.document?.content?.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdf.text).toContain(opening("kk", "agreement:delivery.pdfCaption"));

    // Saved once, with one first question (the citizen; the other party never joined) the day after 7 December.
    const saved = await flow.app.db.prisma.agreementTerm.findMany({ where: { requestId }, orderBy: { position: "asc" }, select: { appointmentId: true, party: true, action: true, dueDate: true, amountTenge: true, voiceFileId: true } });
    expect(saved.map((t) => [t.appointmentId, t.party, t.action, t.dueDate, t.amountTenge, t.voiceFileId !== null])).toEqual([
      [appointmentId, "citizen", "Қоршауды жөндейді <шығыс жағы>", "2026-12-07", 150_000, false],
      [appointmentId, "both", null, null, null, true],
    ]);
    const checks = await flow.app.db.prisma.termCheck.findMany({ where: { term: { requestId } }, select: { recipient: true, round: true, dueAt: true } });
    expect(checks).toEqual([{ recipient: "citizen", round: 1, dueAt: new Date("2026-12-08T05:00:00Z") }]);

    // The outcome message's button now says the terms are already saved, and saves nothing more.
    await m.tap(L("agreement:buttons.record"));
    expect((await m.waitForCallbackAnswer()).text).toBe(L("agreement:refused.alreadySaved"));
    expect(await flow.app.db.prisma.agreementTerm.count({ where: { requestId } })).toBe(2);
  });
});

describe("agreement terms at their largest", () => {
  it("ten terms of the longest text keep the stored conversation under its 64 KB cap", async () => {
    const time = clock(new Date("2026-12-04T02:00:00Z"));
    flow = await startFlow({ now: time.now });
    const { mediator: m, citizen, requestId } = await heldSession(flow, time);
    const L = (key: string) => label("ru", key);
    await act(m, () => m.tap(L("appointments:outcome.names.agreement")));
    await expect.poll(() => lastText(m)).toContain("Пункт 1 соглашения");
    for (let n = 1; n <= 10; n++) {
      if (n > 1) await act(m, () => m.tap(L("agreement:buttons.add")));
      await act(m, () => m.tap(L("agreement:party.both")));
      // Cyrillic: two bytes a character, the worst case for the stored updates.
      await act(m, () => m.sendText(`${n}. ${"ж".repeat(TERM_ACTION_MAX_LENGTH - 4)}`));
      await act(m, () => m.tap(formatDayLabel("2026-12-17", "ru")));
      await act(m, () => m.sendText(`${n}0 000`));
    }
    // No "add" once the list is full.
    expect(m.lastBotMessage()!.inlineButtons.flat()).not.toContain(L("agreement:buttons.add"));
    const stored = await flow.app.db.prisma.storageEntry.findUnique({ where: { key: `conversation:${m.id}` } });
    const bytes = Buffer.byteLength(stored!.value, "utf8");
    expect(bytes).toBeLessThan(CONVERSATION_STATE_MAX_BYTES);
    console.info(`agreement terms: stored conversation state with ten longest terms = ${bytes} bytes`);
    await act(m, () => m.tap(L("agreement:buttons.done")));
    await expect.poll(() => lastText(m)).toContain("сохранены: 10");
    await expect.poll(() => citizen.messages().some((x) => x.kind === "document")).toBe(true);
    expect(await flow.app.db.prisma.agreementTerm.count({ where: { requestId } })).toBe(10);
    // Too long for one Telegram message: the terms come in two, every term whole.
    const termsTexts = texts(citizen).filter((t) => /^\d+\. Екі тарап та/m.test(t));
    expect(termsTexts.length).toBe(2);
    for (let n = 1; n <= 10; n++) expect(termsTexts.join("\n")).toContain(`${n}. Екі тарап та — ${n}. ${"ж".repeat(TERM_ACTION_MAX_LENGTH - 4)}`);
  });
});

describe("agreement terms left and taken up again", () => {
  it("a command leaves the terms unsaved; the outcome button starts again; a stranger's forged button and old terms buttons change nothing; a blocked citizen is reported", async () => {
    const time = clock(new Date("2026-12-04T02:00:00Z"));
    flow = await startFlow({ now: time.now });
    const { mediator: m, citizen, requestId, appointmentId } = await heldSession(flow, time);
    const L = (key: string) => label("ru", key);
    await act(m, () => m.tap(L("appointments:outcome.names.agreement")));
    await expect.poll(() => lastText(m)).toContain("Пункт 1 соглашения");
    await act(m, () => m.tap(L("agreement:party.both")));

    // The mediator moves on (/cases): told the terms are not saved, and /cases answers as usual.
    await act(m, () => m.sendText("/cases"));
    await expect.poll(() => texts(m).some((t) => t.includes(opening("ru", "agreement:left")))).toBe(true);
    expect(await flow.app.db.prisma.agreementTerm.count({ where: { requestId } })).toBe(0);

    // The citizen forges the mediator's button: refused, nothing starts.
    await citizen.sendCallbackData(`ag:r:${appointmentId}`);
    expect((await citizen.waitForCallbackAnswer()).text).toBe(label("kk", "agreement:refused.notYours"));

    // An old terms button outside the conversation: told the form is closed.
    await act(m, () => m.sendCallbackData("at:p:both"));
    expect(lastText(m)).toContain(opening("ru", "agreement:closed"));

    // The outcome message's button starts again from the first term, and Done saves.
    await act(m, () => m.tap(L("agreement:buttons.record"), { messageId: m.messages().find((x) => x.inlineButtons.flat().includes(L("agreement:buttons.record")))!.messageId }));
    await expect.poll(() => lastText(m)).toContain("Пункт 1 соглашения");
    await act(m, () => m.tap(L("agreement:party.both")));
    await act(m, () => m.sendText("Share the hay 50/50"));
    await act(m, () => m.tap(L("agreement:buttons.noDate")));
    await act(m, () => m.tap(L("agreement:buttons.noAmount")));
    // The citizen has blocked the bot meanwhile: saved all the same, and the mediator is told to hand over paper.
    citizen.blockBot();
    await act(m, () => m.tap(L("agreement:buttons.done")));
    await expect.poll(() => lastText(m)).toContain("сохранены: 1");
    expect(lastText(m)).toContain(opening("ru", "agreement:notDelivered"));
    expect(await flow.app.db.prisma.agreementTerm.count({ where: { requestId } })).toBe(1);
    expect(await flow.app.db.prisma.termCheck.count({ where: { term: { requestId } } })).toBe(0);
  });
});
