import { afterEach, describe, expect, it } from "vitest";
import type { PrismaClient } from "../../src/db/client.js";
import type { RequestStatus } from "../../src/domain/request-lifecycle.js";
import { databaseTargets } from "../support/databases.js";
import type { Flow } from "../support/flow.js";
import { startFlowOn } from "../support/flow-targets.js";
import { act, label } from "../support/intake-driver.js";
import { storedMediator } from "../support/mediator-driver.js";
import { startedUser, submitRequest } from "../support/requests.js";

let flow: Flow | undefined;
afterEach(async () => {
  await flow?.stop();
  flow = undefined;
});

/** A request already taken by a mediator (as the offers feature leaves it). */
async function caseOf(prisma: PrismaClient, citizenId: number, mediatorId: number, status: RequestStatus, overrides: Parameters<typeof submitRequest>[3] = {}) {
  const request = await submitRequest(prisma, citizenId, new Date("2026-03-12T09:00:00Z"), overrides);
  await prisma.mediationRequest.update({ where: { id: request.id }, data: { mediatorId, status, acceptedAt: new Date("2026-03-12T10:00:00Z") } });
  return request;
}

const pausedOf = async (prisma: PrismaClient, id: number) => (await prisma.mediator.findUniqueOrThrow({ where: { id } })).paused;

