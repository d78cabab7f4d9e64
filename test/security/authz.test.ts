// Security review (December 2026), F1, F2, S1, L1 and I2 turned around: what a suspended mediator can no
// longer do, what the operator does with their cases, self-dealing refused, ended offer cards shrunk, and
// operator-only domain operations that check the operator themselves. SQLite, and PostgreSQL when
// TEST_DATABASE_URL is set.
import { afterEach, describe, expect, it } from "vitest";
import { createBroadcastRepository } from "../../src/db/repositories/broadcast-repository.js";
import { createOperatorRepository } from "../../src/db/repositories/operator-repository.js";
import { createRegisterRepository } from "../../src/db/repositories/register-repository.js";
import { createRequestRepository } from "../../src/db/repositories/request-repository.js";
import { cancelBroadcast } from "../../src/domain/broadcast.js";
import { createOperatorDirectory } from "../../src/domain/operators.js";
import { applyRegisterImport, reissueRegisterInvite, revokeRegisterInvite } from "../../src/domain/register-import/register.js";
import type { ChatMessage, EmulatedUser } from "../support/bot-api-emulator/types.js";
import { databaseTargets } from "../support/databases.js";
import { startFlow, type Flow } from "../support/flow.js";
import { act, label } from "../support/intake-driver.js";
import { activeMediator } from "../support/mediators.js";
import { startedUser, submitRequest, userIdOf } from "../support/requests.js";

let flow: Flow | undefined;
afterEach(async () => {
  await flow?.stop();
  flow = undefined;
});

const OPERATOR_ID = 9100;
const DESCRIPTION = "Көршінің сиыры бидайымды таптап кетті";

/** A fake clock the test moves by hand. */
function clock(start = new Date("2026-11-25T06:00:00Z")) {
  let now = start.getTime();
  return { now: () => new Date(now), advanceHours: (h: number) => (now += h * 3_600_000) };
}

const cardOf = (user: EmulatedUser, code: string): ChatMessage | undefined => user.messages().find((m) => m.fromBot && m.text?.includes(code) && m.messageId > 0 && (m.text.includes("New request") || m.edited));
const lastAnswer = (user: EmulatedUser) => user.callbackAnswers().at(-1)?.text;

/** Three active mediators in one rayon, an operator, and a citizen's request offered to the first candidate. */
async function setUp(f: Flow, now: Date, overrides: Parameters<typeof submitRequest>[3] = {}) {
  const prisma = f.app.db.prisma;
  const operator = f.emu.user({ id: OPERATOR_ID, first_name: "Operator", language_code: "en" });
  await startedUser(prisma, operator);
  const mediators = [
    await activeMediator(f, { id: 7101, name: "Асқар Бекұлы", locale: "en" }, { rayonCodes: ["akmola.burabay"] }),
    await activeMediator(f, { id: 7102, name: "Гүлнар Сейітқызы", locale: "en" }, { rayonCodes: ["akmola.burabay"] }),
    await activeMediator(f, { id: 7103, name: "Ержан Сапарұлы", locale: "en" }, { rayonCodes: ["akmola.burabay"] }),
  ];
  const citizen = f.emu.user({ id: 7001, first_name: "Айгүл", language_code: "en" });
  const citizenId = await startedUser(prisma, citizen);
  const request = await submitRequest(prisma, citizenId, now, { contactName: "Айгүл Серікқызы", contactPhone: "+77011234567", sessionLanguage: "kk", ...overrides });
  await f.app.matchmaker.offerNext(request.id, now);
  return { prisma, operator, mediators, citizen, request, pendingTo: () => pendingTo(f, request.id, mediators) };
}

/** The mediator who holds the request's pending offer now, with that offer. */
async function pendingTo(f: Flow, requestId: number, mediators: Array<{ user: EmulatedUser; mediatorId: number }>) {
  const offer = await f.app.db.prisma.offer.findFirst({ where: { requestId, status: "pending" } });
  const mediator = offer ? mediators.find((m) => m.mediatorId === offer.mediatorId) : undefined;
  return offer && mediator ? { offer, mediator } : null;
}

