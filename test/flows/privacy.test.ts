import { afterEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import type { ChatMessage, EmulatedUser } from "../support/bot-api-emulator/types.js";
import { databaseTargets } from "../support/databases.js";
import { startFlow, type Flow } from "../support/flow.js";
import { startFlowOn } from "../support/flow-targets.js";
import { setStatus, startedUser, submitRequest } from "../support/requests.js";

let flow: Flow | undefined;
afterEach(async () => {
  await flow?.stop();
  flow = undefined;
});

const NOW = new Date("2026-03-14T06:00:00.000Z"); // 11:00 on 14 March in Kazakhstan
const SUBMITTED = new Date("2026-03-12T08:00:00.000Z");

// What the person typed or Telegram told us: none of it may survive /deletedata, anywhere.
const GULNAZ = { first: "Гүлназ", last: "Тәжібаева" };
const PERSONAL = {
  contactName: "Гүлназ Тәжібаева",
  phone: "+77015550199",
  description: "Көршінің сиыры бидайымды таптап кетті",
  secondDescription: "Ағамның үйіндегі мұра туралы дау",
  voiceFileId: "voice-file-of-gulnaz",
  // Typed into meetings (security review P2): the place (by the mediator), her rating comment and her own cancel reason.
  meetingPlace: "Гүлназдың үйі, Абай көшесі 7",
  ratingComment: "Көршім Болат әлі де қорқытып жүр, маған +77015550000 нөміріне хабарласыңыз",
  cancelReason: "Күйеуім тағы ұрды, Щучинск ауруханасындамын",
  // The agreement recorded after the held meeting (issue #16): a typed term and a spoken one.
  termAction: "Ағам үйдің жартысын маған 25 ақпанға дейін береді",
  termVoiceFileId: "voice-file-of-the-term",
};

/** The bot's messages until the JSON document has arrived (the upload may come a moment after the text). */
async function untilDocument(user: EmulatedUser): Promise<{ texts: ChatMessage[]; document: ChatMessage }> {
  const seen: ChatMessage[] = [];
  for (let i = 0; i < 5; i++) {
    seen.push(...(await user.waitForReply()));
    const document = seen.find((m) => m.kind === "document");
    if (document) return { texts: seen.filter((m) => m.kind === "text"), document };
  }
  throw new Error("No document arrived");
}

/** Every row of every table (listed from the database itself, so a table added later is covered too), as one string. */
async function everyRow(db: Database): Promise<{ tables: string[]; dump: string }> {
  const listing =
    db.provider === "sqlite"
      ? `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
      : `SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`;
  const tables = (await db.prisma.$queryRawUnsafe<Array<{ name: string }>>(listing)).map((t) => t.name).sort();
  const rows: Record<string, unknown> = {};
  for (const table of tables) rows[table] = await db.prisma.$queryRawUnsafe(`SELECT * FROM "${table.replace(/"/g, '""')}"`);
  return { tables, dump: JSON.stringify(rows, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value)) };
}

