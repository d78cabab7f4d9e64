// An operator erases the personal data of one request (/case KL-… → 🗑 Erase personal data → Yes), as the assisted
// consent text promises a villager without Telegram ("or contact the mediation centre"). The erasure checks the
// operator itself; a non-operator's forged button, or a forged request id, changes nothing.
import { afterEach, describe, expect, it } from "vitest";
import { createAssistedRequestRepository } from "../../src/db/repositories/assisted-request-repository.js";
import { createPrivacyRepository } from "../../src/db/repositories/privacy-repository.js";
import type { EmulatedUser } from "../support/bot-api-emulator/types.js";
import { databaseTargets } from "../support/databases.js";
import { startFlow, type Flow } from "../support/flow.js";
import { act, label } from "../support/intake-driver.js";
import { activeMediator } from "../support/mediators.js";
import { draft, startedUser } from "../support/requests.js";

let flow: Flow | undefined;
afterEach(async () => {
  await flow?.stop();
  flow = undefined;
});

const NOW = new Date("2026-11-25T06:00:00.000Z");
const OPERATOR = 8900;
const L = (key: string) => label("en", key);
const lastText = (u: EmulatedUser) => u.lastBotMessage()?.text ?? "";

describe.each(databaseTargets())("operator erases a request on $name", (database) => {
  it("blanks, cancels, unlinks and audits; a non-operator and a forged id change nothing", async () => {
    // startFlow with `database` (not startFlowOn, which replaces env): the operator comes from OPERATOR_IDS.
    flow = await startFlow({ database, now: () => NOW, env: { OPERATOR_IDS: String(OPERATOR) } });
    const prisma = flow.app.db.prisma;
    const mediator = await activeMediator(flow, { id: 8101, name: "Асқар Бекұлы", locale: "en" }, { rayonCodes: ["akmola.burabay"] });
    const filerId = (await prisma.mediator.findUniqueOrThrow({ where: { id: mediator.mediatorId }, select: { userId: true } })).userId;
    const filed = await createAssistedRequestRepository(prisma).submitAssisted({
      filerId, role: "mediator", now: NOW,
      draft: draft({ contactName: "Бақыт Жұмабаев", contactPhone: "+77012223344", description: { kind: "text", text: "Көршінің малы шабындықты таптап жүр" } }),
    });
    const id = filed.id;
    // The request is offered to the mediator, with a meeting note and a reminder pending.
    await prisma.mediationRequest.update({ where: { id }, data: { status: "offered", voiceFileId: "voice-file-1", voiceDuration: 12 } });
    await prisma.offer.create({ data: { requestId: id, mediatorId: mediator.mediatorId, status: "pending", offeredAt: NOW, expiresAt: new Date(NOW.getTime() + 3_600_000) } });
    await prisma.appointment.create({ data: { requestId: id, status: "proposed", mode: "in_person", place: "Ауыл әкімдігі, 2-кабинет", slots: "[]", proposedAt: NOW } });
    await prisma.reminder.create({ data: { requestId: id, kind: "nudge_propose", recipient: "mediator", dueAt: new Date(NOW.getTime() + 86_400_000) } });

    // A non-operator forging the buttons is refused, and nothing changes.
    const stranger = flow.emu.user({ id: 9302, first_name: "Stranger", language_code: "en" });
    await startedUser(prisma, stranger);
    await stranger.sendCallbackData(`opey:${id}`);
    await expect.poll(() => stranger.callbackAnswers().at(-1)?.text).toBe(L("operator:notAllowed"));
    await stranger.sendCallbackData(`ope:${id}`);
    await expect.poll(() => stranger.callbackAnswers().length).toBe(2);
    expect(stranger.callbackAnswers().at(-1)?.text).toBe(L("operator:notAllowed"));
    // The operation itself refuses anyone its operator check does not know, whatever the handler did.
    const actor = { userId: filerId, telegramId: 8101n };
    await expect(createPrivacyRepository(prisma, { isOperator: async () => false }).eraseRequestByOperator(id, actor, NOW)).rejects.toMatchObject({ code: "NOT_OPERATOR" });
    expect(await prisma.mediationRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "offered", citizenId: filerId, contactPhone: "+77012223344" });
    expect(await prisma.auditEntry.count({ where: { action: "request.erased_by_operator" } })).toBe(0);

    // The operator: /case → Erase → No keeps everything; Erase → Yes erases.
    const operator = flow.emu.user({ id: OPERATOR, first_name: "Aigul", language_code: "en" });
    const operatorId = await startedUser(prisma, operator);
    await act(operator, () => operator.sendText(`/case ${filed.code}`));
    expect(lastText(operator)).toContain(`Other party — request ${filed.code}`);
    await act(operator, () => operator.tap(L("operator:eraseRequest.button")));
    expect(lastText(operator)).toContain(`This blanks the description, voice message, name and phone of request ${filed.code}`);
    await act(operator, () => operator.tap(L("operator:eraseRequest.no")));
    expect(lastText(operator)).toContain(`Other party — request ${filed.code}`);
    expect((await prisma.mediationRequest.findUniqueOrThrow({ where: { id } })).contactName).toBe("Бақыт Жұмабаев");
    await act(operator, () => operator.tap(L("operator:eraseRequest.button")));
    await act(operator, () => operator.tap(L("operator:eraseRequest.yes")));
    expect(lastText(operator)).toContain(`The personal data of request ${filed.code} is erased and the request is cancelled`);

    const request = await prisma.mediationRequest.findUniqueOrThrow({ where: { id }, include: { statusChanges: { orderBy: { id: "asc" } } } });
    expect(request).toMatchObject({
      status: "cancelled", description: null, voiceFileId: null, voiceDuration: null, contactName: null, contactPhone: null, claimCode: null,
      citizenId: null, assistedById: null, otherPartyUserId: null, category: "neighbours", rayonCode: "akmola.burabay",
    });
    expect(request.closedAt?.toISOString()).toBe(NOW.toISOString());
    expect(request.statusChanges.at(-1)).toMatchObject({ fromStatus: "offered", toStatus: "cancelled", actorId: operatorId, actorRole: "operator" });
    expect(await prisma.offer.findFirstOrThrow({ where: { requestId: id } })).toMatchObject({ status: "withdrawn" });
    expect(await prisma.appointment.findFirstOrThrow({ where: { requestId: id } })).toMatchObject({ place: null, status: "cancelled", cancelledBy: "operator" });
    expect(await prisma.reminder.findFirstOrThrow({ where: { requestId: id } })).toMatchObject({ status: "cancelled" });
    const audit = await prisma.auditEntry.findFirstOrThrow({ where: { action: "request.erased_by_operator" } });
    expect(audit).toMatchObject({ actorId: operatorId, targetType: "request", targetId: String(id) });
    expect(JSON.parse(audit.details!)).toEqual({ code: filed.code, cancelled: true });
    expect(JSON.stringify(await prisma.mediationRequest.findMany())).not.toMatch(/Бақыт|7012223344|шабындық/);

    // A forged request id: a clear answer, no audit entry.
    await act(operator, () => operator.sendCallbackData("opey:999999"));
    expect(lastText(operator)).toBe(L("operator:eraseRequest.notFound"));
    expect(await prisma.auditEntry.count({ where: { action: "request.erased_by_operator" } })).toBe(1);
  }, 60_000);
});