describe.each(databaseTargets())("authorization on $name", (database) => {
  it("F1: suspension withdraws the pending offer, the next candidate has it at once, the old card shrinks and its Accept is refused", async () => {
    const time = clock();
    flow = await startFlow({ database, now: time.now, env: { OPERATOR_IDS: String(OPERATOR_ID) } });
    const s = await setUp(flow, time.now());
    const first = (await s.pendingTo())!;
    await expect.poll(() => cardOf(first.mediator.user, s.request.code)?.text).toContain(DESCRIPTION);

    await act(s.operator, () => s.operator.sendCallbackData(`ops:${first.mediator.mediatorId}`));
    await act(s.operator, () => s.operator.sendText("Complaints from citizens: asked for money"));
    expect(await s.prisma.mediator.findUniqueOrThrow({ where: { id: first.mediator.mediatorId } })).toMatchObject({ status: "suspended" });
    expect((await s.prisma.offer.findUniqueOrThrow({ where: { id: first.offer.id } })).status).toBe("withdrawn");
    // The next candidate has the request right after the suspension (no waiting for the deadline).
    const next = await s.pendingTo();
    expect(next).not.toBeNull();
    expect(next!.mediator.mediatorId).not.toBe(first.mediator.mediatorId);
    await expect.poll(() => cardOf(next!.mediator.user, s.request.code)?.text).toContain(DESCRIPTION);
    // The old card keeps only the code and the outcome.
    await expect.poll(() => cardOf(first.mediator.user, s.request.code)?.text).toContain("no longer available");
    expect(cardOf(first.mediator.user, s.request.code)?.text).not.toContain(DESCRIPTION);
    expect(cardOf(first.mediator.user, s.request.code)?.inlineButtons.flat()).toEqual([]);

    // Tapping the old Accept (by its data) is refused in words, and shows no contact.
    await first.mediator.user.sendCallbackData(`of:a:${first.offer.id}`);
    await expect.poll(() => lastAnswer(first.mediator.user)).toBe(label("en", "offers:answers.notActive"));
    expect(JSON.stringify(first.mediator.user.messages())).not.toContain("+77011234567");
    expect(await s.prisma.mediationRequest.findUniqueOrThrow({ where: { id: s.request.id } })).toMatchObject({ status: "offered", mediatorId: null });
    // The repository says why, too: a paused or suspended profile takes nothing.
    expect(await flow.app.matchmaker.accept(first.offer.id, await userIdOf(s.prisma, first.mediator.user.id), time.now())).toEqual({ ok: false, reason: "not-active" });
  });

  it("F1: a suspended mediator cannot propose times, record an outcome or see contacts; the operator reassigns the case, the citizen is told, the next mediator has it", async () => {
    const time = clock();
    flow = await startFlow({ database, now: time.now, env: { OPERATOR_IDS: String(OPERATOR_ID) } });
    const s = await setUp(flow, time.now());
    const first = (await s.pendingTo())!;
    const m = first.mediator;
    const mUserId = await userIdOf(s.prisma, m.user.id);
    expect((await flow.app.matchmaker.accept(first.offer.id, mUserId, time.now())).ok).toBe(true);
    // A meeting held an hour ago, waiting for its outcome; and its reminders.
    const past = new Date(time.now().getTime() - 3_600_000);
    const ap = await s.prisma.appointment.create({ data: { requestId: s.request.id, status: "confirmed", mode: "in_person", place: "Akimat", slots: "[]", proposedAt: past, startsAt: past } });
    await s.prisma.mediationRequest.update({ where: { id: s.request.id }, data: { status: "scheduled" } });
    await s.prisma.reminder.create({ data: { requestId: s.request.id, appointmentId: ap.id, kind: "outcome_ask", recipient: "mediator", dueAt: new Date(time.now().getTime() + 3_600_000), status: "pending" } });

    await act(s.operator, () => s.operator.sendCallbackData(`ops:${m.mediatorId}`));
    await act(s.operator, () => s.operator.sendText("Took money from a citizen"));
    // The operator's screen after the suspension lists the open case with its own button.
    const card = s.operator.lastBotMessage();
    expect(card?.text).toContain(s.request.code);
    expect(card?.inlineButtons.flat()).toContain(`🔄 Reassign ${s.request.code}`);

    // The old buttons no longer work for the suspended mediator.
    const [proposal] = await act(m.user, () => m.user.sendCallbackData(`ap:p:${s.request.id}`));
    expect(proposal?.text).toBe(label("en", "appointments:propose.notAllowed"));
    await m.user.sendCallbackData(`ap:u:${ap.id}:agreement`);
    await expect.poll(() => lastAnswer(m.user)).toBe(label("en", "appointments:answers.notActive"));
    expect((await s.prisma.appointment.findUniqueOrThrow({ where: { id: ap.id } })).outcome).toBeNull();
    // A repeated Accept does not send the contact again; /cases shows nothing.
    const before = m.user.messages().filter((x) => x.text?.includes("+77011234567")).length;
    await m.user.sendCallbackData(`of:a:${first.offer.id}`);
    await expect.poll(() => lastAnswer(m.user)).toBe(label("en", "offers:answers.notActive"));
    const [cases] = await act(m.user, () => m.user.sendText("/cases"));
    expect(cases?.text).not.toContain("+77011234567");
    expect(m.user.messages().filter((x) => x.text?.includes("+77011234567")).length).toBe(before);

    // The operator reassigns the case.
    await act(s.operator, () => s.operator.tap(`🔄 Reassign ${s.request.code}`));
    const after = s.operator.lastBotMessage();
    expect(after?.text).toContain(s.request.code);
    expect(after?.inlineButtons.flat()).not.toContain(`🔄 Reassign ${s.request.code}`);
    const stored = await s.prisma.mediationRequest.findUniqueOrThrow({ where: { id: s.request.id } });
    expect(stored).toMatchObject({ status: "offered", mediatorId: null });
    expect(await s.prisma.appointment.findUniqueOrThrow({ where: { id: ap.id } })).toMatchObject({ status: "cancelled", cancelledBy: "operator" });
    expect(await s.prisma.reminder.count({ where: { requestId: s.request.id, status: "pending" } })).toBe(0);
    const operatorUserId = await userIdOf(s.prisma, OPERATOR_ID);
    expect(await s.prisma.requestStatusChange.findFirst({ where: { requestId: s.request.id, fromStatus: "scheduled", toStatus: "offered" } })).toMatchObject({ actorId: operatorUserId, actorRole: "operator" });
    expect(await s.prisma.auditEntry.findFirst({ where: { action: "request.reassign", targetId: String(s.request.id) } })).toMatchObject({ actorId: operatorUserId });
    // The next candidate (never the suspended mediator) has it, and the citizen is told in their language.
    const next = await s.pendingTo();
    expect(next?.mediator.mediatorId).not.toBe(m.mediatorId);
    await expect.poll(() => cardOf(next!.mediator.user, s.request.code)?.text).toContain(DESCRIPTION);
    await expect.poll(() => s.citizen.messages().some((x) => x.text?.includes("the mediator has changed") && x.text.includes(s.request.code))).toBe(true);
    // A second tap on the same button changes nothing.
    await act(s.operator, () => s.operator.sendCallbackData(`opr:${s.request.id}`));
    expect(s.operator.lastBotMessage()?.text).toBe(label("en", "operator:reassign.notOpen"));
  });

  it("F2: a profile edit submitted after a suspension changes nothing; the person is told; no operator notice", async () => {
    flow = await startFlow({ database, env: { OPERATOR_IDS: String(OPERATOR_ID) } });
    const prisma = flow.app.db.prisma;
    const operator = flow.emu.user({ id: OPERATOR_ID, first_name: "Operator", language_code: "en" });
    await startedUser(prisma, operator);
    const m = await activeMediator(flow, { id: 7102, name: "Гүлнар Сейітқызы", locale: "en" }, { rayonCodes: ["akmola.burabay"] });
    await act(m.user, () => m.user.sendText("/mediator"));
    await act(m.user, () => m.user.tap(label("en", "mediator:buttons.edit")));
    await act(m.user, () => m.user.tap(label("en", "mediator:intro.continue")));
    expect(m.user.lastBotMessage()?.inlineButtons.flat()).toContain(label("en", "mediator:summary.submit"));

    await act(operator, () => operator.sendCallbackData(`ops:${m.mediatorId}`));
    await act(operator, () => operator.sendText("Took money from a citizen"));
    const operatorMessages = operator.messages().length;

    await act(m.user, () => m.user.tap(label("en", "mediator:summary.submit")));
    const reply = m.user.lastBotMessage();
    expect(await prisma.mediator.findUniqueOrThrow({ where: { id: m.mediatorId } })).toMatchObject({ status: "suspended", decisionReason: "Took money from a citizen" });
    expect(reply?.text).toBe(label("en", "mediator:summary.suspendedRefused"));
    expect(operator.messages().length).toBe(operatorMessages);
  });

  it("S1: a mediator cannot accept their own request, nor one they filed; nor rate their own case", async () => {
    const time = clock();
    flow = await startFlow({ database, now: time.now });
    const prisma = flow.app.db.prisma;
    const m = await activeMediator(flow, { id: 7105, name: "Асқар", locale: "en" }, { rayonCodes: ["akmola.burabay"] });
    const mUserId = await userIdOf(prisma, 7105);
    const own = await submitRequest(prisma, mUserId, time.now());
    // Offered by hand (matching itself leaves them out): the acceptance is refused in the write, and in words.
    await prisma.mediationRequest.update({ where: { id: own.id }, data: { status: "offered" } });
    const offer = await prisma.offer.create({ data: { requestId: own.id, mediatorId: m.mediatorId, status: "pending", offeredAt: time.now(), expiresAt: new Date(time.now().getTime() + 3_600_000) } });
    expect(await flow.app.matchmaker.accept(offer.id, mUserId, time.now())).toEqual({ ok: false, reason: "own-request" });
    await m.user.sendCallbackData(`of:a:${offer.id}`);
    await expect.poll(() => lastAnswer(m.user)).toBe(label("en", "offers:answers.ownRequest"));
    expect((await prisma.mediationRequest.findUniqueOrThrow({ where: { id: own.id } })).mediatorId).toBeNull();

    // Filed for a villager by this mediator: refused too.
    const villager = flow.emu.user({ id: 7006, first_name: "Бақыт", language_code: "en" });
    const filed = await submitRequest(prisma, await startedUser(prisma, villager), time.now());
    await prisma.mediationRequest.update({ where: { id: filed.id }, data: { status: "offered", assistedById: mUserId } });
    const filedOffer = await prisma.offer.create({ data: { requestId: filed.id, mediatorId: m.mediatorId, status: "pending", offeredAt: time.now(), expiresAt: new Date(time.now().getTime() + 3_600_000) } });
    expect(await flow.app.matchmaker.accept(filedOffer.id, mUserId, time.now())).toEqual({ ok: false, reason: "own-request" });

    // Had it been accepted anyway (data from before the fix), the mediator still cannot rate the session.
    await prisma.mediationRequest.update({ where: { id: own.id }, data: { status: "scheduled", mediatorId: m.mediatorId } });
    const past = new Date(time.now().getTime() - 3_600_000);
    const ap = await prisma.appointment.create({ data: { requestId: own.id, status: "confirmed", mode: "phone", slots: "[]", proposedAt: past, startsAt: past } });
    await m.user.sendCallbackData(`ap:s:${ap.id}:5`);
    await expect.poll(() => lastAnswer(m.user)).toBe(label("en", "appointments:answers.ownCase"));
    expect((await prisma.appointment.findUniqueOrThrow({ where: { id: ap.id } })).rating).toBeNull();
  });

  it("L1: after a decline, an expiry and another mediator's acceptance, each card shows only the code and outcome; the voice message is deleted", async () => {
    const time = clock();
    flow = await startFlow({ database, now: time.now, env: { OPERATOR_IDS: String(OPERATOR_ID) } });
    const voice = "https://files.example.org/voice-description.ogg";
    const s = await setUp(flow, time.now(), { description: { kind: "voice", fileId: voice, duration: 12 } });
    const voices = (u: EmulatedUser) => u.messages().filter((x) => x.fromBot && x.kind === "voice").length;

    // A declines: A's card says so, A's forwarded voice message is gone.
    const a = (await s.pendingTo())!;
    await expect.poll(() => voices(a.mediator.user)).toBe(1);
    expect((await s.prisma.offer.findUniqueOrThrow({ where: { id: a.offer.id } })).voiceMessageId).not.toBeNull();
    await act(a.mediator.user, () => a.mediator.user.tap(label("en", "offers:card.decline"), { messageId: cardOf(a.mediator.user, s.request.code)!.messageId }));
    await act(a.mediator.user, () => a.mediator.user.tap(label("en", "offers:decline.reasons.busy")));
    await expect.poll(() => cardOf(a.mediator.user, s.request.code)?.text).toContain("you declined");
    expect(voices(a.mediator.user)).toBe(0);

    // B lets it expire.
    await expect.poll(async () => (await s.pendingTo())?.mediator.mediatorId ?? a.mediator.mediatorId).not.toBe(a.mediator.mediatorId);
    const b = (await s.pendingTo())!;
    expect(b.mediator.mediatorId).not.toBe(a.mediator.mediatorId);
    await expect.poll(() => voices(b.mediator.user)).toBe(1);
    time.advanceHours(13);
    expect(await flow.app.jobs.expireOffers(time.now())).toBe(1);
    await expect.poll(() => cardOf(b.mediator.user, s.request.code)?.text).toContain("time to answer has run out");
    expect(cardOf(b.mediator.user, s.request.code)?.inlineButtons.flat()).toEqual([]);
    expect(voices(b.mediator.user)).toBe(0);

    // C has it; an operator's manual offer to A is accepted first: C's card shrinks to "no longer available".
    await expect.poll(async () => (await s.pendingTo())?.mediator.mediatorId ?? b.mediator.mediatorId).not.toBe(b.mediator.mediatorId);
    const c = (await s.pendingTo())!;
    await expect.poll(() => cardOf(c.mediator.user, s.request.code)?.inlineButtons.flat().length).toBe(2);
    await s.prisma.offer.update({ where: { id: a.offer.id }, data: { status: "pending", messageId: null, voiceMessageId: null, expiresAt: new Date(time.now().getTime() + 3_600_000) } });
    expect((await flow.app.matchmaker.accept(a.offer.id, await userIdOf(s.prisma, a.mediator.user.id), time.now())).ok).toBe(true);
    await expect.poll(() => cardOf(c.mediator.user, s.request.code)?.text).toContain("no longer available");
    expect(voices(c.mediator.user)).toBe(0);
    expect(await s.prisma.offer.findUniqueOrThrow({ where: { id: c.offer.id } })).toMatchObject({ status: "withdrawn" });
  });

  it("L1: a declined text offer keeps no description in the chat", async () => {
    const time = clock();
    flow = await startFlow({ database, now: time.now, env: { OPERATOR_IDS: String(OPERATOR_ID) } });
    const s = await setUp(flow, time.now());
    const a = (await s.pendingTo())!;
    await expect.poll(() => cardOf(a.mediator.user, s.request.code)?.text).toContain(DESCRIPTION);
    await act(a.mediator.user, () => a.mediator.user.tap(label("en", "offers:card.decline")));
    await act(a.mediator.user, () => a.mediator.user.tap(label("en", "offers:decline.reasons.busy")));
    await expect.poll(() => cardOf(a.mediator.user, s.request.code)?.text).toContain("you declined");
    expect(JSON.stringify(a.mediator.user.messages())).not.toContain(DESCRIPTION);
  });

  it("L1: when the citizen cancels, the pending offer's card shrinks at the next expiry-job run", async () => {
    const time = clock();
    flow = await startFlow({ database, now: time.now, env: { OPERATOR_IDS: String(OPERATOR_ID) } });
    const s = await setUp(flow, time.now());
    const a = (await s.pendingTo())!;
    await expect.poll(() => cardOf(a.mediator.user, s.request.code)?.text).toContain(DESCRIPTION);
    const citizenId = await userIdOf(s.prisma, s.citizen.id);
    expect((await createRequestRepository(s.prisma).cancelByCitizen(s.request.id, citizenId, time.now())).ok).toBe(true);
    expect(await flow.app.jobs.expireOffers(time.now())).toBe(0);
    await expect.poll(() => cardOf(a.mediator.user, s.request.code)?.text).toContain("no longer available");
    expect(JSON.stringify(a.mediator.user.messages())).not.toContain(DESCRIPTION);
    // Claimed once: a second run edits nothing more.
    expect(await s.prisma.offer.findUniqueOrThrow({ where: { id: a.offer.id } })).toMatchObject({ status: "withdrawn", messageId: null });
  });

  it("I2: operator-only domain operations refuse a non-operator actor and change nothing", async () => {
    const time = clock();
    flow = await startFlow({ database, now: time.now, env: { OPERATOR_IDS: String(OPERATOR_ID) } });
    const s = await setUp(flow, time.now());
    const first = (await s.pendingTo())!;
    const outsiderId = await userIdOf(s.prisma, first.mediator.user.id);
    const outsider = { userId: outsiderId, telegramId: BigInt(first.mediator.user.id) };
    const notOperator = { code: "NOT_OPERATOR" };

    await expect(flow.app.matchmaker.assign(s.request.id, first.mediator.mediatorId, outsider, time.now())).rejects.toMatchObject(notOperator);
    expect((await flow.app.matchmaker.accept(first.offer.id, outsiderId, time.now())).ok).toBe(true);
    await expect(flow.app.matchmaker.reassign(s.request.id, outsider, time.now())).rejects.toMatchObject(notOperator);
    expect(await s.prisma.mediationRequest.findUniqueOrThrow({ where: { id: s.request.id } })).toMatchObject({ status: "accepted", mediatorId: first.mediator.mediatorId });

    const operators = createOperatorDirectory([OPERATOR_ID], createOperatorRepository(s.prisma));
    const register = createRegisterRepository(s.prisma);
    const invite = await s.prisma.mediatorInvite.create({ data: {
      code: "AbcdefghJKmnpq23", fullName: "Ержан", phone: "+77017654321", kind: "public", registryNumber: null, rayonCodes: "akmola.burabay",
      languages: "kk", specializations: "family", modes: "in_person", maxOpenCases: 3, status: "waiting", expiresAt: new Date(time.now().getTime() + 86_400_000),
    } });
    await expect(revokeRegisterInvite({ register, operators }, outsider, invite.id, time.now())).rejects.toMatchObject(notOperator);
    await expect(reissueRegisterInvite({ register, operators }, outsider, invite.id, "ZyxwvutsRQpnmk98", time.now(), time.now())).rejects.toMatchObject(notOperator);
    await expect(applyRegisterImport({ register, operators }, outsider, 1, { newCode: () => "x", expiresAt: time.now() }, time.now())).rejects.toMatchObject(notOperator);
    expect(await s.prisma.mediatorInvite.findUniqueOrThrow({ where: { id: invite.id } })).toMatchObject({ status: "waiting", code: "AbcdefghJKmnpq23" });
    await expect(cancelBroadcast({ broadcasts: createBroadcastRepository(s.prisma), operators }, outsider, 1, time.now())).rejects.toMatchObject(notOperator);
    // The operator passes the same check.
    const operator = { userId: await userIdOf(s.prisma, OPERATOR_ID), telegramId: BigInt(OPERATOR_ID) };
    expect(await revokeRegisterInvite({ register, operators }, operator, invite.id, time.now())).toMatchObject({ status: "revoked" });
  });
});