/** Gulnaz (id 6001) with an open text request, a completed voice request and an unfinished intake draft. */
async function gulnazWithRequests(f: Flow, language_code = "en") {
  const prisma = f.app.db.prisma;
  const user = f.emu.user({ id: 6001, first_name: GULNAZ.first, last_name: GULNAZ.last, language_code });
  const userId = await startedUser(prisma, user);
  await prisma.user.update({ where: { id: userId }, data: { preferredRayonCode: "akmola.burabay" } }); // she came through a Burabay poster
  const open = await submitRequest(prisma, userId, SUBMITTED, { description: { kind: "text", text: PERSONAL.description }, contactName: PERSONAL.contactName, contactPhone: PERSONAL.phone });
  const done = await submitRequest(prisma, userId, new Date("2026-02-01T08:00:00Z"), {
    category: "inheritance",
    rayonCode: "almaty_city",
    description: { kind: "voice", fileId: PERSONAL.voiceFileId, duration: 40 },
    contactName: PERSONAL.contactName,
    contactPhone: PERSONAL.phone,
  });
  await setStatus(prisma, done.id, "completed", new Date("2026-02-20T08:00:00Z"));
  const met = new Date("2026-02-10T08:00:00Z");
  await prisma.appointment.create({ data: { requestId: done.id, status: "cancelled", mode: "in_person", place: PERSONAL.meetingPlace, slots: "[]", proposedAt: met, cancelledAt: met, cancelledBy: "citizen", cancelReason: PERSONAL.cancelReason } });
  const held = await prisma.appointment.create({ data: { requestId: done.id, status: "completed", mode: "phone", slots: "[]", proposedAt: met, startsAt: met, outcome: "agreement", rating: 4, ratingComment: PERSONAL.ratingComment } });
  const term = await prisma.agreementTerm.create({ data: { requestId: done.id, appointmentId: held.id, position: 1, party: "other_party", action: PERSONAL.termAction, dueDate: "2026-02-25", amountTenge: 150_000 } });
  await prisma.agreementTerm.create({ data: { requestId: done.id, appointmentId: held.id, position: 2, party: "both", voiceFileId: PERSONAL.termVoiceFileId, voiceDuration: 12 } });
  const asked = new Date("2026-02-26T04:00:00Z");
  await prisma.termCheck.create({ data: { termId: term.id, recipient: "citizen", round: 1, dueAt: asked, status: "answered", sentAt: asked, answer: "partly", answeredAt: asked } });
  // State kept under the person's chat id in the storage table (here a session entry: a conversation entry
  // must be in the conversations plugin's own format, and is covered by test/db/privacy-repository.test.ts).
  const unfinished = JSON.stringify({ draft: { description: PERSONAL.secondDescription, contactName: PERSONAL.contactName, contactPhone: PERSONAL.phone } });
  await prisma.storageEntry.create({ data: { key: `session:${user.id}`, value: unfinished } });
  return { user, userId, open, done };
}

