// The security review's privacy findings (December 2026), turned around: each test shows the leftover is gone.
//   P1  a mediator who joined through a register link and erased their data is no longer listed by name and phone
//   P2  free text typed into meetings (a cancel reason, a rating comment, the place) is exported and erased
//   L7  the poster rayon, the Telegram language, broadcast delivery rows, pending reminders and deep-link rows go too
import { afterEach, describe, expect, it } from "vitest";
import { createPrivacyRepository } from "../../src/db/repositories/privacy-repository.js";
import { databaseTargets } from "../support/databases.js";
import { startFlow, type Flow } from "../support/flow.js";
import { act, label } from "../support/intake-driver.js";
import { activeMediator } from "../support/mediators.js";
import { startedUser, submitRequest } from "../support/requests.js";

let flow: Flow | undefined;
afterEach(async () => {
  await flow?.stop();
  flow = undefined;
});

const OPERATOR_ID = 9100;

describe.each(databaseTargets())("/deletedata leaves nothing behind on $name", (database) => {
  it("P1: a mediator who joined through a register link and erased their data is no longer listed by name and phone in /register", async () => {
    flow = await startFlow({ database, env: { OPERATOR_IDS: String(OPERATOR_ID), DIGEST_TIME: "23:59" } });
    const prisma = flow.app.db.prisma;
    const operator = flow.emu.user({ id: OPERATOR_ID, first_name: "Operator", language_code: "en" });
    await startedUser(prisma, operator);
    const code = "AbcdefghJKmnpq23";
    await prisma.mediatorInvite.create({ data: {
      code, fullName: "Ержан Сапарұлы", phone: "+77017654321", kind: "public", registryNumber: null, rayonCodes: "akmola.burabay",
      languages: "kk", specializations: "family", modes: "in_person", maxOpenCases: 3, status: "waiting", expiresAt: new Date(Date.now() + 86_400_000),
    } });
    // His Telegram account has the register's number, so joining makes him an active mediator at once.
    const person = flow.emu.user({ id: 8101, first_name: "Ержан", language_code: "en", phone_number: "77017654321" });
    await act(person, () => person.sendText(`/start m_${code}`));
    await act(person, () => person.tap(label("en", "register:buttons.joinConfirm")));
    await act(person, () => person.pressReplyButton(/Share/));
    const user = await prisma.user.findUniqueOrThrow({ where: { telegramId: 8101n } });
    expect(await prisma.mediator.findUniqueOrThrow({ where: { userId: user.id } })).toMatchObject({ fullName: "Ержан Сапарұлы", status: "active" });
    const [joinedBefore] = await act(operator, () => operator.sendCallbackData("rgl:j"));
    expect(JSON.stringify(joinedBefore?.inlineButtons)).toContain("Ержан Сапарұлы · +77017654321");

    await act(person, () => person.sendText("/deletedata"));
    await act(person, () => person.tap(/Erase/));
    expect(await prisma.mediator.findUniqueOrThrow({ where: { userId: user.id } })).toMatchObject({ fullName: "", phone: "" });
    // The register entry is blanked too; it still counts as joined.
    expect(await prisma.mediatorInvite.findUniqueOrThrow({ where: { code } })).toMatchObject({ fullName: "", phone: "", registryNumber: null, status: "joined" });
    const [list] = await act(operator, () => operator.sendCallbackData("rgl:j"));
    const buttons = JSON.stringify(list?.inlineButtons);
    expect(buttons).not.toContain("Ержан");
    expect(buttons).not.toContain("7654321");
  });

  it("P2: free text typed into meetings (a cancel reason, a rating comment, the place) is exported by /mydata and erased by /deletedata; L7 leftovers go too", async () => {
    flow = await startFlow({ database });
    const prisma = flow.app.db.prisma;
    const m = await activeMediator(flow, { id: 7103, name: "Асқар", locale: "en" }, { rayonCodes: ["akmola.burabay"] });
    const citizen = flow.emu.user({ id: 7003, first_name: "Айгүл", language_code: "en" });
    const citizenId = await startedUser(prisma, citizen);
    await prisma.user.update({ where: { id: citizenId }, data: { preferredRayonCode: "akmola.burabay" } });
    const request = await submitRequest(prisma, citizenId, new Date());
    await prisma.mediationRequest.update({ where: { id: request.id }, data: { status: "accepted", mediatorId: m.mediatorId } });
    const past = new Date(Date.now() - 3_600_000);
    const soon = new Date(Date.now() + 86_400_000);
    const hospital = "My husband beat me again, I am in hospital in Shchuchinsk, ward 4";
    const threat = "Call me on +77015550000, my neighbour Bolat still threatens us";
    await prisma.appointment.create({ data: { requestId: request.id, status: "cancelled", mode: "in_person", place: "Akimat, room 12", slots: "[]", proposedAt: past, cancelledAt: past, cancelledBy: "citizen", cancelReason: hospital } });
    const done = await prisma.appointment.create({ data: { requestId: request.id, status: "completed", mode: "in_person", place: "Akimat, room 12", slots: "[]", proposedAt: past, startsAt: past, rating: 2, ratingComment: threat } });
    // L7: a reminder still waiting for her, a broadcast row, a counted poster start.
    await prisma.reminder.create({ data: { requestId: request.id, appointmentId: done.id, kind: "rating_ask", recipient: "citizen", dueAt: soon } });
    const broadcast = await prisma.broadcast.create({ data: { createdById: m.mediatorId, text: "News", audience: "citizens", status: "done" } });
    await prisma.broadcastDelivery.create({ data: { broadcastId: broadcast.id, userId: citizenId, telegramId: 7003n, status: "sent", sentAt: past } });
    await prisma.deepLinkStart.create({ data: { kind: "poster", ref: "akmola.burabay", newUser: true, userId: citizenId } });

    const privacy = createPrivacyRepository(prisma);
    const exported = JSON.stringify(await privacy.exportFor(7003n));
    expect(exported).toContain(hospital);
    expect(exported).toContain(threat);
    expect(exported).toContain("Akimat, room 12");
    expect(exported).toContain('"preferredRayonCode":"akmola.burabay"');

    await privacy.eraseFor(7003n, new Date());
    const left = await prisma.appointment.findMany({ where: { requestId: request.id }, orderBy: { id: "asc" }, select: { place: true, cancelledBy: true, cancelReason: true, rating: true, ratingComment: true } });
    expect(left).toEqual([
      { place: null, cancelledBy: "citizen", cancelReason: null, rating: null, ratingComment: null },
      { place: null, cancelledBy: null, cancelReason: null, rating: 2, ratingComment: null },
    ]);
    expect(await prisma.user.findUniqueOrThrow({ where: { id: citizenId } })).toMatchObject({ preferredRayonCode: null, telegramLanguage: null });
    expect((await prisma.reminder.findFirstOrThrow({ where: { requestId: request.id } })).status).toBe("cancelled");
    expect(await prisma.broadcastDelivery.count({ where: { userId: citizenId } })).toBe(0);
    expect(await prisma.deepLinkStart.findMany({ select: { kind: true, ref: true, userId: true } })).toEqual([{ kind: "poster", ref: "akmola.burabay", userId: null }]);
    // And the request itself is anonymous statistics now: it points to nobody.
    expect(await prisma.mediationRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({ citizenId: null, status: "cancelled", category: "neighbours" });
  });
});
