import { afterEach, describe, expect, it } from "vitest";
import type { ChatMessage, EmulatedUser } from "../support/bot-api-emulator/types.js";
import { databaseTargets } from "../support/databases.js";
import { startFlow, type Flow } from "../support/flow.js";
import { csvOf, documentAndText, NOW, OPERATOR, QUIET_DIGEST, until } from "../support/register-driver.js";
import { startedUser, submitRequest } from "../support/requests.js";

let flow: Flow | undefined;
afterEach(async () => {
  await flow?.stop();
  flow = undefined;
});

const REGISTER = [
  "full_name,phone,kind,registry_number,rayons,languages,specializations,modes,capacity",
  "Айгүл Омарова,+7 701 111 22 33,professional,РМ-0042,Бурабай ауданы; Зерендинский район,\"kk, ru\",family,\"in person, phone\",4",
  "Серік Жұмабаев,87012223344,қоғамдық,,Beineu District,ru,,,",
  "Гүлназ Қасымова,87013334455,общественный,,1038,kk,,,",
].join("\r\n");



const payloadOf = (link: string) => link.split("?start=")[1]!;

/** Imports the three-line register and returns each person's link, by name. */
async function imported(operator: EmulatedUser): Promise<Map<string, string>> {
  await operator.sendDocument("register.csv", REGISTER, "text/csv");
  const [, preview] = await documentAndText(operator);
  await operator.tap("✅ Confirm import", { messageId: preview!.messageId });
  const [links] = await documentAndText(operator);
  return new Map(csvOf(links).slice(1).map((row) => [row[0]!, row[2]!]));
}

