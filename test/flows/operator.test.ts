import { afterEach, describe, expect, it } from "vitest";
import type { PrismaClient } from "../../src/db/client.js";
import { formatDate } from "../../src/bot/helpers/format-date.js";
import { createMediatorRepository } from "../../src/db/repositories/mediator-repository.js";
import type { MediatorApplication, MediatorProfile } from "../../src/domain/mediator.js";
import type { EmulatedUser } from "../support/bot-api-emulator/types.js";
import { databaseTargets, type DatabaseTarget } from "../support/databases.js";
import { startFlow, type Flow } from "../support/flow.js";
import { startedUser } from "../support/requests.js";

let flow: Flow | undefined;
afterEach(async () => {
  await flow?.stop();
  flow = undefined;
});

const NOW = new Date("2026-03-14T06:00:00.000Z");
const OPERATOR = 7001;
const SECOND_OPERATOR = 7002;

function application(overrides: Partial<MediatorApplication> = {}): MediatorApplication {
  return {
    fullName: "Серік Ахметов",
    kind: "professional",
    registryNumber: "PM-0042",
    rayonCodes: ["akmola.burabay", "abai.ayagoz"],
    languages: ["kk", "ru"],
    specializations: ["family", "neighbours"],
    modes: ["in_person", "phone"],
    maxOpenCases: 5,
    phone: "+77011234567",
    bio: "Ауыл <b>ақсақалы</b> & медиатор",
    ...overrides,
  };
}

function start(options: { operators?: string; database?: DatabaseTarget } = {}): Promise<Flow> {
  return startFlow({ now: () => NOW, env: { OPERATOR_IDS: options.operators ?? String(OPERATOR) }, ...(options.database ? { database: options.database } : {}) });
}

/** A person who started the bot and applied to become a mediator (as the application conversation would save it). */
async function applicant(f: Flow, user: EmulatedUser, overrides: Partial<MediatorApplication> = {}, at = NOW): Promise<MediatorProfile> {
  const userId = await startedUser(f.app.db.prisma, user);
  return createMediatorRepository(f.app.db.prisma).apply(userId, application(overrides), at);
}

async function statusOf(prisma: PrismaClient, id: number) {
  return (await prisma.mediator.findUniqueOrThrow({ where: { id }, select: { status: true, decisionReason: true } }));
}