describe("/mydata", () => {
  it("sends a readable summary and the same data as a JSON document", async () => {
    flow = await startFlow({ now: () => NOW });
    const { user, open, done } = await gulnazWithRequests(flow);

    await user.sendText("/mydata");
    const { texts, document } = await untilDocument(user);
    const summary = texts.map((m) => m.text).join("\n\n");
    expect(summary).toContain("What Kelisim stores about you");
    expect(summary).toContain("Telegram id: 6001");
    expect(summary).toContain(`Name: ${GULNAZ.first} ${GULNAZ.last}`);
    expect(summary).toContain("Language: not chosen yet");
    expect(summary).toContain("Your requests (2)");
    expect(summary).toContain(`${open.code}\nStatus: 🕓 Looking for a mediator\nSent on: 12 March 2026`);
    expect(summary).toContain(`What happened: ${PERSONAL.description}`);
    expect(summary).toContain(`${done.code}\nStatus: ✅ Completed`);
    expect(summary).toContain("What happened: 🎤 voice message");
    expect(summary).toContain(`Contact: ${PERSONAL.contactName}, ${PERSONAL.phone}`);
    expect(summary).not.toContain("We keep no name");
    // The meetings of the finished request: place, outcome, rating, her comment and her cancel reason.
    expect(summary).toContain(`📅 time not set · in person — cancelled\nPlace: ${PERSONAL.meetingPlace}\nCancel reason: ${PERSONAL.cancelReason}`);
    expect(summary).toContain(`📅 10 Feb 2026, 13:00 · by phone — held\nOutcome: 🤝 Agreement signed\nYour rating: 4 of 5\nYour comment: ${PERSONAL.ratingComment}`);
    expect(summary).toContain("An unfinished conversation with the bot is stored");
    expect(summary).toMatch(/District from a poster: Burabay/);
    // The agreement of the held meeting: each term with who, what, by when and the amount, and her own answer.
    expect(summary).toContain(`Agreements in your cases (1)`);
    expect(summary).toContain(`${done.code}\n1. The other party: ${PERSONAL.termAction} — by 25 February 2026 · 150,000 ₸\n   Your answer: partly done\n2. Both parties: 🎤 voice recording — no date`);

    expect(document.document?.fileName).toBe("kelisim-my-data.json");
    expect(document.text).toBe("📎 Your data from Kelisim, as a file");
    expect(document.inlineButtons.flat()).toEqual(["🗑 Delete my data", "🏠 Menu"]);
    const exported = JSON.parse(document.document!.content!.toString("utf8"));
    expect(exported.exportedAt).toBe(NOW.toISOString());
    expect(exported.user).toMatchObject({ telegramId: "6001", firstName: GULNAZ.first, lastName: GULNAZ.last, locale: null, telegramLanguage: "en", preferredRayonCode: "akmola.burabay", erasedAt: null });
    expect(exported.requests).toHaveLength(2);
    const [first, second] = exported.requests;
    expect(first).toMatchObject({ code: done.code, status: "completed", category: "inheritance", rayonCode: "almaty_city", hasVoice: true, description: null, contactPhone: PERSONAL.phone });
    expect(second).toMatchObject({
      code: open.code, status: "submitted", category: "neighbours", rayonCode: "akmola.burabay", description: PERSONAL.description,
      contactName: PERSONAL.contactName, contactPhone: PERSONAL.phone, submittedAt: SUBMITTED.toISOString(), inCourt: false,
    });
    expect(second.history).toEqual([{ from: null, to: "submitted", by: "citizen", at: SUBMITTED.toISOString() }]);
    expect(second.appointments).toEqual([]);
    expect(first.appointments).toEqual([
      { status: "cancelled", mode: "in_person", place: PERSONAL.meetingPlace, startsAt: null, outcome: null, rating: null, ratingComment: null, cancelledBy: "citizen", cancelReason: PERSONAL.cancelReason },
      { status: "completed", mode: "phone", place: null, startsAt: "2026-02-10T08:00:00.000Z", outcome: "agreement", rating: 4, ratingComment: PERSONAL.ratingComment, cancelledBy: null, cancelReason: null },
    ]);
    expect(exported.storedState).toEqual([{ key: "session:6001", value: expect.stringContaining(PERSONAL.secondDescription) }]);
    expect(exported.agreements).toEqual([{
      requestCode: done.code, as: "citizen", terms: [
        { position: 1, party: "other_party", action: PERSONAL.termAction, hasVoice: false, dueDate: "2026-02-25", amountTenge: 150_000, answers: [{ round: 1, status: "answered", answer: "partly", answeredAt: "2026-02-26T04:00:00.000Z" }] },
        { position: 2, party: "both", action: null, hasVoice: true, dueDate: null, amountTenge: null, answers: [] },
      ],
    }]);
  });

  it("says so when a person has sent no requests", async () => {
    flow = await startFlow({ now: () => NOW });
    const user = flow.emu.user({ id: 6002, first_name: "Ерлан", language_code: "kk" });
    await user.sendText("/start");
    await user.waitForReply();
    await user.tap("Қазақша");
    await user.waitForReply();
    await user.sendText("/mydata");
    const { texts, document } = await untilDocument(user);
    const summary = texts.map((m) => m.text).join("\n\n");
    expect(summary).toContain("Келісім Сіз туралы не сақтайды");
    expect(summary).toContain("Аты-жөні: Ерлан");
    expect(summary).toContain("Тіл: Қазақша");
    expect(summary).toContain("Өтінімдер: Сіз әлі өтінім берген жоқсыз.");
    expect(JSON.parse(document.document!.content!.toString("utf8")).requests).toEqual([]);
  });
});

