// After the session, end to end (issue #16, acceptance): a confirmed meeting → the mediator downloads the
// mediation contract draft from /cases; the outcome "agreement" with two terms typed through the terms
// conversation (one due in 3 days, one with no date) → the citizen and the joined other party each get the
// terms in their own language and the agreement PDF; the morning after the due date each party is asked
// exactly once — with two job runs at once and a restart (a new app instance on the same database); "Not done"
// reaches the mediator and offers the follow-up case, which opens with one tap; "Not yet" asks again once;
// /mydata shows the terms, /deletedata erases them.
// Real app, Bot API emulator, fake clock; SQLite and (with TEST_DATABASE_URL) PostgreSQL.
import { afterEach, describe, expect, it } from "vitest";
import type { Locale } from "../../src/config.js";
import { packAppointment } from "../../src/bot/callback-data/appointment.js";
import { dateLabel } from "../../src/bot/conversations/propose-times/propose-times.js";
import { formatDayLabel } from "../../src/bot/helpers/format-date.js";
import { formatLocalDateTime, localToInstant } from "../../src/domain/scheduling.js";
import type { ChatMessage, EmulatedUser } from "../support/bot-api-emulator/types.js";
import { morningAfter } from "../support/agreement-seed.js";
import { databaseTargets } from "../support/databases.js";
import { startFlow, type Flow } from "../support/flow.js";
import { act, label, opening } from "../support/intake-driver.js";
import { activeMediator } from "../support/mediators.js";
import { pdfText } from "../support/pdf-text.js";
import { startedUser, submitRequest } from "../support/requests.js";

const TZ = "Asia/Almaty";
const DAY = 86_400_000;
let flow: Flow | undefined;
afterEach(async () => {
  await flow?.stop();
  flow = undefined;
});

function clock(start: Date) {
  let now = start.getTime();
  return { now: () => new Date(now), set: (d: Date) => (now = d.getTime()) };
}

const fromBot = (u: EmulatedUser) => u.messages().filter((m) => m.fromBot);
const withText = (u: EmulatedUser, text: string) => fromBot(u).filter((m) => m.text?.includes(text));
const lastText = (u: EmulatedUser) => u.lastBotMessage()?.text ?? "";
const pdfs = (u: EmulatedUser) => fromBot(u).filter((m) => m.kind === "document" && m.document?.fileName?.endsWith(".pdf"));
/** "Was this done?" in each party's language: the first question (the repeat reads "Asking again: was this done?"). */
const questions = (u: EmulatedUser, locale: "en" | "kk") => withText(u, locale === "en" ? "Was this done?" : "Бұл орындалды ма?");
const askedAgain = (u: EmulatedUser) => withText(u, "Қайта сұраймыз: бұл орындалды ма?");
/** Lets messages still on their way arrive (a job's sends are awaited, the emulator delivers asynchronously). */
const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));

/** The citizen invites the other party from My requests; the other party opens the link and agrees. */
async function joinOtherParty(citizen: EmulatedUser, other: EmulatedUser, code: string): Promise<void> {
  await act(citizen, () => citizen.sendText("/myrequests"));
  await act(citizen, () => citizen.tap(new RegExp(code)));
  const before = fromBot(citizen).length;
  await citizen.tap(label("en", "invitations:buttons.invite"));
  await expect.poll(() => fromBot(citizen).length).toBeGreaterThanOrEqual(before + 2);
  const link = fromBot(citizen).map((m) => /start=inv_([A-Za-z0-9]+)/.exec(m.text ?? "")?.[1]).find((c) => c !== undefined)!;
  await other.sendText(`/start inv_${link}`);
  await other.waitForReply();
  await act(other, () => other.tap(label("kk", "invitations:buttons.agree")));
}

