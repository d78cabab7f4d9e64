import { afterEach, describe, expect, it } from "vitest";
import type { PrismaClient } from "../../src/db/client.js";
import { databaseTargets } from "../support/databases.js";
import { startFlow, type Flow } from "../support/flow.js";
import { startFlowOn } from "../support/flow-targets.js";
import { setStatus, startedUser, submitRequest } from "../support/requests.js";

let flow: Flow | undefined;
afterEach(async () => {
  await flow?.stop();
  flow = undefined;
});

const NOW = new Date("2026-03-14T06:00:00.000Z");
// 20:00 UTC on 12 March is already 13 March in Kazakhstan (UTC+5): the list must show the 13th.
const LATE_EVENING_UTC = new Date("2026-03-12T20:00:00.000Z");

/** Everything about requests that a tap could change: rows and their history. */
async function requestsSnapshot(prisma: PrismaClient) {
  const requests = await prisma.mediationRequest.findMany({ orderBy: { id: "asc" }, select: { id: true, status: true, closedAt: true, updatedAt: true } });
  return { requests, changes: await prisma.requestStatusChange.count() };
}

describe("My requests", () => {
  it("lists only the person's own requests, with code, local date, rayon and status in words", async () => {
    flow = await startFlow({ now: () => NOW });
    const prisma = flow.app.db.prisma;
    const aigul = flow.emu.user({ id: 5001, first_name: "Aigul", language_code: "en" });
    const bolat = flow.emu.user({ id: 5002, first_name: "Bolat", language_code: "en" });
    const aigulId = await startedUser(prisma, aigul);
    const bolatId = await startedUser(prisma, bolat);
    const first = await submitRequest(prisma, aigulId, LATE_EVENING_UTC);
    const second = await submitRequest(prisma, aigulId, new Date("2026-03-13T08:00:00Z"), { rayonCode: "almaty_city", category: "family" });
    const others = await submitRequest(prisma, bolatId, new Date("2026-03-13T09:00:00Z"));

    // From the main menu (chosen language → menu), the list replaces the menu in the same message.
    await aigul.tap("English");
    await aigul.waitForReply();
    await aigul.tap("📂 My requests");
    const [list] = await aigul.waitForReply();
    expect(list?.edited).toBe(true);
    expect(list?.text).toContain("My requests");
    expect(list?.text).toContain(`${first.code} · 13 March 2026\nBurabay District\n🕓 Looking for a mediator`);
    expect(list?.text).toContain(`${second.code} · 13 March 2026\nAlmaty`);
    expect(list?.text).not.toContain(others.code);
    // Newest first, one button per request, then Menu.
    expect(list?.inlineButtons.flat()).toEqual([`${second.code} · 🕓 Looking for a mediator`, `${first.code} · 🕓 Looking for a mediator`, "🏠 Menu"]);

    await bolat.sendText("/myrequests");
    const [bolatList] = await bolat.waitForReply();
    expect(bolatList?.text).toContain(others.code);
    expect(bolatList?.text).not.toContain(first.code);
    expect(bolatList?.text).not.toContain(second.code);
  });

  it.each([
    { language_code: "kk", title: "Менің өтінімдерім", date: "2026 ж. 13 наурыз", rayon: "Бурабай ауданы", status: "🕓 Медиатор ізделуде" },
    { language_code: "ru", title: "Мои заявки", date: "13 марта 2026 г.", rayon: "Бурабайский район", status: "🕓 Ищем медиатора" },
  ])("writes the list in $language_code the way that language writes dates and places", async ({ language_code, title, date, rayon, status }) => {
    flow = await startFlow({ now: () => NOW });
    const user = flow.emu.user({ id: 5010, first_name: "Ерлан", language_code });
    const id = await startedUser(flow.app.db.prisma, user);
    const { code } = await submitRequest(flow.app.db.prisma, id, LATE_EVENING_UTC);
    await user.sendText("/myrequests");
    const [list] = await user.waitForReply();
    expect(list?.text).toContain(title);
    expect(list?.text).toContain(`${code} · ${date}\n${rayon}\n${status}`);
  });

  it("says kindly when there is nothing yet, and offers to request a mediator", async () => {
    flow = await startFlow({ now: () => NOW });
    const user = flow.emu.user({ id: 5020, first_name: "Dana", language_code: "en" });
    await user.sendText("/myrequests");
    const [empty] = await user.waitForReply();
    expect(empty?.text).toContain("You have no requests yet");
    expect(empty?.inlineButtons.flat()).toEqual(["🤝 Request a mediator", "🏠 Menu"]);
  });

  it("shows every field in words, escaping what the person wrote; a voice description is named as such", async () => {
    flow = await startFlow({ now: () => NOW });
    const prisma = flow.app.db.prisma;
    const user = flow.emu.user({ id: 5030, first_name: "Aigul", language_code: "en" });
    const id = await startedUser(prisma, user);
    const written = await submitRequest(prisma, id, LATE_EVENING_UTC, {
      description: { kind: "text", text: "The <b>fence</b> & the gate" },
      otherPartyAware: "agrees",
      inCourt: true,
      costPreference: "either",
      mode: "video",
      sessionLanguage: "ru",
      contactName: "Aigul <Serik>",
    });
    const spoken = await submitRequest(prisma, id, new Date("2026-03-13T08:00:00Z"), { description: { kind: "voice", fileId: "voice-1", duration: 12 }, rayonCode: "astana_city" });

    await user.sendText("/myrequests");
    await user.waitForReply();
    await user.tap(new RegExp(`^${written.code}`));
    const [details] = await user.waitForReply();
    expect(details?.edited).toBe(true);
    expect(details?.text).toBe(
      [
        `📄 Request ${written.code}`,
        "🔎 Looking for a mediator in Burabay District, Akmola Region.",
        "Status: 🕓 Looking for a mediator",
        "Sent on: 13 March 2026",
        "Dispute: Neighbours, land and pasture",
        "What happened: The <b>fence</b> & the gate",
        "Other side: a neighbour (agrees to mediation)",
        "Already in court: yes",
        "Cost: a public mediator, or else a professional (fee agreed in advance)",
        "Where: Burabay District, Akmola Region",
        "Meeting: by video call",
        "Language of the meeting: Russian",
        "Contact: Aigul <Serik>, +77011234567",
        "Other party: not invited yet",
      ].join("\n"),
    );
    expect(details?.inlineButtons.flat()).toEqual(["👥 Invite the other party", "❌ Cancel request", "📂 My requests", "🏠 Menu"]);

    await user.tap("📂 My requests");
    await user.waitForReply();
    await user.tap(new RegExp(`^${spoken.code}`));
    const [voice] = await user.waitForReply();
    expect(voice?.text).toContain("What happened: 🎤 voice message");
    expect(voice?.text).toContain("Where: Astana\n"); // a city of republican significance is named once
  });

  describe.each(databaseTargets())("on $name", (target) => {
    it("cancels after a confirmation, recording who and when; 'keep it' changes nothing", async () => {
      flow = await startFlowOn(target, { now: () => NOW });
      expect(flow.app.db.provider).toBe(target.name);
      const prisma = flow.app.db.prisma;
      const user = flow.emu.user({ id: 5040, first_name: "Aigul", language_code: "en" });
      const userId = await startedUser(prisma, user);
      const { id, code } = await submitRequest(prisma, userId, LATE_EVENING_UTC);

      await user.sendText("/myrequests");
      await user.waitForReply();
      await user.tap(new RegExp(`^${code}`));
      await user.waitForReply();
      await user.tap("❌ Cancel request");
      const [ask] = await user.waitForReply();
      expect(ask?.text).toContain(`Cancel request ${code}?`);
      expect(ask?.inlineButtons.flat()).toEqual(["✅ Yes, cancel", "↩️ No, keep it"]);

      await user.tap("↩️ No, keep it");
      const [kept] = await user.waitForReply();
      expect(kept?.text).toContain("Status: 🕓 Looking for a mediator");
      expect((await prisma.mediationRequest.findUniqueOrThrow({ where: { id } })).status).toBe("submitted");

      await user.tap("❌ Cancel request");
      await user.waitForReply();
      await user.tap("✅ Yes, cancel");
      const [done] = await user.waitForReply();
      expect(done?.text).toContain(`✅ Request ${code} is cancelled.`);
      expect(done?.text).toContain("Status: ✖️ Cancelled");
      expect(done?.inlineButtons.flat()).toEqual(["📂 My requests", "🏠 Menu"]);

      const row = await prisma.mediationRequest.findUniqueOrThrow({ where: { id } });
      expect(row.status).toBe("cancelled");
      expect(row.closedAt?.toISOString()).toBe(NOW.toISOString());
      const changes = await prisma.requestStatusChange.findMany({ where: { requestId: id }, orderBy: { id: "asc" } });
      expect(changes.map((c) => ({ from: c.fromStatus, to: c.toStatus, actorId: c.actorId, role: c.actorRole, at: c.createdAt.toISOString() }))).toEqual([
        { from: null, to: "submitted", actorId: userId, role: "citizen", at: LATE_EVENING_UTC.toISOString() },
        { from: "submitted", to: "cancelled", actorId: userId, role: "citizen", at: NOW.toISOString() },
      ]);

      // A second tap on the old confirmation (a double tap) is refused and records nothing more.
      await user.sendCallbackData(`qy:${id}`);
      const [again] = await user.waitForReply();
      expect(again?.text).toContain("This request can no longer be cancelled.");
      expect(await prisma.requestStatusChange.count({ where: { requestId: id } })).toBe(2);
    });

    it("tells another person 'not found' for forged callback data and changes nothing", async () => {
      flow = await startFlowOn(target, { now: () => NOW });
      const prisma = flow.app.db.prisma;
      const owner = flow.emu.user({ id: 5050, first_name: "Aigul", language_code: "en" });
      const intruder = flow.emu.user({ id: 5051, first_name: "Marat", language_code: "ru" });
      const ownerId = await startedUser(prisma, owner);
      await startedUser(prisma, intruder);
      const { id, code } = await submitRequest(prisma, ownerId, LATE_EVENING_UTC, { description: { kind: "text", text: "Secret dispute details" } });
      const before = await requestsSnapshot(prisma);

      for (const data of [`q:${id}`, `qc:${id}`, `qy:${id}`, "qy:999999999"]) {
        // Each forged tap lands on a fresh screen of the intruder's own (empty) list.
        await intruder.sendText("/myrequests");
        await intruder.waitForReply();
        await intruder.sendCallbackData(data);
        const [answer] = await intruder.waitForReply();
        expect(answer?.text).toContain("Среди ваших заявок такой нет");
        expect(answer?.text).not.toContain(code);
        expect(answer?.text).not.toContain("Secret dispute details");
      }
      expect(await requestsSnapshot(prisma)).toEqual(before);
    });
  });

  it.each(["completed", "cancelled", "expired"] as const)("shows no cancel button on a %s request and refuses a forged cancel", async (status) => {
    flow = await startFlow({ now: () => NOW });
    const prisma = flow.app.db.prisma;
    const user = flow.emu.user({ id: 5060, first_name: "Aigul", language_code: "en" });
    const userId = await startedUser(prisma, user);
    const { id, code } = await submitRequest(prisma, userId, LATE_EVENING_UTC);
    await setStatus(prisma, id, status, new Date("2026-03-13T12:00:00Z"));
    const before = await requestsSnapshot(prisma);

    for (const data of [`qc:${id}`, `qy:${id}`]) {
      await user.sendText("/myrequests");
      await user.waitForReply();
      await user.tap(new RegExp(`^${code}`));
      const [details] = await user.waitForReply();
      expect(details?.inlineButtons.flat()).toEqual(["📂 My requests", "🏠 Menu"]);
      // The button is gone, but an old keyboard or a tampered client can still send the data.
      await user.sendCallbackData(data);
      const [refused] = await user.waitForReply();
      expect(refused?.text).toContain("This request can no longer be cancelled.");
      expect(refused?.inlineButtons.flat()).not.toContain("❌ Cancel request");
    }
    expect(await requestsSnapshot(prisma)).toEqual(before);
  });
});