describe("/deletedata", () => {
  it("explains first, and 'Keep my data' (reached from /mydata) erases nothing", async () => {
    flow = await startFlow({ now: () => NOW });
    const prisma = flow.app.db.prisma;
    const { user, open, done } = await gulnazWithRequests(flow);
    await user.sendText("/mydata");
    await untilDocument(user);
    const before = await everyRow(flow.app.db);

    await user.tap("🗑 Delete my data");
    const [explain] = await user.waitForReply();
    expect(explain?.text).toContain("What will be erased: your name, phone numbers, descriptions of your disputes, voice messages");
    expect(explain?.text).toContain("What is kept, and why:");
    expect(explain?.text).toContain("anonymous statistics — category, rayon, status and dates");
    expect(explain?.text).toContain("the places of your meetings, your rating comments and typed cancel reasons");
    expect(explain?.text).toContain("your Telegram id and chosen language, so that the bot can answer you and knows not to record your name again");
    expect(explain?.text).toContain("messages already delivered in Telegram stay in those chats");
    expect(explain?.text).not.toContain("As a mediator");
    expect(explain?.text).toContain(`These open requests will be cancelled, because a mediator could no longer contact you: ${open.code}.`);
    expect(explain?.text).not.toContain(done.code);
    expect(explain?.inlineButtons.flat()).toEqual(["🗑 Erase", "↩️ Keep my data"]);

    await user.tap("↩️ Keep my data");
    const [kept] = await user.waitForReply();
    expect(kept?.text).toBe("👍 Nothing was erased: your data stays as it was.");
    expect(kept?.edited).toBe(true);
    expect((await everyRow(flow.app.db)).dump).toBe(before.dump);
    expect((await prisma.user.findUniqueOrThrow({ where: { telegramId: 6001n } })).firstName).toBe(GULNAZ.first);
  });

  describe.each(databaseTargets())("on $name", (target) => {
    it("leaves no name, phone, description or voice of the person in any table, keeps anonymous statistics, and does not re-record them", async () => {
      flow = await startFlowOn(target, { now: () => NOW });
      expect(flow.app.db.provider).toBe(target.name);
      const prisma = flow.app.db.prisma;
      const { user, userId, open, done } = await gulnazWithRequests(flow);
      // Someone else's data must survive untouched (and proves the scan below really sees the rows).
      const bolat = flow.emu.user({ id: 6100, first_name: "Болат", last_name: "Оспанов", language_code: "kk" });
      const bolatId = await startedUser(prisma, bolat);
      const bolatRequest = await submitRequest(prisma, bolatId, SUBMITTED, { description: { kind: "text", text: "Болаттың дауы" }, contactName: "Болат Оспанов", contactPhone: "+77029998877" });
      await prisma.storageEntry.create({ data: { key: `session:${bolat.id}`, value: JSON.stringify({ name: "Болат Оспанов" }) } });

      const before = await everyRow(flow.app.db);
      for (const value of [GULNAZ.first, GULNAZ.last, ...Object.values(PERSONAL)]) expect(before.dump).toContain(value);
      expect(before.tables).toEqual(expect.arrayContaining(["User", "MediationRequest", "RequestStatusChange", "StorageEntry"]));
      const requestsBefore = await prisma.mediationRequest.count();

      await user.sendText("/deletedata");
      await user.waitForReply();
      await user.tap("🗑 Erase");
      const [report] = await user.waitForReply();
      expect(report?.text).toContain("✅ Your personal data is erased.");
      expect(report?.text).toContain("1 open request was cancelled.");
      expect(report?.text).toContain("2 requests are kept as anonymous statistics (category, rayon, status and dates), no longer linked to you, to plan where mediators are needed.");
      expect(report?.text).toContain("We keep only your Telegram id and chosen language, so that the bot can answer you and knows not to record your name again.");
      expect(report?.inlineButtons.flat()).toEqual(["🏠 Menu"]);

      const after = await everyRow(flow.app.db);
      expect(after.tables).toEqual(before.tables);
      for (const value of [GULNAZ.first, GULNAZ.last, ...Object.values(PERSONAL), PERSONAL.phone.slice(1)]) expect(after.dump).not.toContain(value);
      for (const value of ["Болат", "Оспанов", "Болаттың дауы", "+77029998877"]) expect(after.dump).toContain(value);

      // Anonymous statistics stay: every request row, with category, rayon and dates; the open one is cancelled by the citizen.
      expect(await prisma.mediationRequest.count()).toBe(requestsBefore);
      const rows = await prisma.mediationRequest.findMany({ where: { id: { in: [open.id, done.id] } }, orderBy: { id: "asc" } });
      expect(rows.map((r) => ({ code: r.code, status: r.status, category: r.category, rayonCode: r.rayonCode, submittedAt: r.submittedAt.toISOString(), citizenId: r.citizenId }))).toEqual([
        { code: open.code, status: "cancelled", category: "neighbours", rayonCode: "akmola.burabay", submittedAt: SUBMITTED.toISOString(), citizenId: null },
        { code: done.code, status: "completed", category: "inheritance", rayonCode: "almaty_city", submittedAt: "2026-02-01T08:00:00.000Z", citizenId: null },
      ]);
      // After erasure no request row and no history row points to the person.
      expect(await prisma.mediationRequest.count({ where: { OR: [{ citizenId: userId }, { assistedById: userId }, { otherPartyUserId: userId }] } })).toBe(0);
      expect(await prisma.requestStatusChange.count({ where: { actorId: userId } })).toBe(0);
      const cancellation = await prisma.requestStatusChange.findFirstOrThrow({ where: { requestId: open.id, toStatus: "cancelled" } });
      expect(cancellation).toMatchObject({ fromStatus: "submitted", actorId: null, actorRole: "citizen", createdAt: NOW });
      // The meetings keep their statistics (mode, outcome, rating), not the words.
      expect(await prisma.appointment.findMany({ where: { requestId: done.id }, orderBy: { id: "asc" }, select: { mode: true, place: true, cancelReason: true, outcome: true, rating: true, ratingComment: true } })).toEqual([
        { mode: "in_person", place: null, cancelReason: null, outcome: null, rating: null, ratingComment: null },
        { mode: "phone", place: null, cancelReason: null, outcome: "agreement", rating: 4, ratingComment: null },
      ]);
      expect((await prisma.mediationRequest.findUniqueOrThrow({ where: { id: bolatRequest.id } })).status).toBe("submitted");
      // The agreement keeps what the fulfilment rate counts (who, the due date, the answer), not the words, voice or amount.
      expect(await prisma.agreementTerm.findMany({ where: { requestId: done.id }, orderBy: { position: "asc" }, select: { party: true, action: true, voiceFileId: true, dueDate: true, amountTenge: true } })).toEqual([
        { party: "other_party", action: null, voiceFileId: null, dueDate: "2026-02-25", amountTenge: null },
        { party: "both", action: null, voiceFileId: null, dueDate: null, amountTenge: null },
      ]);
      expect(await prisma.termCheck.findMany({ select: { answer: true } })).toEqual([{ answer: "partly" }]);

      // L7: the Telegram app's language and a poster's rayon go too (the language comes back with the next message,
      // as the bot needs it to write to the person until they choose one).
      expect(await prisma.user.findUniqueOrThrow({ where: { telegramId: 6001n } })).toMatchObject({ telegramLanguage: null, preferredRayonCode: null });

      // Writing again (a new /start, with the same Telegram names) does not put the name back.
      await user.sendText("/start");
      const [welcome] = await user.waitForReply();
      expect(welcome?.text).toBeTruthy();
      const again = await everyRow(flow.app.db);
      for (const value of [GULNAZ.first, GULNAZ.last]) expect(again.dump).not.toContain(value);
      expect(await prisma.user.findUniqueOrThrow({ where: { telegramId: 6001n } })).toMatchObject({ firstName: "", lastName: null, erasedAt: NOW });

      // /mydata now says plainly that nothing personal is left.
      await user.sendText("/mydata");
      const { texts, document } = await untilDocument(user);
      const summary = texts.map((m) => m.text).join("\n\n");
      expect(summary).toContain("We keep no name, no phone and nothing you wrote: only your Telegram id and chosen language");
      expect(summary).toContain("Your personal data was erased on 14 March 2026.");
      expect(summary).toContain("Name: — (erased)");
      expect(summary).toContain("Requests: those you sent before erasing are kept only as anonymous statistics and are no longer linked to you.");
      expect(summary).not.toContain(open.code);
      const exported = JSON.parse(document.document!.content!.toString("utf8"));
      expect(exported.user).toMatchObject({ firstName: "", lastName: null, preferredRayonCode: null, erasedAt: NOW.toISOString() });
      expect(exported.requests).toEqual([]);
      expect(exported.storedState).toEqual([]);
      expect(exported.agreements).toEqual([]);
    });
  });

  it.each([
    { language_code: "en", open: 1, closed: 0, lines: ["1 open request was cancelled.", "1 request is kept as anonymous statistics"] },
    { language_code: "en", open: 0, closed: 3, lines: ["You have no open requests", "3 requests are kept as anonymous statistics"] },
    { language_code: "ru", open: 2, closed: 3, lines: ["2 открытые заявки отменены.", "5 заявок сохранено как анонимная статистика"] },
    { language_code: "ru", open: 1, closed: 20, lines: ["1 открытая заявка отменена.", "21 заявка сохранена как анонимная статистика"] },
    { language_code: "ru", open: 5, closed: 0, lines: ["5 открытых заявок отменено.", "5 заявок сохранено как анонимная статистика"] },
    { language_code: "kk", open: 2, closed: 1, lines: ["2 ашық өтінім тоқтатылды.", "3 өтінім анонимді статистика ретінде сақталды"] },
  ])("reports the cancelled and kept counts in $language_code with the right plural forms ($open open, $closed finished)", async ({ language_code, open, closed, lines }) => {
    flow = await startFlow({ now: () => NOW });
    const prisma = flow.app.db.prisma;
    const user = flow.emu.user({ id: 6200, first_name: "Test", language_code });
    const userId = await startedUser(prisma, user);
    for (let i = 0; i < open + closed; i++) {
      const { id } = await submitRequest(prisma, userId, new Date(SUBMITTED.getTime() + i * 60_000));
      if (i >= open) await setStatus(prisma, id, "completed", NOW);
    }
    await user.sendText("/deletedata");
    const [explain] = await user.waitForReply();
    await user.tap(explain!.inlineButtons[0]![0]!); // Erase, in whatever language
    const [report] = await user.waitForReply();
    const shown = `${explain?.text}\n${report?.text}`;
    for (const line of lines) expect(shown).toContain(line);
  });
});

