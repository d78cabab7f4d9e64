// After the agreement, as people live it (issue #16, item 3): the day after a term's due date each party is
// asked once "Was this done?" — also with two job runs at once and a restart; "Not done" reaches the mediator
// and gives the person their options and a one-tap follow-up case, offered to the same mediator; "Not yet"
// asks again exactly once after TERM_RECHECK_DAYS. Fake clock; both databases.
import { afterEach, describe, expect, it } from "vitest";
import type { ChatMessage, EmulatedUser } from "../support/bot-api-emulator/types.js";
import { databaseTargets } from "../support/databases.js";
import { startFlow, type Flow } from "../support/flow.js";
import { act, label } from "../support/intake-driver.js";
import { activeMediator } from "../support/mediators.js";
import { startedUser } from "../support/requests.js";
import { checkKey, morningAfter, seedAgreement, typedTerm } from "../support/agreement-seed.js";

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
const questions = (u: EmulatedUser, locale: "en" | "kk") => withText(u, locale === "en" ? "Was this done?" : "Бұл орындалды ма?");
const lastText = (u: EmulatedUser) => u.lastBotMessage()?.text ?? "";
/** Lets messages still on their way arrive (a job's sends are awaited, but the emulator delivers asynchronously). */
const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(databaseTargets())("follow-up on agreement terms on $name", (database) => {
  it("asks each party once per dated term (two runs at once, a restart), 'Not done' → mediator told + follow-up case to the same mediator, 'Not yet' → asked again once", async () => {
    const time = clock(new Date("2026-11-20T06:00:00Z"));
    flow = await startFlow({ database, now: time.now, env: { TERM_RECHECK_DAYS: "3", TIME_ZONE: TZ } });
    const f = flow;
    const mediator = await activeMediator(f, { id: 8101, name: "Асқар Бекұлы", locale: "ru" }, { rayonCodes: ["akmola.burabay"] });
    const citizen = f.emu.user({ id: 8001, first_name: "Айгүл", language_code: "en" });
    const otherParty = f.emu.user({ id: 8002, first_name: "Серік", language_code: "kk" });
    const stranger = f.emu.user({ id: 8003, first_name: "Бөгде", language_code: "en" });
    const citizenId = await startedUser(f.app.db.prisma, citizen);
    const otherPartyId = await startedUser(f.app.db.prisma, otherParty);
    await startedUser(f.app.db.prisma, stranger);
    const seeded = await seedAgreement(f.app.db.prisma, {
      citizenId, otherPartyUserId: otherPartyId, mediatorId: mediator.mediatorId, sessionAt: time.now(), timeZone: TZ,
      terms: [
        typedTerm("other_party", "Pays for the trampled hay", "2026-11-23", 50_000),
        { party: "citizen", action: null, voiceFileId: "voice-term-2", voiceDuration: 14, dueDate: "2026-11-23", amountTenge: null },
        typedTerm("both", "Greet each other at the market", null),
      ],
    });

    // A minute before the morning after the due date: nothing yet.
    const due = morningAfter("2026-11-23", TZ);
    time.set(new Date(due.getTime() - 60_000));
    expect(await f.app.jobs.sendTermChecks(time.now())).toMatchObject({ claimed: 0 });

    // Due: two runs at once, then a restart (its start-up run) and another run — each party asked once per term.
    time.set(due);
    const runs = await Promise.all([f.app.jobs.sendTermChecks(time.now()), f.app.jobs.sendTermChecks(time.now())]);
    expect(runs[0]!.sent + runs[1]!.sent).toBe(4);
    await f.restart({ now: time.now });
    await f.app.jobs.sendTermChecks(new Date(due.getTime() + 60_000));
    await expect.poll(() => questions(citizen, "en").length).toBe(2);
    await expect.poll(() => questions(otherParty, "kk").length).toBe(2);
    await settle();
    expect(questions(citizen, "en")).toHaveLength(2);
    expect(questions(otherParty, "kk")).toHaveLength(2);
    expect(withText(mediator.user, "выполнено?")).toHaveLength(0); // the mediator is not asked

    // The citizen's questions in English: who/what/when/amount, and the spoken term by its number.
    const [typed, spoken] = [questions(citizen, "en").find((m) => m.text!.includes("term 1"))!, questions(citizen, "en").find((m) => m.text!.includes("term 2"))!];
    expect(typed.text).toContain(seeded.code);
    expect(typed.text).toContain("Pays for the trampled hay");
    expect(typed.text).toContain("the other side");
    expect(typed.text).toContain("23 November 2026");
    expect(typed.text).toContain("50,000 ₸");
    expect(spoken.text).toContain("a spoken term (voice message) — term no. 2");
    expect(spoken.text).toContain("the applicant (you)");
    expect(typed.inlineButtons).toEqual([[label("en", "followup:buttons.done"), label("en", "followup:buttons.partly")], [label("en", "followup:buttons.notYet"), label("en", "followup:buttons.notDone")]]);
    // In Kazakh for the other party, whose own term is marked.
    const kkTyped = questions(otherParty, "kk").find((m) => m.text!.includes("1-тармағы"))!;
    expect(kkTyped.text).toContain("екінші тарап (сіз)");
    expect(kkTyped.text).toContain("2026 ж. 23 қараша");

    // Someone else's tap on the citizen's question: refused, nothing recorded.
    const citizenCheck = seeded.checks.get(checkKey(1, "citizen"))!;
    await stranger.sendCallbackData(`tc:${citizenCheck}:d`);
    expect((await stranger.waitForCallbackAnswer()).text).toBe(label("en", "followup:refused.notFound"));
    expect(await f.app.db.prisma.termCheck.findUniqueOrThrow({ where: { id: citizenCheck } })).toMatchObject({ status: "sent", answer: null });

    // "Not done" on term 1: recorded, the mediator (in Russian) learns which term and who answered; the citizen gets
    // the options (court sentences only as the law notes state them) and the follow-up button.
    await act(citizen, () => citizen.tap(label("en", "followup:buttons.notDone"), { messageId: typed.messageId }));
    await expect.poll(() => withText(citizen, label("en", "followup:options.button")).length + fromBot(citizen).filter((m) => m.inlineButtons.flat().includes(label("en", "followup:options.button"))).length).toBeGreaterThan(0);
    expect(withText(citizen, "Your answer: ❌ Not done. Thank you.")).toHaveLength(1);
    expect(withText(citizen, "The mediator of the request has been told.")).toHaveLength(1);
    const options = fromBot(citizen).find((m) => m.inlineButtons.flat().includes(label("en", "followup:options.button")))!;
    expect(options.text).toContain("the court issues a writ of execution");
    expect(options.text).toContain("a breach of it becomes a civil claim");
    await expect.poll(() => withText(mediator.user, `Заявка ${seeded.code}`).length).toBe(1);
    const notice = withText(mediator.user, `Заявка ${seeded.code}`)[0]!;
    expect(notice.text).toContain("пункт 1 соглашения");
    expect(notice.text).toContain("Ответ (заявитель): «❌ Не выполнено»");
    expect(notice.text).toContain("Pays for the trampled hay");
    expect(notice.text).not.toMatch(/\+7\s?\d{3}/);
    // A second tap on the same question changes nothing.
    await citizen.sendCallbackData(`tc:${citizenCheck}:d`, { messageId: typed.messageId });
    expect((await citizen.waitForCallbackAnswer()).text).toBe(label("en", "followup:refused.already"));
    expect(await f.app.db.prisma.termCheck.findUniqueOrThrow({ where: { id: citizenCheck } })).toMatchObject({ answer: "not_done" });

    // One tap: a follow-up case, offered to the same mediator, marked as the follow-up of the first case.
    await act(citizen, () => citizen.tap(label("en", "followup:options.button"), { messageId: options.messageId }));
    const followUp = await f.app.db.prisma.mediationRequest.findFirstOrThrow({ where: { followUpOfId: seeded.requestId } });
    expect(followUp).toMatchObject({ citizenId, description: null, category: "neighbours", rayonCode: "akmola.burabay" });
    await expect.poll(() => withText(citizen, `Follow-up request ${followUp.code} is open, linked to request ${seeded.code}`).length).toBe(1);
    await expect.poll(() => withText(mediator.user, "Повторная заявка по заявке").length).toBe(1);
    const card = withText(mediator.user, "Повторная заявка по заявке")[0]!;
    expect(card.text).toContain(followUp.code);
    expect(card.text).toContain(`Повторная заявка по заявке ${seeded.code}`);
    expect(await f.app.db.prisma.offer.findMany({ where: { requestId: followUp.id }, select: { mediatorId: true, status: true } })).toEqual([{ mediatorId: mediator.mediatorId, status: "pending" }]);
    // Tapping again opens nothing new.
    await act(citizen, () => citizen.sendCallbackData(`fu:${seeded.requestId}`, { messageId: options.messageId }));
    expect(lastText(citizen)).toContain(`Your follow-up request ${followUp.code} is already open.`);
    expect(await f.app.db.prisma.mediationRequest.count({ where: { followUpOfId: seeded.requestId } })).toBe(1);
    // The stranger cannot open one.
    await stranger.sendCallbackData(`fu:${seeded.requestId}`);
    expect((await stranger.waitForCallbackAnswer()).text).toBe(label("en", "followup:followUp.refused.notFound"));
    // The mediator accepts; /cases marks the case as a follow-up.
    await act(mediator.user, () => mediator.user.tap(label("ru", "offers:card.accept"), { messageId: card.messageId }));
    await act(mediator.user, () => mediator.user.sendText("/cases"));
    await expect.poll(() => withText(mediator.user, `Повторная по ${seeded.code}`).length).toBeGreaterThan(0);

    // "Not yet" from the other party: asked again after TERM_RECHECK_DAYS (3), exactly once, even with two runs.
    await act(otherParty, () => otherParty.tap(label("kk", "followup:buttons.notYet"), { messageId: kkTyped.messageId }));
    expect(withText(otherParty, "Жауабыңыз: ⏳ Әлі емес. Рақмет.")).toHaveLength(1);
    expect(withText(otherParty, "қайта сұраймыз")).toHaveLength(1);
    expect(withText(mediator.user, "Әлі емес")).toHaveLength(0); // "not yet" does not trouble the mediator
    const again = (u: EmulatedUser): ChatMessage[] => withText(u, "Қайта сұраймыз: бұл орындалды ма?");
    const answeredAt = time.now();
    time.set(new Date(answeredAt.getTime() + 3 * DAY - 60_000));
    expect(await f.app.jobs.sendTermChecks(time.now())).toMatchObject({ claimed: 0 });
    time.set(new Date(answeredAt.getTime() + 3 * DAY));
    await Promise.all([f.app.jobs.sendTermChecks(time.now()), f.app.jobs.sendTermChecks(time.now())]);
    await expect.poll(() => again(otherParty).length).toBe(1);
    await f.app.jobs.sendTermChecks(new Date(time.now().getTime() + DAY));
    await settle();
    expect(again(otherParty)).toHaveLength(1);
    expect(again(otherParty)[0]!.text).toContain("1-тармағы");
    expect(questions(citizen, "en")).toHaveLength(2); // nobody else was asked again
  }, 60_000);
});