describe.each(databaseTargets())("joining through a register link on $name", (database) => {
  it("activates the imported profile for the person who opens it, once; a used link reveals nothing to anyone", { timeout: 60_000 }, async () => {
    flow = await startFlow({ database, now: () => NOW, env: { OPERATOR_IDS: String(OPERATOR), DIGEST_TIME: QUIET_DIGEST } });
    const prisma = flow.app.db.prisma;
    const operator = flow.emu.user({ id: OPERATOR, first_name: "Aigul", language_code: "en" });
    await startedUser(prisma, operator);
    const links = await imported(operator);
    const link = links.get("Айгүл Омарова")!;

    // Her Telegram account has the register's number (Telegram shares it without the "+").
    const aigul = flow.emu.user({ id: 8101, first_name: "Айгүл", language_code: "ru", phone_number: "77011112233" });
    await aigul.sendText(`/start ${payloadOf(link)}`);
    const [profile] = await until(aigul, 1);
    expect(profile?.text).toContain("Добро пожаловать в бот «Келісім»!");
    expect(profile?.text).toContain("Имя: Айгүл Омарова");
    expect(profile?.text).toContain("Номер в реестре: РМ-0042");
    expect(profile?.text).toContain("Акмолинская область: Бурабайский район, Зерендинский район");
    expect(profile?.text).toContain("Телефон: +77011112233");
    expect(profile?.text).not.toContain("О себе");
    expect(profile?.inlineButtons).toEqual([["✅ Да, это я: присоединиться"], ["✏️ Здесь ошибка"]]);
    await aigul.tap("✅ Да, это я: присоединиться");
    // First her own contact, to compare with the register's number.
    const [ask] = await until(aigul, 1);
    expect(ask?.text).toContain("поделитесь, пожалуйста, своим контактом Telegram");
    expect((ask?.replyMarkup as { keyboard?: Array<Array<{ text: string; request_contact?: boolean }>> }).keyboard).toEqual([[{ text: "📱 Поделиться контактом", request_contact: true }], [{ text: "✖️ Не сейчас" }]]);
    expect(await prisma.mediator.count()).toBe(0);
    // A typed number is not a contact: asked again, nothing joins.
    await aigul.sendText("+7 701 111 22 33");
    expect((await until(aigul, 1))[0]?.text).toContain("поделитесь контактом кнопкой ниже");
    expect(await prisma.mediator.count()).toBe(0);
    await aigul.pressReplyButton("📱 Поделиться контактом");
    const [welcome] = await until(aigul, 1);
    expect(welcome?.text).toContain("Добро пожаловать, Айгүл Омарова! Теперь вы активный медиатор в боте «Келісім».");

    const user = await prisma.user.findUniqueOrThrow({ where: { telegramId: 8101n } });
    const mediator = await prisma.mediator.findUniqueOrThrow({ where: { userId: user.id }, include: { rayons: { orderBy: { rayonCode: "asc" } } } });
    expect(mediator).toMatchObject({ status: "active", fullName: "Айгүл Омарова", phone: "+77011112233", kind: "professional", registryNumber: "РМ-0042", languages: "kk,ru", modes: "in_person,phone", maxOpenCases: 4, bio: "" });
    expect(mediator.rayons.map((r) => r.rayonCode)).toEqual(["akmola.burabay", "akmola.zerendi"]);
    expect(await prisma.mediatorInvite.findFirstOrThrow({ where: { fullName: "Айгүл Омарова" } })).toMatchObject({ status: "joined", mediatorId: mediator.id });
    expect(await prisma.deepLinkStart.count({ where: { kind: "mediator_invite", newUser: true } })).toBe(1);
    // Her command menu is a mediator's now.
    await expect.poll(() => flow!.emu.commands({ scope: { type: "chat", chat_id: 8101 } })?.map((c) => c.command)).toContain("cases");

    // The same link again, by her: she is a mediator already.
    await aigul.sendText(`/start ${payloadOf(link)}`);
    expect((await until(aigul, 1))[0]?.text).toContain("уже есть профиль медиатора");
    // By someone else: refused, without a word about whose it was.
    const stranger = flow.emu.user({ id: 8102, first_name: "Stranger", language_code: "en" });
    await stranger.sendText(`/start ${payloadOf(link)}`);
    const [refused] = await until(stranger, 1);
    expect(refused?.text).toContain("This link does not work: it has been used, revoked or has expired.");
    expect(refused?.text).not.toMatch(/Омарова|РМ-0042|1112233|Бурабай/);
    // A forged join button with the used code takes nothing.
    await stranger.sendCallbackData(`rgj:${payloadOf(link).slice(2)}`);
    expect((await stranger.waitForCallbackAnswer()).showAlert).toBe(true);
    expect(await prisma.mediator.count()).toBe(1);
    // A made-up code is refused the same way.
    await stranger.sendText("/start m_AAAAAAAAAAAAAAAA");
    expect((await until(stranger, 1))[0]?.text).toContain("This link does not work");

    // "Something is wrong": the person is thanked, operators are told (once per link); nothing is activated.
    const serik = flow.emu.user({ id: 8103, first_name: "Серік", language_code: "kk" });
    await serik.sendText(`/start ${payloadOf(links.get("Серік Жұмабаев")!)}`);
    await until(serik, 1);
    await serik.tap("✏️ Мұнда қате бар");
    expect((await until(serik, 1))[0]?.text).toContain("Медиация орталығы деректеріңізді тексеріп");
    const [notice] = await until(operator, 1);
    expect(notice?.text).toContain("Серік Жұмабаев (+77012223344, Telegram: Серік) opened their register link and says something in the profile is wrong.");
    expect(await prisma.mediator.count()).toBe(1);
    const noticesBefore = operator.messages().filter((m) => m.fromBot && m.text?.includes("says something in the profile is wrong")).length;
    for (let i = 0; i < 3; i++) {
      await serik.sendText(`/start ${payloadOf(links.get("Серік Жұмабаев")!)}`);
      await until(serik, 1);
      await serik.tap("✏️ Мұнда қате бар");
      expect((await until(serik, 1))[0]?.text).toContain("Медиация орталығына хабарлап қойдық");
    }
    expect(operator.messages().filter((m) => m.fromBot && m.text?.includes("says something in the profile is wrong")).length).toBe(noticesBefore);
    expect((await prisma.mediatorInvite.findFirstOrThrow({ where: { fullName: "Серік Жұмабаев" } })).problemReportedAt).toEqual(NOW);

    // Someone else's account (another number) opening Гүлназ's link: a pending application for operators, not a mediator.
    const other = flow.emu.user({ id: 8104, first_name: "Гүлназ", language_code: "en", phone_number: "+77775556677" });
    await other.sendText(`/start ${payloadOf(links.get("Гүлназ Қасымова")!)}`);
    await until(other, 1);
    await other.tap("✅ Yes, this is me: join");
    await until(other, 1);
    await other.pressReplyButton("📱 Share my contact");
    const [review] = await until(other, 1);
    expect(review?.text).toContain("Thank you, Гүлназ Қасымова. The phone number of this Telegram account is not the one in the register, so the mediation centre will check your profile");
    const otherUser = await prisma.user.findUniqueOrThrow({ where: { telegramId: 8104n } });
    expect(await prisma.mediator.findUniqueOrThrow({ where: { userId: otherUser.id } })).toMatchObject({ status: "pending", fullName: "Гүлназ Қасымова", phone: "+77775556677", decidedAt: null });
    expect(await prisma.mediatorInvite.findFirstOrThrow({ where: { fullName: "Гүлназ Қасымова" } })).toMatchObject({ status: "review" });
    const [reviewNotice] = await until(operator, 1);
    expect(reviewNotice?.text).toContain("Гүлназ Қасымова (register phone +77013334455) opened their register link from a Telegram account with another number, +77775556677");
    expect(reviewNotice?.text).toContain("/applications");
    // Not a mediator yet: no mediator menu.
    expect(flow.emu.commands({ scope: { type: "chat", chat_id: 8104 } })?.map((c) => c.command) ?? []).not.toContain("cases");
    // The link is taken: a second try (or anyone else) is refused.
    await other.sendText(`/start ${payloadOf(links.get("Гүлназ Қасымова")!)}`);
    expect((await until(other, 1))[0]?.text).toContain("already has a mediator profile");
  });
});