describe("/mydata with a lot stored", () => {
  it("splits the summary into messages Telegram accepts, and still sends the document", async () => {
    flow = await startFlow({ now: () => NOW });
    const prisma = flow.app.db.prisma;
    const user = flow.emu.user({ id: 6300, first_name: "Long", language_code: "ru" });
    const userId = await startedUser(prisma, user);
    // Ten requests with the longest description intake allows, full of characters HTML must escape.
    for (let i = 0; i < 10; i++) await submitRequest(prisma, userId, SUBMITTED, { description: { kind: "text", text: `${i}&<>`.repeat(375) } });
    await user.sendText("/mydata");
    const { texts, document } = await untilDocument(user);
    expect(texts.length).toBeGreaterThan(3);
    for (const message of texts) expect(message.text!.length).toBeLessThanOrEqual(4096);
    expect(texts.map((m) => m.text).join("\n")).toContain(`${"9&<>".repeat(375)}`);
    expect(JSON.parse(document.document!.content!.toString("utf8")).requests).toHaveLength(10);
  });

  it("splits a mediator's long list of declined requests too", async () => {
    const { activeMediator } = await import("../support/mediators.js");
    flow = await startFlow({ now: () => NOW });
    const prisma = flow.app.db.prisma;
    const m = await activeMediator(flow, { id: 6310, name: "Long", locale: "en" }, { rayonCodes: ["akmola.burabay"] });
    const citizen = await prisma.user.create({ data: { telegramId: 6311n, firstName: "C" } });
    const base = { citizenId: citizen.id, status: "submitted", category: "family", otherParty: "relative", otherPartyAware: "agrees", inCourt: false, rayonCode: "akmola.burabay", mode: "phone", sessionLanguage: "kk", consentAt: NOW, submittedAt: NOW };
    await prisma.mediationRequest.createMany({ data: Array.from({ length: 60 }, (_, i) => ({ ...base, code: `KL-L${String(i).padStart(4, "0")}` })) });
    const requests = await prisma.mediationRequest.findMany({ where: { citizenId: citizen.id }, select: { id: true } });
    await prisma.offer.createMany({ data: requests.map((r, i) => ({ requestId: r.id, mediatorId: m.mediatorId, status: "declined", offeredAt: NOW, expiresAt: NOW, respondedAt: NOW, declineReason: `${i}<&>`.repeat(40) })) });
    await m.user.sendText("/mydata");
    await expect.poll(() => m.user.messages().some((msg) => msg.kind === "document")).toBe(true);
    const texts = m.user.messages().filter((msg) => msg.kind === "text" && msg.fromBot).map((msg) => msg.text!);
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(4096);
    expect(texts.join("\n")).toContain(`• KL-L0059 — ${"59<&>".repeat(40)}`);
  });
});