describe.each(databaseTargets())("on $name", (database) => {
  describe("mediator workspace", () => {
    it("/cases lists only the mediator's own open cases, with code, dispute, place, status in words, citizen's name and phone", async () => {
      flow = await startFlowOn(database);
      const prisma = flow.app.db.prisma;
      const serik = flow.emu.user({ id: 8001, first_name: "Серік", language_code: "en" });
      const anna = flow.emu.user({ id: 8002, first_name: "Anna", language_code: "en" });
      const citizen = flow.emu.user({ id: 8003, first_name: "Айгүл", language_code: "kk" });
      const serikId = await storedMediator(prisma, await startedUser(prisma, serik));
      const annaId = await storedMediator(prisma, await startedUser(prisma, anna));
      const citizenId = await startedUser(prisma, citizen);
      const accepted = await caseOf(prisma, citizenId, serikId, "accepted", { category: "family", contactName: "Айгүл <Серікқызы>", contactPhone: "+77011234567" });
      const scheduled = await caseOf(prisma, citizenId, serikId, "scheduled", { rayonCode: "almaty_city", contactPhone: "+77019876543" });
      await prisma.mediationRequest.update({ where: { id: scheduled.id }, data: { contactName: null } });
      const completed = await caseOf(prisma, citizenId, serikId, "completed");
      const annas = await caseOf(prisma, citizenId, annaId, "accepted");
      const unassigned = await submitRequest(prisma, citizenId, new Date("2026-03-13T09:00:00Z"));

      const [list] = await act(serik, () => serik.sendText("/cases"));
      const text = list!.text!;
      expect(text).toContain("📂 Your open cases (2)");
      expect(text).toContain(`${accepted.code} · 🤝 accepted — agree on a meeting\nFamily · Burabay District, Akmola Region\n👤 Айгүл <Серікқызы> · 📱 +77011234567`);
      // Without a contact name the citizen's Telegram first name is shown; a city of republican significance is named once.
      expect(text).toContain(`${scheduled.code} · 📅 meeting arranged\nNeighbours, land and pasture · Almaty\n👤 Айгүл · 📱 +77019876543`);
      for (const other of [completed, annas, unassigned]) expect(text).not.toContain(other.code);
      // "Propose times" for the accepted case still waiting for times, one "other party" button per case
      // (src/bot/features/invitations.ts), then the usual ones.
      expect(list?.inlineButtons.flat()).toEqual([
        `🗓 Propose times · ${accepted.code}`,
        // The contract draft for the case whose session is confirmed (src/bot/features/case-documents.ts).
        `📄 Contract draft · ${scheduled.code}`,
        `👥 ${accepted.code}: other party's answer`, `👥 ${scheduled.code}: other party's answer`, label("en", "mediator:buttons.profile"), label("en", "nav.menu"),
      ]);

      const [annaList] = await act(anna, () => anna.sendText("/cases"));
      expect(annaList?.text).toContain(annas.code);
      expect(annaList?.text).not.toContain(accepted.code);
    });

    it("an accepted case without meeting times offers Propose times (the acceptance message's own button), with the citizen's contact", async () => {
      flow = await startFlowOn(database);
      const prisma = flow.app.db.prisma;
      const serik = flow.emu.user({ id: 8501, first_name: "Серік", language_code: "en" });
      const citizen = flow.emu.user({ id: 8502, first_name: "Айгүл", language_code: "en" });
      const serikId = await storedMediator(prisma, await startedUser(prisma, serik));
      const citizenId = await startedUser(prisma, citizen);
      // Accepted, but the acceptance message never arrived (a crash right after the commit).
      const waiting = await caseOf(prisma, citizenId, serikId, "accepted", { contactName: "Айгүл", contactPhone: "+77011234567" });
      // Accepted, times already proposed: nothing to propose until the citizen answers.
      const proposed = await caseOf(prisma, citizenId, serikId, "accepted");
      await prisma.appointment.create({ data: { requestId: proposed.id, status: "proposed", mode: "in_person", slots: "[]", proposedAt: new Date("2026-03-12T11:00:00Z") } });
      // Accepted, an earlier proposal cancelled: times are needed again.
      const cancelled = await caseOf(prisma, citizenId, serikId, "accepted");
      await prisma.appointment.create({ data: { requestId: cancelled.id, status: "cancelled", mode: "in_person", slots: "[]", proposedAt: new Date("2026-03-12T11:00:00Z") } });

      const [list] = await act(serik, () => serik.sendText("/cases"));
      expect(list?.text).toContain(`${waiting.code} · 🤝 accepted — agree on a meeting`);
      expect(list?.text).toContain("👤 Айгүл · 📱 +77011234567");
      const propose = list!.inlineButtons.flat().filter((b) => b.startsWith("🗓"));
      expect(propose).toEqual([`🗓 Propose times · ${waiting.code}`, `🗓 Propose times · ${cancelled.code}`]);
      // The same callback as under the acceptance message: the proposal starts for that request.
      const [first] = await act(serik, () => serik.tap(`🗓 Propose times · ${waiting.code}`));
      expect(first?.text).toContain(`Request ${waiting.code}`);
      await act(serik, () => serik.sendText("/cancel"));
      // Another mediator's (or a citizen's) tap on the same data is refused by the appointments feature.
      const [refused] = await act(citizen, () => citizen.sendCallbackData(`ap:p:${waiting.id}`));
      expect(refused?.text).toBe(label("en", "appointments:propose.notAllowed"));
    });

    it("pause and resume, by button and by command, toggle availability and say what it means", async () => {
      flow = await startFlowOn(database);
      const prisma = flow.app.db.prisma;
      const user = flow.emu.user({ id: 8101, first_name: "Серік", language_code: "ru" });
      const id = await storedMediator(prisma, await startedUser(prisma, user));
      const L = (key: string) => label("ru", key);

      await act(user, () => user.sendText("/mediator"));
      const [paused] = await act(user, () => user.tap(L("mediator:buttons.pause")));
      expect(paused?.edited).toBe(true);
      expect(paused?.text).toContain("Пауза включена.");
      expect(paused?.text).toContain("Статус: ⏸ активен, на паузе");
      expect(paused?.inlineButtons.flat()).toContain(L("mediator:buttons.resume"));
      expect(await pausedOf(prisma, id)).toBe(true);

      const [resumed] = await act(user, () => user.tap(L("mediator:buttons.resume")));
      expect(resumed?.text).toContain("Вы снова доступны.");
      expect(await pausedOf(prisma, id)).toBe(false);

      await act(user, () => user.sendText("/pause"));
      expect(await pausedOf(prisma, id)).toBe(true);
      const [again] = await act(user, () => user.sendText("/resume"));
      expect(again?.text).toContain("Статус: ✅ активен");
      expect(await pausedOf(prisma, id)).toBe(false);
    });

    it("a forged or foreign button changes nothing: another mediator's, a citizen's", async () => {
      flow = await startFlowOn(database);
      const prisma = flow.app.db.prisma;
      const owner = flow.emu.user({ id: 8201, first_name: "Owner", language_code: "en" });
      const other = flow.emu.user({ id: 8202, first_name: "Other", language_code: "en" });
      const citizen = flow.emu.user({ id: 8203, first_name: "Citizen", language_code: "en" });
      const ownerId = await storedMediator(prisma, await startedUser(prisma, owner));
      const otherId = await storedMediator(prisma, await startedUser(prisma, other));
      await startedUser(prisma, citizen);
      const before = await prisma.mediator.findMany({ orderBy: { id: "asc" } });

      const [shown] = await act(other, () => other.sendCallbackData(`mw:z:${ownerId}`));
      expect(shown?.text).toContain(label("en", "mediator:workspace.notYours"));
      expect(shown?.text).toContain("Your mediator profile"); // their own, not the owner's
      // The same answer again leaves the screen as it is; the tap is still answered.
      await other.sendCallbackData(`mw:e:${ownerId}`);
      await other.waitForCallbackAnswer();
      const [cases] = await act(citizen, () => citizen.sendCallbackData(`mw:c:${ownerId}`));
      expect(cases?.text).toBe(label("en", "mediator:workspace.notYours"));
      await citizen.sendCallbackData(`mw:r:${otherId}`);
      await citizen.waitForCallbackAnswer();
      // A later update of the same chat runs only after the forged ones are fully handled.
      const [help] = await act(other, () => other.sendText("/help"));
      expect(help?.text).toContain("/mediator"); // the forged "edit" started no application (it would answer instead)
      await act(citizen, () => citizen.sendText("/start"));
      expect(await prisma.mediator.findMany({ orderBy: { id: "asc" } })).toEqual(before);
    });
  });
});