describe("the register for operators", () => {
  it("exports the register, lists invitations, revokes and resends links", { timeout: 60_000 }, async () => {
    flow = await startFlow({ now: () => NOW, env: { OPERATOR_IDS: String(OPERATOR), DIGEST_TIME: QUIET_DIGEST } });
    const prisma = flow.app.db.prisma;
    const operator = flow.emu.user({ id: OPERATOR, first_name: "Aigul", language_code: "en" });
    await startedUser(prisma, operator);
    const links = await imported(operator);
    const aigul = flow.emu.user({ id: 8101, first_name: "Айгүл", language_code: "kk", phone_number: "+7 701 111 22 33" });
    await aigul.sendText(`/start ${payloadOf(links.get("Айгүл Омарова")!)}`);
    await until(aigul, 1);
    await aigul.tap(/Иә, бұл мен/);
    await until(aigul, 1);
    await aigul.pressReplyButton("📱 Контактімен бөлісу");
    await until(aigul, 1);

    // Her work so far: one case accepted after 30 minutes (still open), one offer let expire.
    const mediatorId = (await prisma.mediator.findFirstOrThrow()).id;
    const citizenId = await startedUser(prisma, flow.emu.user({ id: 6001, first_name: "Гүлназ", language_code: "kk" }));
    const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);
    for (const [status, respondedAt] of [["accepted", minutes(30)], ["expired", null]] as const) {
      const request = await submitRequest(prisma, citizenId, NOW);
      if (status === "accepted") await prisma.mediationRequest.update({ where: { id: request.id }, data: { status: "accepted", mediatorId, acceptedAt: respondedAt } });
      await prisma.offer.create({ data: { requestId: request.id, mediatorId, status, offeredAt: NOW, expiresAt: minutes(720), respondedAt } });
    }

    await operator.sendText("/register");
    const [file, overview] = await documentAndText(operator);
    expect(file?.document?.fileName).toBe("register.csv");
    const register = csvOf(file);
    expect(register[0]).toEqual(["full_name", "phone", "kind", "registry_number", "rayons", "languages", "specializations", "modes", "capacity", "status", "status_text", "rayon_names", "open_cases", "acceptance_rate", "avg_response_minutes", "joined"]);
    expect(register.slice(1).map((r) => [r[0], r[4], r[9], r[12], r[13], r[14]])).toEqual([
      ["Айгүл Омарова", "117000000;115600000", "active", "1", "50%", "30"],
      ["Гүлназ Қасымова", "103800000", "invited", "0", "", ""],
      ["Серік Жұмабаев", "473600000", "invited", "0", "", ""],
    ]);
    expect(register[1]!.slice(10, 12)).toEqual(["active", "Burabay District (Akmola Region); Zerendi District (Akmola Region)"]);
    expect(overview?.text).toContain("⏳ waiting: 2\n✅ joined: 1\n⛔ revoked: 0");
    expect(overview?.inlineButtons).toEqual([["📄 Register (CSV)"], ["⏳ Waiting (2)", "✅ Joined (1)", "⛔ Revoked (0)"]]);

    // The exported file imports back without changing anything.
    await operator.sendDocument("register-export.csv", file!.document!.content!, "text/csv");
    const [, preview] = await documentAndText(operator);
    expect(preview?.text).toContain("🆕 New mediators: 0\n✏️ To update: 0\n➖ Unchanged: 3\n❌ Rejected: 0");

    await operator.tap("⏳ Waiting (2)", { messageId: overview!.messageId });
    await operator.waitForReply();
    await operator.tap(/Серік Жұмабаев/);
    await operator.waitForReply();
    const card = operator.messages().find((m) => m.messageId === overview!.messageId)!;
    expect(card.text).toContain("Invitation: ⏳ waiting for the person");
    expect(card.text).toContain(links.get("Серік Жұмабаев"));
    await operator.tap("⛔ Revoke link");
    await operator.waitForReply();
    expect(operator.messages().find((m) => m.messageId === overview!.messageId)?.text).toContain("⛔ The link was revoked.");
    const serik = flow.emu.user({ id: 8103, first_name: "Серік", language_code: "en" });
    await serik.sendText(`/start ${payloadOf(links.get("Серік Жұмабаев")!)}`);
    expect((await until(serik, 1))[0]?.text).toContain("This link does not work");

    await operator.tap("🔁 New link");
    await operator.waitForReply();
    const resent = operator.messages().find((m) => m.messageId === overview!.messageId)!.text!;
    expect(resent).toContain("🔁 A new link was made; the old one no longer works.");
    const fresh = /https:\/\/t\.me\/\w+\?start=(m_\w+)/.exec(resent)![1]!;
    expect(fresh).not.toBe(payloadOf(links.get("Серік Жұмабаев")!));
    await serik.sendText(`/start ${fresh}`);
    expect((await until(serik, 1))[0]?.inlineButtons).toEqual([["✅ Yes, this is me: join"], ["✏️ Something is wrong"]]);
    expect((await prisma.auditEntry.findMany({ where: { action: { startsWith: "register." } }, orderBy: { id: "asc" } })).map((a) => a.action))
      .toEqual(["register.preview", "register.import", "register.join", "register.export", "register.preview", "register.revoke", "register.resend"]);
  });

  it("is not there for anyone else (a CSV from a citizen is not read, /register and forged buttons change nothing); an operator gets help for XLSX, empty and Windows-1251 files", { timeout: 60_000 }, async () => {
    flow = await startFlow({ now: () => NOW, env: { OPERATOR_IDS: String(OPERATOR), DIGEST_TIME: QUIET_DIGEST } });
    const prisma = flow.app.db.prisma;
    const citizen = flow.emu.user({ id: 6001, first_name: "Гүлназ", language_code: "en" });
    await startedUser(prisma, citizen);
    await citizen.sendDocument("register.csv", REGISTER, "text/csv");
    expect((await until(citizen, 1))[0]?.text).toContain("I did not understand that");
    await citizen.sendText("/register");
    expect((await until(citizen, 1))[0]?.text).toContain("I did not understand that");
    expect(await prisma.mediatorImport.count()).toBe(0);
    expect(flow.emu.calls.some((c) => c.method === "getFile")).toBe(false);
    for (const data of ["rgy:1", "rgn:1", "rge", "rgr:1", "rgs:1"]) {
      await citizen.sendCallbackData(data);
      expect(await citizen.waitForCallbackAnswer()).toMatchObject({ text: "⛔ This action is for operators of the mediation centre only. Nothing was changed.", showAlert: true });
    }
    expect(citizen.messages().some((m) => m.fromBot && m.kind === "document")).toBe(false);

    // An operator's spreadsheet is answered with how to save it as CSV.
    const operator = flow.emu.user({ id: OPERATOR, first_name: "Aigul", language_code: "ru" });
    await startedUser(prisma, operator);
    await operator.sendDocument("register.xlsx", Buffer.from("PK\u0003\u0004"));
    expect((await until(operator, 1))[0]?.text).toContain("Реестр я читаю только из файлов CSV");
    await operator.sendDocument("empty.csv", "ФИО;Телефон\r\n");
    expect((await until(operator, 1))[0]?.text).toContain("В файле нет строк под заголовком");
    await operator.sendDocument("cols.csv", "ФИО;Телефон\r\nАйгүл Омарова;87011112233\r\n");
    expect((await until(operator, 1))[0]?.text).toContain("В первой строке нет столбцов: kind, rayons, languages.");
    expect(await prisma.mediatorImport.count()).toBe(0);
    // Older Excel saves Cyrillic CSV in Windows-1251: read as such.
    const cp1251 = (text: string) => Buffer.from([...text].map((ch) => (ch >= "А" && ch <= "я" ? ch.charCodeAt(0) - 0x350 : ch.charCodeAt(0))));
    await operator.sendDocument("old-excel.csv", cp1251("ФИО;Телефон;Вид;Районы;Языки\r\nИрина Ковалева;87015556677;общественный;Щучинский район;русский\r\n"));
    const [, preview] = await documentAndText(operator);
    expect(preview.text).toContain("Новых медиаторов: 1");
  });
});