describe("/deletedata by a mediator", () => {
  it("erases the mediator profile's name, phone and bio everywhere and hands a waiting offer on", async () => {
    const { activeMediator } = await import("../support/mediators.js");
    flow = await startFlow();
    const m = await activeMediator(flow, { id: 6801, name: "Жанар Оспанқызы", locale: "en" }, { rayonCodes: ["akmola.burabay"], phone: "+77019998877", bio: "Ауыл әкімдігінде он жыл жұмыс істеген қоғамдық медиатор." });
    const citizenRow = await flow.app.db.prisma.user.create({ data: { telegramId: 6802n, firstName: "C" } });
    const request = await flow.app.db.prisma.mediationRequest.create({
      data: { code: "KL-MMMMM", citizenId: citizenRow.id, status: "offered", category: "family", otherParty: "relative", otherPartyAware: "agrees", inCourt: false, rayonCode: "akmola.burabay", mode: "phone", sessionLanguage: "kk", consentAt: new Date(), submittedAt: new Date() },
    });
    await flow.app.db.prisma.offer.create({ data: { requestId: request.id, mediatorId: m.mediatorId, status: "pending", offeredAt: new Date(), expiresAt: new Date(Date.now() + 3_600_000) } });
    // What else the mediator typed or the register holds about them (security review P1, P2): a typed decline
    // reason, a meeting place and their own typed cancel reason, and the register entry they joined through.
    const prisma = flow.app.db.prisma;
    const other = { citizenId: citizenRow.id, category: "family", otherParty: "relative", otherPartyAware: "agrees", inCourt: false, rayonCode: "akmola.burabay", mode: "in_person", sessionLanguage: "kk", consentAt: new Date(), submittedAt: new Date() };
    const declined = await prisma.mediationRequest.create({ data: { ...other, code: "KL-DDDDD", status: "submitted" } });
    await prisma.offer.create({ data: { requestId: declined.id, mediatorId: m.mediatorId, status: "declined", offeredAt: new Date(), expiresAt: new Date(), respondedAt: new Date(), declineReason: "Жанардың туысы бұл отбасымен араз" } });
    const handled = await prisma.mediationRequest.create({ data: { ...other, code: "KL-HHHHH", status: "accepted", mediatorId: m.mediatorId, acceptedAt: new Date() } });
    await prisma.appointment.create({ data: { requestId: handled.id, status: "cancelled", mode: "in_person", place: "Жанардың үйі, Сейфуллин көшесі 3", slots: "[]", proposedAt: new Date(), cancelledAt: new Date(), cancelledBy: "mediator", cancelReason: "Жанардың баласы ауырып қалды" } });
    // An agreement of another of her cases: one term typed (the parties' words) and one she recorded by voice (her voice).
    const agreed = await prisma.mediationRequest.create({ data: { ...other, code: "KL-AAAAA", status: "completed", mediatorId: m.mediatorId, acceptedAt: new Date() } });
    const held = await prisma.appointment.create({ data: { requestId: agreed.id, status: "completed", mode: "in_person", slots: "[]", proposedAt: new Date(), startsAt: new Date(), outcome: "agreement" } });
    await prisma.agreementTerm.createMany({ data: [
      { requestId: agreed.id, appointmentId: held.id, position: 1, party: "both", action: "Екі отбасы да бір-біріне сәлем береді" },
      { requestId: agreed.id, appointmentId: held.id, position: 2, party: "citizen", voiceFileId: "voice-of-zhanar-term", voiceDuration: 9, dueDate: "2026-04-01" },
    ] });
    await prisma.mediatorInvite.create({ data: {
      code: "AbcdefghJKmnpq23", fullName: "Жанар Оспанқызы", phone: "+77019998877", kind: "public", registryNumber: "РМ-7781", rayonCodes: "akmola.burabay", languages: "kk",
      specializations: "family", modes: "in_person", maxOpenCases: 3, status: "joined", expiresAt: new Date(), mediatorId: m.mediatorId, joinedAt: new Date(),
    } });
    const secrets = ["Жанар", "Оспанқызы", "+77019998877", "он жыл жұмыс", "РМ-7781"];
    for (const secret of secrets) expect((await everyRow(flow.app.db)).dump).toContain(secret);

    await m.user.sendText("/mydata");
    await expect.poll(() => m.user.messages().some((msg) => msg.kind === "document")).toBe(true);
    const summary = m.user.messages().filter((msg) => msg.kind === "text").map((msg) => msg.text).join("\n\n");
    expect(summary).toContain("Your mediator profile");
    expect(summary).toContain("Requests you declined (1)\n• KL-DDDDD — Жанардың туысы бұл отбасымен араз");
    expect(summary).toContain("📅 KL-HHHHH · time not set · in person — cancelled\nPlace: Жанардың үйі, Сейфуллин көшесі 3\nCancel reason: Жанардың баласы ауырып қалды");
    expect(summary).toContain("Your entry in the centre's register (you joined through it)\nName: Жанар Оспанқызы\nPhone: +77019998877\nRegistry number: РМ-7781");
    expect(summary).toContain("Agreement terms you recorded by voice (1) — case and term number\n• KL-AAAAA · 2");
    expect(summary).not.toContain("Екі отбасы да"); // the typed terms are the parties' data, not hers
    await m.user.sendText("/deletedata");
    const [explain] = await m.user.waitForReply();
    expect(explain?.text).toContain("As a mediator: your profile (name, phone, about you, registry number), the reasons you typed and the agreement terms you recorded by voice are erased");
    await m.user.tap(/Erase/);
    await m.user.waitForReply();

    const { dump } = await everyRow(flow.app.db);
    for (const secret of secrets) expect(dump).not.toContain(secret);
    // The statistics stay: the decline, the meeting's mode and who cancelled, and that the invite was joined.
    expect(await prisma.offer.findFirstOrThrow({ where: { requestId: declined.id } })).toMatchObject({ status: "declined", declineReason: null });
    expect(await prisma.appointment.findFirstOrThrow({ where: { requestId: handled.id } })).toMatchObject({ mode: "in_person", cancelledBy: "mediator", place: null, cancelReason: null });
    expect(await prisma.mediatorInvite.findUniqueOrThrow({ where: { code: "AbcdefghJKmnpq23" } })).toMatchObject({ status: "joined", fullName: "", phone: "", registryNumber: null });
    // Her voice goes; the parties' typed term stays with the parties.
    expect(await prisma.agreementTerm.findMany({ where: { requestId: agreed.id }, orderBy: { position: "asc" }, select: { action: true, voiceFileId: true, voiceDuration: true, dueDate: true } })).toEqual([
      { action: "Екі отбасы да бір-біріне сәлем береді", voiceFileId: null, voiceDuration: null, dueDate: null },
      { action: null, voiceFileId: null, voiceDuration: null, dueDate: "2026-04-01" },
    ]);
    const profile = await flow.app.db.prisma.mediator.findUniqueOrThrow({ where: { id: m.mediatorId } });
    expect(profile).toMatchObject({ status: "suspended", paused: true, fullName: "", phone: "" });
    // The waiting offer is due now: the next expiry run moves the request on.
    expect(await flow.app.jobs.expireOffers(new Date())).toBe(1);
  });
});