describe("mediator workspace for people without an active profile", () => {
  it("someone without a profile gets a kind explanation and the way to apply", async () => {
    flow = await startFlowOn(databaseTargets()[0]!);
    const user = flow.emu.user({ id: 8301, first_name: "Айгүл", language_code: "kk" });
    await startedUser(flow.app.db.prisma, user);
    const [reply] = await act(user, () => user.sendText("/cases"));
    expect(reply?.text).toContain("Келісімнің бұл бөлімі медиаторларға арналған");
    expect(reply?.inlineButtons.flat()).toEqual([label("kk", "mediator:buttons.apply"), label("kk", "nav.menu")]);
    await act(user, () => user.sendText("/pause"));
    const [intro] = await act(user, () => user.tap(label("kk", "mediator:buttons.apply")));
    expect(intro?.text).toContain("Келісім ботында медиатор болу");
  });

  it.each([
    { status: "pending" as const, says: "Your application is still waiting for an operator's review", buttons: ["mediator:buttons.edit", "nav.menu"] },
    { status: "rejected" as const, says: "Your application was not approved", buttons: ["mediator:buttons.edit", "nav.menu"] },
    { status: "suspended" as const, says: "Your profile is suspended", buttons: ["nav.menu"] },
  ])("a $status mediator is told why there are no cases", async ({ status, says, buttons }) => {
    flow = await startFlowOn(databaseTargets()[0]!);
    const prisma = flow.app.db.prisma;
    const user = flow.emu.user({ id: 8401, first_name: "Anna", language_code: "en" });
    const id = await storedMediator(prisma, await startedUser(prisma, user), status);
    const [reply] = await act(user, () => user.sendText("/cases"));
    expect(reply?.text).toContain(says);
    expect(reply?.inlineButtons.flat()).toEqual(buttons.map((key) => label("en", key)));
    if (status === "rejected") expect(reply?.text).toContain("Reason: Тізілімнен табылмады");
    await act(user, () => user.sendText("/pause"));
    expect(await pausedOf(prisma, id)).toBe(false);
    // A forged "cases" button of their own profile shows the same explanation (the screen stays), never the list.
    await user.sendCallbackData(`mw:c:${id}`);
    await user.waitForCallbackAnswer();
    // /help lists the commands of the person's role: without an active profile, not the mediator's /cases.
    const [help] = await act(user, () => user.sendText("/help"));
    expect(help?.text).toContain("/mediator");
    expect(help?.text).not.toContain("/cases");
    expect(user.messages().filter((m) => m.fromBot).some((m) => m.text?.includes("Your open cases"))).toBe(false);
  });
});