/** The mediator proposes one time (the "Propose times" button of the acceptance message). */
async function propose(m: EmulatedUser, locale: Locale, requestId: number, date: string, time: string) {
  const L = (key: string) => label(locale, key);
  await act(m, () => m.sendCallbackData(packAppointment({ type: "propose", requestId })));
  await act(m, () => m.tap(dateLabel(date, locale)));
  await act(m, () => m.tap(time));
  await act(m, () => m.tap(L("appointments:propose.next")));
  await act(m, () => m.tap(L("requests:labels.mode.in_person")));
  await m.sendText("Щучинск ауданы әкімдігі, 12-бөлме");
  await m.waitForReply();
  await expect.poll(() => m.lastBotMessage()?.text).toContain(opening(locale, "appointments:propose.sent"));
}

describe.each(databaseTargets())("after the session on $name", (database) => {
  it("contract draft → agreement with two terms → both parties get terms and PDF → asked once each (two runs, a restart) → 'Not done' → mediator + follow-up case; 'Not yet' → asked again once", async () => {
    const time = clock(new Date("2026-11-25T06:00:00Z")); // Wednesday 25 November 2026, 11:00 in Almaty
    flow = await startFlow({ database, now: time.now, env: { TERM_RECHECK_DAYS: "3", TIME_ZONE: TZ } });
    const f = flow;
    const prisma = f.app.db.prisma;
    const mediator = await activeMediator(f, { id: 9501, name: "Асқар Бекұлы", locale: "ru" }, { rayonCodes: ["akmola.burabay"] });
    const m = mediator.user;
    const citizen = f.emu.user({ id: 9401, first_name: "Aigul", language_code: "en" });
    const citizenId = await startedUser(prisma, citizen);
    await act(citizen, () => citizen.tap("English"));
    const other = f.emu.user({ id: 9601, first_name: "Серік", language_code: "kk" });
    const stored = await submitRequest(prisma, citizenId, time.now(), { description: { kind: "text", text: "The neighbour's cattle trample our hayfield." } });
    await prisma.mediationRequest.update({ where: { id: stored.id }, data: { status: "accepted", mediatorId: mediator.mediatorId, acceptedAt: time.now() } });
    await joinOtherParty(citizen, other, stored.code);
    await expect.poll(async () => (await prisma.mediationRequest.findUniqueOrThrow({ where: { id: stored.id } })).otherPartyStatus).toBe("agreed");

    // A confirmed session: Saturday 28 November, 15:00.
    await propose(m, "ru", stored.id, "2026-11-28", "15:00");
    const start = localToInstant("2026-11-28", "15:00", TZ);
    await expect.poll(() => lastText(citizen)).toContain("The mediator proposes times");
    await citizen.tap(formatLocalDateTime(start, "en", TZ));
    await expect.poll(() => withText(m, "Встреча подтверждена").length).toBe(1);

    // The mediator downloads the contract draft from /cases: a real PDF naming the applicant and the mediator.
    await act(m, () => m.sendText("/cases"));
    await act(m, () => m.tap(label("ru", "documents:buttons.contractFor").replace("{{code}}", stored.code)));
    await expect.poll(() => pdfs(m).length).toBe(1);
    const contract = pdfs(m)[0]!;
    expect(contract.document!.content!.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const contractText = await pdfText(contract.document!.content!);
    for (const words of ["Асқар Бекұлы", "Айгүл Серікқызы", stored.code]) expect(contractText).toContain(words);

    // After the meeting: the mediator records "agreement" and is asked for the terms right away.
    time.set(new Date(start.getTime() + 61 * 60_000));
    await f.app.jobs.sendReminders(time.now());
    await expect.poll(() => lastText(m)).toContain("Чем закончилась встреча");
    await act(m, () => m.tap(label("ru", "appointments:outcome.names.agreement")));
    await expect.poll(() => lastText(m)).toContain(label("ru", "agreement:ask.party"));

    // Term 1: the other party returns two sacks of grain within 3 days (1 December), 50 000 ₸.
    const dueDate = "2026-12-01";
    const firstAction = "Серік returns two sacks of grain";
    await act(m, () => m.tap(label("ru", "agreement:party.otherParty")));
    await act(m, () => m.sendText(firstAction));
    await act(m, () => m.tap(formatDayLabel(dueDate, "ru")));
    await act(m, () => m.sendText("50 000"));
    expect(lastText(m)).toContain(firstAction);
    // Term 2: the applicant (named as in the case) lets the cattle pass along the field's edge; no date, no amount.
    const secondAction = "Aigul lets the cattle pass along the field's edge";
    await act(m, () => m.tap(label("ru", "agreement:buttons.add")));
    await act(m, () => m.tap(m.lastBotMessage()!.inlineButtons[0]![0]!));
    await act(m, () => m.sendText(secondAction));
    await act(m, () => m.tap(label("ru", "agreement:buttons.noDate")));
    await act(m, () => m.tap(label("ru", "agreement:buttons.noAmount")));
    await act(m, () => m.tap(label("ru", "agreement:buttons.done")));
    await expect.poll(() => lastText(m)).toContain(label("ru", "agreement:sentBoth"));
    const terms = await prisma.agreementTerm.findMany({ where: { requestId: stored.id }, orderBy: { position: "asc" }, select: { party: true, action: true, dueDate: true, amountTenge: true } });
    expect(terms).toEqual([
      { party: "other_party", action: firstAction, dueDate, amountTenge: 50_000 },
      { party: "citizen", action: secondAction, dueDate: null, amountTenge: null },
    ]);

    // Both parties get the terms in their own language and the agreement PDF naming both terms and the mediator.
    for (const user of [citizen, other]) {
      await expect.poll(() => withText(user, firstAction).length).toBeGreaterThan(0);
      const message = withText(user, firstAction)[0]!;
      expect(message.text).toContain(secondAction);
      expect(message.text).toContain(stored.code);
      await expect.poll(() => pdfs(user).length).toBe(1);
      const agreementText = await pdfText(pdfs(user)[0]!.document!.content!);
      for (const words of [firstAction, secondAction, "Асқар Бекұлы", "Айгүл Серікқызы"]) expect(agreementText).toContain(words);
    }
    expect(withText(citizen, "Terms of the agreement")[0]!.text).toContain("1 December 2026");

    // The day before the question: nothing. The morning after the due date: two runs at once, then a restart
    // (a new app on the same database, with its own start-up run) and one more run — each party asked once.
    const due = morningAfter(dueDate, TZ);
    time.set(new Date(due.getTime() - 60_000));
    expect(await f.app.jobs.sendTermChecks(time.now())).toMatchObject({ claimed: 0 });
    time.set(due);
    const runs = await Promise.all([f.app.jobs.sendTermChecks(time.now()), f.app.jobs.sendTermChecks(time.now())]);
    expect(runs[0]!.sent + runs[1]!.sent).toBe(2);
    await f.restart({ now: time.now });
    await f.app.jobs.sendTermChecks(new Date(due.getTime() + 60_000));
    await expect.poll(() => questions(citizen, "en").length).toBe(1);
    await expect.poll(() => questions(other, "kk").length).toBe(1);
    await settle();
    expect(questions(citizen, "en")).toHaveLength(1);
    expect(questions(other, "kk")).toHaveLength(1);
    expect(withText(m, "выполнено?")).toHaveLength(0); // the mediator is not asked
    const citizenQuestion: ChatMessage = questions(citizen, "en")[0]!;
    expect(citizenQuestion.text).toContain(firstAction);
    expect(citizenQuestion.text).not.toContain(secondAction); // the term with no date is never asked about
    expect(await prisma.termCheck.findMany({ where: { term: { requestId: stored.id } }, orderBy: { recipient: "asc" }, select: { recipient: true, round: true, status: true } }))
      .toEqual([{ recipient: "citizen", round: 1, status: "sent" }, { recipient: "other_party", round: 1, status: "sent" }]);

    // "Not done" from the citizen: the mediator (in Russian) is told which term; the citizen gets the options and
    // the one-tap follow-up case, which opens linked to the first case and is offered to the same mediator.
    await act(citizen, () => citizen.tap(label("en", "followup:buttons.notDone"), { messageId: citizenQuestion.messageId }));
    const notices = () => withText(m, `Заявка ${stored.code}`).filter((msg) => msg.text!.includes("Ответ (заявитель)"));
    await expect.poll(() => notices().length).toBe(1);
    expect(notices()[0]!.text).toContain(firstAction);
    await expect.poll(() => fromBot(citizen).filter((msg) => msg.inlineButtons.flat().includes(label("en", "followup:options.button"))).length).toBe(1);
    const options = fromBot(citizen).find((msg) => msg.inlineButtons.flat().includes(label("en", "followup:options.button")))!;
    await act(citizen, () => citizen.tap(label("en", "followup:options.button"), { messageId: options.messageId }));
    const followUp = await prisma.mediationRequest.findFirstOrThrow({ where: { followUpOfId: stored.id } });
    expect(followUp.citizenId).toBe(citizenId);
    await expect.poll(() => withText(citizen, followUp.code).length).toBeGreaterThan(0);
    await expect.poll(() => withText(m, followUp.code).length).toBeGreaterThan(0);
    expect(await prisma.offer.findMany({ where: { requestId: followUp.id }, select: { mediatorId: true, status: true } })).toEqual([{ mediatorId: mediator.mediatorId, status: "pending" }]);

    // "Not yet" from the other party: asked again after TERM_RECHECK_DAYS (3), exactly once, even with two runs at once.
    const otherQuestion = questions(other, "kk")[0]!;
    await act(other, () => other.tap(label("kk", "followup:buttons.notYet"), { messageId: otherQuestion.messageId }));
    const answeredAt = time.now();
    time.set(new Date(answeredAt.getTime() + 3 * DAY - 60_000));
    expect(await f.app.jobs.sendTermChecks(time.now())).toMatchObject({ claimed: 0 });
    time.set(new Date(answeredAt.getTime() + 3 * DAY));
    await Promise.all([f.app.jobs.sendTermChecks(time.now()), f.app.jobs.sendTermChecks(time.now())]);
    await expect.poll(() => askedAgain(other).length).toBe(1);
    await f.app.jobs.sendTermChecks(new Date(time.now().getTime() + DAY));
    await settle();
    expect(askedAgain(other)).toHaveLength(1);
    expect(askedAgain(other)[0]!.text).toContain(firstAction);
    expect(questions(citizen, "en")).toHaveLength(1);
    expect(withText(citizen, "Asking again")).toHaveLength(0); // the citizen answered "Not done": never asked again

    // /mydata shows the other party the terms of the case and their own answer; the citizen's /deletedata erases
    // the terms' words and amount for both sides, while who, when and every answer stay as anonymous counts.
    await other.sendText("/mydata");
    await expect.poll(() => fromBot(other).some((msg) => msg.kind === "document" && msg.document?.fileName === "kelisim-my-data.json")).toBe(true);
    const summary = fromBot(other).map((msg) => msg.text ?? "").join("\n");
    expect(summary).toContain("Істеріңіздегі келісімдер (1)");
    expect(summary).toContain(`${stored.code}\n1. Екінші тарап: ${firstAction} — мерзімі: 2026 ж. 1 желтоқсан`);
    expect(summary).toContain("Сіздің жауабыңыз: әлі орындалмады");
    await act(citizen, () => citizen.sendText("/deletedata"));
    await act(citizen, () => citizen.tap(label("en", "privacy:buttons.erase")));
    expect(lastText(citizen)).toContain("Your personal data is erased.");
    expect(await prisma.agreementTerm.findMany({ where: { requestId: stored.id }, orderBy: { position: "asc" }, select: { party: true, action: true, dueDate: true, amountTenge: true } })).toEqual([
      { party: "other_party", action: null, dueDate, amountTenge: null },
      { party: "citizen", action: null, dueDate: null, amountTenge: null },
    ]);
    expect(await prisma.termCheck.findMany({ where: { term: { requestId: stored.id } }, orderBy: [{ recipient: "asc" }, { round: "asc" }], select: { recipient: true, round: true, answer: true } })).toEqual([
      { recipient: "citizen", round: 1, answer: "not_done" },
      { recipient: "other_party", round: 1, answer: "not_yet" },
      { recipient: "other_party", round: 2, answer: null },
    ]);
  }, 150_000);
});