async function auditRows(prisma: PrismaClient) {
  const rows = await prisma.auditEntry.findMany({ orderBy: { id: "asc" }, select: { actorId: true, action: true, targetType: true, targetId: true, details: true, createdAt: true } });
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

/** Opens an application's card from /applications. */
async function openApplication(operator: EmulatedUser, name: RegExp) {
  await operator.sendText("/applications");
  await operator.waitForReply();
  await operator.tap(name);
  const [card] = await operator.waitForReply();
  return card;
}

describe.each(databaseTargets())("Operator console on $name", (target) => {
  it("shows the queue and a full card; approving and rejecting change the status, tell the applicant in their language and are audited", async () => {
    flow = await start({ database: target });
    expect(flow.app.db.provider).toBe(target.name);
    const prisma = flow.app.db.prisma;
    const operator = flow.emu.user({ id: OPERATOR, first_name: "Aigul", language_code: "en" });
    const operatorId = await startedUser(prisma, operator);
    const serik = flow.emu.user({ id: 7101, first_name: "Серік", language_code: "kk" });
    const marat = flow.emu.user({ id: 7102, first_name: "Марат", language_code: "ru" });
    const first = await applicant(flow, serik, {}, new Date("2026-03-13T08:00:00Z"));
    const second = await applicant(flow, marat, { fullName: "Марат <Б>", kind: "public", registryNumber: null, rayonCodes: ["akmola.burabay"], languages: ["ru"] });

    await operator.sendText("/applications");
    const [queue] = await operator.waitForReply();
    expect(queue?.text).toContain("Applications waiting");
    // Oldest first, one button each.
    expect(queue?.inlineButtons.flat()).toEqual(["1. Серік Ахметов · Professional mediator", "2. Марат <Б> · Public mediator", "🔄 Refresh", "🛠 Console"]);
    expect(queue?.text).toContain("1. Серік Ахметов · Professional mediator\nAyagoz District, Burabay District");

    await operator.tap(/^1\. Серік/);
    const [card] = await operator.waitForReply();
    expect(card?.edited).toBe(true);
    expect(card?.text).toBe(
      [
        "👤 Серік Ахметов",
        "Status: 🕓 Waiting for approval",
        "Kind: Professional mediator",
        "Registry number: PM-0042",
        "Districts: Ayagoz District, Abai Region; Burabay District, Akmola Region",
        "Languages: Kazakh, Russian",
        "Disputes: Family, Neighbours, land and pasture",
        "Meetings: in person, by phone",
        "Cases at a time: 5",
        "Phone: +77011234567",
        "About: Ауыл <b>ақсақалы</b> & медиатор",
        // Kept from the first application (the row's creation, by the database clock).
        `First applied on: ${formatDate(first.createdAt, "en", "Asia/Almaty")}`,
      ].join("\n"),
    );
    expect(card?.inlineButtons.flat()).toEqual(["✅ Approve", "❌ Reject", "📥 Applications", "🛠 Console"]);

    await operator.tap("✅ Approve");
    const [approved] = await operator.waitForReply();
    expect(approved?.text).toContain("✅ Approved: Серік Ахметов is now an active mediator and has been told.");
    expect(approved?.text).toContain("Status: 🟢 Active");
    expect(approved?.inlineButtons.flat()).toEqual(["⛔ Suspend", "◀️ Back to the list", "🛠 Console"]);
    expect(await statusOf(prisma, first.id)).toEqual({ status: "active", decisionReason: null });
    // The applicant reads it in Kazakh, with what comes next.
    const [toSerik] = await serik.waitForReply();
    expect(toSerik?.text).toContain("Сауалнамаңыз мақұлданды!");
    expect(toSerik?.text).toContain("/cases");
    expect(toSerik?.text).toContain("/pause");

    // Rejecting asks for a reason, which the applicant then reads (escaped) in Russian.
    const card2 = await openApplication(operator, /^1\. Марат/);
    expect(card2?.text).toContain("Kind: Public mediator\nRegistry number: —");
    await operator.tap("❌ Reject");
    const [question] = await operator.waitForReply();
    expect(question?.text).toContain("Why is the application of Марат <Б> rejected?");
    expect(question?.inlineButtons.flat()).toEqual(["❌ Cancel"]);
    await operator.sendText("  No <registry> number & no certificate  ");
    const rejected = await operator.waitForReply();
    const result = rejected.find((m) => m.text?.includes("Rejected"));
    expect(result?.text).toContain("✖️ Rejected: Марат <Б> has been told the reason.");
    expect(result?.text).toContain("Status: ✖️ Rejected");
    expect(result?.text).toContain("Reason: No <registry> number & no certificate");
    expect(await statusOf(prisma, second.id)).toEqual({ status: "rejected", decisionReason: "No <registry> number & no certificate" });
    const [toMarat] = await marat.waitForReply();
    expect(toMarat?.text).toContain("Ваша анкета медиатора не одобрена.");
    expect(toMarat?.text).toContain("No <registry> number & no certificate");

    expect(await auditRows(prisma)).toEqual([
      { actorId: operatorId, action: "mediator.approve", targetType: "mediator", targetId: String(first.id), details: null, createdAt: NOW.toISOString() },
      { actorId: operatorId, action: "mediator.reject", targetType: "mediator", targetId: String(second.id), details: JSON.stringify({ reason: "No <registry> number & no certificate" }), createdAt: NOW.toISOString() },
    ]);

    await operator.sendText("/applications");
    const [empty] = await operator.waitForReply();
    expect(empty?.text).toContain("No applications are waiting.");
  });

  it("refuses forged console buttons from a citizen and a mediator, changing nothing; console commands are 'not understood'", async () => {
    flow = await start({ database: target });
    const prisma = flow.app.db.prisma;
    const citizen = flow.emu.user({ id: 7201, first_name: "Dana", language_code: "en" });
    const mediatorUser = flow.emu.user({ id: 7202, first_name: "Ерлан", language_code: "kk" });
    await startedUser(prisma, citizen);
    // The forging mediator is an active one; the application they try to approve is someone else's.
    const active = await applicant(flow, mediatorUser, { fullName: "Ерлан" });
    const pendingUser = flow.emu.user({ id: 7203, first_name: "Bolat", language_code: "kk" });
    const pending = await applicant(flow, pendingUser, { fullName: "Bolat" });
    await createMediatorRepository(prisma).changeStatus(active.id, ["pending"], "active", null, NOW);
    const snapshot = async () => ({
      mediators: await prisma.mediator.findMany({ orderBy: { id: "asc" }, select: { id: true, status: true, decisionReason: true, decidedAt: true } }),
      audit: await prisma.auditEntry.count(),
      operators: await prisma.operator.count(),
      conversations: await prisma.storageEntry.count({ where: { key: { startsWith: "conversation:" } } }),
    });
    const before = await snapshot();

    for (const command of ["/applications", "/mediators", "/operators", "/audit", "/operator"]) {
      await citizen.sendText(command);
      const [reply] = await citizen.waitForReply();
      expect(reply?.text).toContain("I did not understand that.");
      expect(reply?.text).not.toMatch(/operator|application/i);
    }

    const forged = [`opy:${pending.id}`, `opn:${pending.id}`, `ops:${active.id}`, `opu:${active.id}`, `opc:${pending.id}`, "opq", "opt:add", `opxy:${OPERATOR}`, "opa"];
    for (const [who, user, notAllowed] of [
      ["citizen", citizen, "⛔ This action is for operators of the mediation centre only. Nothing was changed."],
      ["mediator", mediatorUser, "⛔ Бұл әрекет тек медиация орталығының операторларына рұқсат етілген. Ештеңе өзгертілген жоқ."],
    ] as const) {
      for (const data of forged) {
        const shown = user.messages().length;
        await user.sendCallbackData(data);
        const answer = await user.waitForCallbackAnswer();
        expect({ who, data, text: answer.text }).toEqual({ who, data, text: notAllowed });
        expect(user.messages().length).toBe(shown);
      }
    }
    expect(citizen.callbackAnswers()).toHaveLength(forged.length);
    expect(await snapshot()).toEqual(before);
    // Nothing reached the applicants either.
    expect(pendingUser.messages().filter((m) => m.fromBot && m.text?.includes("мақұлданды"))).toEqual([]);
  });
});

describe("Operator console", () => {
  it("lets only one of two operators approving at once win; the other is told it was decided", async () => {
    flow = await start({ operators: `${OPERATOR},${SECOND_OPERATOR}` });
    const prisma = flow.app.db.prisma;
    const aigul = flow.emu.user({ id: OPERATOR, first_name: "Aigul", language_code: "en" });
    const bolat = flow.emu.user({ id: SECOND_OPERATOR, first_name: "Bolat", language_code: "en" });
    const serik = flow.emu.user({ id: 7301, first_name: "Серік", language_code: "kk" });
    const { id } = await applicant(flow, serik);
    await openApplication(aigul, /^1\. Серік/);
    await openApplication(bolat, /^1\. Серік/);

    await aigul.tap("✅ Approve");
    await bolat.tap("✅ Approve");
    const [[a], [b]] = await Promise.all([aigul.waitForReply(), bolat.waitForReply()]);
    const texts = [a?.text ?? "", b?.text ?? ""];
    expect(texts.filter((t) => t.includes("✅ Approved: Серік Ахметов"))).toHaveLength(1);
    expect(texts.filter((t) => t.includes("ℹ️ This has already been decided: the status is now 🟢 Active. Nothing was changed."))).toHaveLength(1);

    expect((await statusOf(prisma, id)).status).toBe("active");
    expect(await prisma.auditEntry.count({ where: { action: "mediator.approve" } })).toBe(1);
    await serik.waitForReply();
    expect(serik.messages().filter((m) => m.fromBot && m.text?.includes("Сауалнамаңыз мақұлданды"))).toHaveLength(1);
  });

  it("checks the reason, cancels without a change, and keeps the open question across a restart", async () => {
    flow = await start();
    const prisma = flow.app.db.prisma;
    const operator = flow.emu.user({ id: OPERATOR, first_name: "Aigul", language_code: "ru" });
    const applicantUser = flow.emu.user({ id: 7401, first_name: "Serik", language_code: "en" });
    const { id } = await applicant(flow, applicantUser, { fullName: "Serik" });

    await openApplication(operator, /^1\. Serik/);
    await operator.tap("❌ Отклонить");
    const [question] = await operator.waitForReply();
    expect(question?.text).toContain("Почему отклонена анкета: Serik?");

    await operator.sendText("x".repeat(301));
    expect((await operator.waitForReply())[0]?.text).toBe("Здесь 301 символов; пожалуйста, уложите причину в 300.");
    await operator.sendSticker();
    expect((await operator.waitForReply())[0]?.text).toBe("Пожалуйста, напишите причину текстом или нажмите «Отмена».");
    await operator.sendText("/cancel");
    const cancelled = await operator.waitForReply();
    expect(cancelled.at(-1)?.text).toBe("Отменено. Ничего не изменено.");
    expect(cancelled.at(-1)?.inlineButtons.flat()).toEqual(["◀️ Назад", "🛠 Пульт"]);
    expect(await statusOf(prisma, id)).toEqual({ status: "pending", decisionReason: null });

    // Back to the card, reject again; the bot restarts before the reason arrives.
    await operator.tap("◀️ Назад");
    await operator.waitForReply();
    await operator.tap("❌ Отклонить");
    await operator.waitForReply();
    await flow.restart({ now: () => NOW });
    await operator.sendText("Нет сертификата");
    const done = (await operator.waitForReply()).at(-1);
    expect(done?.text).toContain("✖️ Отклонено: Serik получит сообщение с причиной.");
    expect(await statusOf(prisma, id)).toEqual({ status: "rejected", decisionReason: "Нет сертификата" });
    expect((await applicantUser.waitForReply())[0]?.text).toContain("The mediation centre gave this reason:\nНет сертификата");
    expect(await prisma.auditEntry.count()).toBe(1);

    // Once answered, ordinary text is not taken for a reason any more.
    await operator.sendText("hello");
    expect((await operator.waitForReply())[0]?.text).toContain("Я не понял");
  });

  it("suspends (with or without a reason) and reactivates a mediator, telling them each time", async () => {
    flow = await start();
    const prisma = flow.app.db.prisma;
    const operator = flow.emu.user({ id: OPERATOR, first_name: "Aigul", language_code: "en" });
    const mediatorUser = flow.emu.user({ id: 7501, first_name: "Ерлан", language_code: "kk" });
    const { id } = await applicant(flow, mediatorUser, { fullName: "Ерлан Қасымов" });
    await createMediatorRepository(prisma).changeStatus(id, ["pending"], "active", null, NOW);

    await operator.sendText("/mediators");
    const [list] = await operator.waitForReply();
    expect(list?.text).toContain("Mediators: active");
    expect(list?.text).toContain("1. Ерлан Қасымов · Professional mediator");
    await operator.tap(/^1\. Ерлан/);
    await operator.waitForReply();
    await operator.tap("⛔ Suspend");
    const [question] = await operator.waitForReply();
    expect(question?.inlineButtons.flat()).toEqual(["➡️ Without a reason", "❌ Cancel"]);
    await operator.sendText("Complaints from two citizens");
    const suspended = (await operator.waitForReply()).at(-1);
    expect(suspended?.text).toContain("⛔ Suspended: Ерлан Қасымов will get no new requests and has been told.");
    expect(suspended?.inlineButtons.flat()).toEqual(["🟢 Reactivate", "◀️ Back to the list", "🛠 Console"]);
    expect(await statusOf(prisma, id)).toEqual({ status: "suspended", decisionReason: "Complaints from two citizens" });
    const [told] = await mediatorUser.waitForReply();
    expect(told?.text).toContain("Медиация орталығы Сіздің медиатор профиліңізді тоқтатты.");
    expect(told?.text).toContain("Complaints from two citizens");

    await operator.tap("🟢 Reactivate");
    const [reactivated] = await operator.waitForReply();
    expect(reactivated?.text).toContain("🟢 Reactivated: Ерлан Қасымов is active again and has been told.");
    expect(await statusOf(prisma, id)).toEqual({ status: "active", decisionReason: null });
    expect((await mediatorUser.waitForReply())[0]?.text).toContain("Сіздің медиатор профиліңіз қайта белсенді.");
    // A second tap on the old button changes nothing.
    await operator.sendCallbackData(`opu:${id}`);
    expect((await operator.waitForReply())[0]?.text).toContain("This has already been decided: the status is now 🟢 Active.");

    await operator.tap("⛔ Suspend");
    await operator.waitForReply();
    await operator.tap("➡️ Without a reason");
    const suspendedAgain = await operator.waitForReply();
    expect(suspendedAgain.at(-1)?.text).toContain("⛔ Suspended:");
    expect(await statusOf(prisma, id)).toEqual({ status: "suspended", decisionReason: null });
    expect((await mediatorUser.waitForReply())[0]?.text).toContain("Сұрақтарыңыз болса, орталыққа хабарласыңыз.");

    await operator.sendText("/mediators");
    await operator.waitForReply();
    await operator.tap("⛔ Suspended");
    const [suspendedList] = await operator.waitForReply();
    expect(suspendedList?.text).toContain("Mediators: suspended");
    expect(suspendedList?.text).toContain("Ерлан Қасымов");

    expect((await auditRows(prisma)).map((r) => [r.action, r.details])).toEqual([
      ["mediator.suspend", JSON.stringify({ reason: "Complaints from two citizens" })],
      ["mediator.reactivate", null],
      ["mediator.suspend", null],
    ]);
  });

  it("adds an operator who can then use the console, removes them again, and never removes a configured one or oneself", async () => {
    flow = await start();
    const prisma = flow.app.db.prisma;
    const aigul = flow.emu.user({ id: OPERATOR, first_name: "Aigul", language_code: "en" });
    const dana = flow.emu.user({ id: 7601, first_name: "Dana <3", language_code: "ru" });
    const aigulId = await startedUser(prisma, aigul);
    await startedUser(prisma, dana);

    await dana.sendText("/applications");
    expect((await dana.waitForReply())[0]?.text).toContain("Я не понял");

    await aigul.sendText("/operators");
    const [team] = await aigul.waitForReply();
    expect(team?.text).toContain(`• Aigul — ${OPERATOR} · ⚙️ from configuration (you)`);
    expect(team?.inlineButtons.flat()).toEqual(["➕ Add operator", "🛠 Console"]);
    await aigul.tap("➕ Add operator");
    const [ask] = await aigul.waitForReply();
    expect(ask?.text).toContain("Send their Telegram id");
    await aigul.sendText("12ab");
    expect((await aigul.waitForReply())[0]?.text).toContain("That does not look like a Telegram id.");
    await aigul.sendText(" 7601 ");
    const added = (await aigul.waitForReply()).at(-1);
    expect(added?.text).toContain("✅ 7601 is now an operator and has been told.");
    expect(added?.text).toContain("• Dana <3 — 7601 · added in the bot");
    expect(added?.inlineButtons.flat()).toEqual(["➕ Add operator", "➖ Remove Dana <3", "🛠 Console"]);
    expect((await dana.waitForReply())[0]?.text).toContain("Теперь вы оператор центра медиации Келісім.");
    // Their own "/" menu now lists the console (in their language).
    expect(flow.emu.commands({ scope: { type: "chat", chat_id: 7601 } })?.map((c) => c.command)).toContain("applications");

    await dana.sendText("/applications");
    expect((await dana.waitForReply())[0]?.text).toContain("Новых анкет нет.");

    // The configured operator and oneself cannot be removed, even with a forged button.
    await dana.sendText("/operators");
    const [danaTeam] = await dana.waitForReply();
    expect(danaTeam?.inlineButtons.flat()).toEqual(["➕ Добавить оператора", "🛠 Пульт"]);
    await dana.sendCallbackData(`opxy:${OPERATOR}`);
    expect((await dana.waitForReply())[0]?.text).toContain("задан в настройках бота (OPERATOR_IDS)");
    await dana.sendCallbackData("opxy:7601");
    expect((await dana.waitForReply())[0]?.text).toContain("Удалить самого себя нельзя.");
    expect(await prisma.operator.count()).toBe(1);

    await aigul.tap("➖ Remove Dana <3");
    const [confirm] = await aigul.waitForReply();
    expect(confirm?.text).toContain("Remove Dana <3 (7601) from the operators?");
    await aigul.tap("✅ Yes, remove");
    const [removed] = await aigul.waitForReply();
    expect(removed?.text).toContain("✅ 7601 is no longer an operator.");
    expect(removed?.inlineButtons.flat()).toEqual(["➕ Add operator", "🛠 Console"]);
    expect(flow.emu.commands({ scope: { type: "chat", chat_id: 7601 } })).toBeUndefined();

    await dana.sendText("/applications");
    expect((await dana.waitForReply())[0]?.text).toContain("Я не понял");
    await dana.sendCallbackData("opq");
    expect((await dana.waitForCallbackAnswer()).text).toContain("только операторам");

    expect((await auditRows(prisma)).map((r) => [r.actorId, r.action, r.targetId])).toEqual([
      [aigulId, "operator.add", "7601"],
      [aigulId, "operator.remove", "7601"],
    ]);

    // The audit log reads as sentences, newest first.
    await aigul.sendText("/audit");
    const [audit] = await aigul.waitForReply();
    expect(audit?.text).toContain("Audit log — the latest 2 actions, newest first");
    expect(audit?.text).toMatch(/🕓 14 Mar 2026, 11:00 · Aigul \(7001\)\n➖ removed operator #7601[\s\S]*➕ added operator #7601/);
  });

  it("shows the console menu and help to operators, and lists the console in their command menu", async () => {
    flow = await start();
    const operator = flow.emu.user({ id: OPERATOR, first_name: "Айгүл", language_code: "kk" });
    await applicant(flow, flow.emu.user({ id: 7701, first_name: "Serik", language_code: "en" }));
    await operator.sendText("/operator");
    const [menu] = await operator.waitForReply();
    expect(menu?.text).toContain("Оператор пульті");
    expect(menu?.text).toContain("Шешім күтіп тұрған сауалнамалар: 1");
    expect(menu?.text).toContain("/applications");
    expect(menu?.inlineButtons.flat()).toEqual(["📥 Сауалнамалар", "👥 Медиаторлар", "🛡 Операторлар", "📜 Журнал", "🖨 Аудан плакаттары", "📝 Адамның атынан өтінім беру"]);
    expect(flow.emu.commands({ scope: { type: "chat", chat_id: OPERATOR } })?.slice(0, 2)).toEqual([
      { command: "operator", description: "Оператор пульті" },
      { command: "applications", description: "Медиаторлардың сауалнамалары" },
    ]);
    await operator.tap("📜 Журнал");
    const [audit] = await operator.waitForReply();
    expect(audit?.text).toContain("Әзірге әрекет жоқ.");
  });
});
