// Broadcasts end to end: an operator composes one, previews it, sends it to citizens narrowed by oblast and
// language; exactly the right people receive it once, a person who blocked the bot is marked, and the
// progress message ends as the final report. Non-operators can neither open the composer nor send.
import { afterEach, describe, expect, it } from "vitest";
import type { EmulatedUser } from "../support/bot-api-emulator/types.js";
import { packBroadcast } from "../../src/bot/callback-data/broadcast.js";
import { createBroadcastRepository } from "../../src/db/repositories/broadcast-repository.js";
import { startFlow, type Flow } from "../support/flow.js";
import { activeMediator } from "../support/mediators.js";
import { startedUser, submitRequest } from "../support/requests.js";

let flow: Flow | undefined;
afterEach(async () => {
  await flow?.stop();
  flow = undefined;
});

const NOW = new Date("2026-03-14T06:00:00.000Z");
const OPERATOR = 7001;

async function citizen(f: Flow, id: number, locale: "kk" | "ru" | "en" | null, rayonCode: string | null): Promise<EmulatedUser> {
  const user = f.emu.user({ id, first_name: `Citizen ${id}`, language_code: "kk" });
  const userId = await startedUser(f.app.db.prisma, user);
  await f.app.db.prisma.user.update({ where: { id: userId }, data: { locale } });
  if (rayonCode) await submitRequest(f.app.db.prisma, userId, NOW, { rayonCode });
  return user;
}

async function waitForBroadcast(f: Flow, id: number, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await f.app.jobs.runBroadcasts(NOW);
    const row = await f.app.db.prisma.broadcast.findUniqueOrThrow({ where: { id } });
    if (row.status === "done" || row.status === "cancelled") return row;
    if (Date.now() > deadline) throw new Error(`broadcast ${id} still ${row.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("broadcast", () => {
  it("composes, previews and sends to citizens of one oblast in one language; blocked people are marked", async () => {
    flow = await startFlow({ now: () => NOW, env: { OPERATOR_IDS: String(OPERATOR), DEFAULT_LOCALE: "kk" } });
    const f = flow;
    const akmolaKk = await citizen(f, 601, "kk", "akmola.burabay");
    const akmolaDefault = await citizen(f, 602, null, "akmola.burabay"); // no language chosen: the default (kk)
    const akmolaRu = await citizen(f, 603, "ru", "akmola.burabay");
    const abaiKk = await citizen(f, 604, "kk", "abai.ayagoz");
    const blocked = await citizen(f, 605, "kk", "akmola.burabay");
    const noRequest = await citizen(f, 606, "kk", null);
    const mediator = await activeMediator(f, { id: 607, name: "Mediator", locale: "kk" }, { rayonCodes: ["akmola.burabay"] });
    f.emu.injectRandomFaults({ blockedChatIds: [blocked.id], seed: 7 });

    const operator = f.emu.user({ id: OPERATOR, first_name: "Operator", language_code: "en" });
    await startedUser(f.app.db.prisma, operator);
    await f.app.db.prisma.user.update({ where: { telegramId: BigInt(OPERATOR) }, data: { locale: "en" } });
    await operator.sendText("/broadcast");
    expect((await operator.waitForReply()).at(-1)?.text).toContain("New broadcast");
    await operator.sendText("Сход граждан в субботу <10:00> & чай");
    expect((await operator.waitForReply()).at(-1)?.text).toContain("Who should receive it?");
    await operator.tap("Citizens");
    await operator.waitForReply();
    await operator.tap(/Akmola Region/);
    await operator.waitForReply();
    expect(operator.lastBotMessage()?.inlineButtons.flat()).toContain("✅ Akmola Region");
    await operator.tap(/Next/);
    await operator.waitForReply();
    await operator.tap(/Қазақша/);
    await operator.waitForReply();
    await operator.tap(/Next/);
    const preview = await operator.waitForReply();
    expect(preview.map((m) => m.text)).toContain("Сход граждан в субботу <10:00> & чай");
    expect(preview.at(-1)?.text).toContain("Recipients: 3 people");

    const before = f.emu.deliveredCounts();
    await operator.tap(/Send now/);
    await operator.waitForReply();
    const broadcast = await f.app.db.prisma.broadcast.findFirstOrThrow();
    expect(broadcast).toMatchObject({ audience: "citizens", oblastCodes: "akmola", languages: "kk", status: expect.stringMatching(/scheduled|sending|done/) });
    await waitForBroadcast(f, broadcast.id);

    const after = f.emu.deliveredCounts();
    const delivered = new Map([...after].map(([chat, n]) => [chat, n - (before.get(chat) ?? 0)]));
    expect(delivered.get(akmolaKk.id)).toBe(1);
    expect(delivered.get(akmolaDefault.id)).toBe(1);
    for (const user of [akmolaRu, abaiKk, blocked, noRequest, mediator.user]) expect(delivered.get(user.id) ?? 0).toBe(0);
    expect(akmolaKk.lastBotMessage()?.text).toBe("Сход граждан в субботу <10:00> & чай");

    const rows = await f.app.db.prisma.broadcastDelivery.findMany({ orderBy: { telegramId: "asc" }, select: { telegramId: true, status: true } });
    expect(rows.map((r) => [Number(r.telegramId), r.status])).toEqual([[601, "sent"], [602, "sent"], [605, "blocked"]]);
    expect((await f.app.db.prisma.user.findUniqueOrThrow({ where: { telegramId: BigInt(blocked.id) } })).blockedAt).not.toBeNull();

    const report = operator.messages().find((m) => m.text?.includes(`Broadcast #${broadcast.id}`));
    expect(report?.text).toContain("finished");
    expect(report?.text).toContain("Sent: 2");
    expect(report?.text).toContain("Blocked: 1");
  });

  it("never lets a non-operator open the composer or send, stop or steer a broadcast with forged buttons", async () => {
    flow = await startFlow({ now: () => NOW, env: { OPERATOR_IDS: String(OPERATOR) } });
    const f = flow;
    const someone = await citizen(f, 611, "en", "akmola.burabay");
    await someone.sendText("/broadcast");
    const reply = await someone.waitForReply();
    expect(reply.map((m) => m.text).join("\n")).not.toContain("New broadcast");

    // A broadcast an operator scheduled for later: forged taps must not start or stop it.
    const operatorId = await f.app.db.prisma.user.create({ data: { telegramId: BigInt(OPERATOR), firstName: "Op" }, select: { id: true } });
    const later = await f.app.db.prisma.broadcast.create({
      data: { createdById: operatorId.id, text: "x", audience: "everyone", status: "scheduled", scheduledAt: new Date(NOW.getTime() + 86_400_000) },
    });
    for (const data of ["bcs", "bct", "bca:everyone", "bcn", "bcz", `bcx:${later.id}`]) {
      await someone.sendCallbackData(data);
      const answer = await someone.waitForCallbackAnswer();
      expect(answer).toMatchObject({ showAlert: true, text: expect.stringContaining("operators") });
    }
    expect(await f.app.db.prisma.broadcast.count()).toBe(1);
    expect((await f.app.db.prisma.broadcast.findUniqueOrThrow({ where: { id: later.id } })).status).toBe("scheduled");
    expect(await f.app.db.prisma.broadcastDelivery.count()).toBe(0);
  });

  it("lets the operator stop a running broadcast between messages, while replies to others stay prompt", async () => {
    flow = await startFlow({ now: () => NOW, env: { OPERATOR_IDS: String(OPERATOR) } });
    const f = flow;
    const operator = f.emu.user({ id: OPERATOR, first_name: "Operator", language_code: "en" });
    const operatorId = await startedUser(f.app.db.prisma, operator);
    await f.app.db.prisma.user.update({ where: { id: operatorId }, data: { locale: "en" } });
    const ids = Array.from({ length: 150 }, (_, i) => 800_000 + i);
    await f.app.db.prisma.user.createMany({ data: ids.map((id) => ({ telegramId: BigInt(id), firstName: `R${id}`, locale: "ru" })) });
    f.emu.addStartedUsers(ids.map((id) => ({ id, first_name: `R${id}` })));
    const bystander = f.emu.user({ id: 612, first_name: "Bystander", language_code: "en" });
    await startedUser(f.app.db.prisma, bystander);

    const repo = createBroadcastRepository(f.app.db.prisma);
    const { id } = await repo.create(
      { audience: "everyone", oblastCodes: [], languages: ["ru"], createdById: operatorId, text: "Внимание", photoFileId: null, scheduledAt: null, progressChatId: BigInt(OPERATOR) },
      "kk",
      NOW,
    );
    const progress = await f.app.bot.api.sendMessage(OPERATOR, "queued", { reply_markup: { inline_keyboard: [[{ text: "⏹ Stop the broadcast", callback_data: packBroadcast({ type: "bc-stop", id }) }]] } });
    await repo.setProgressMessage(id, BigInt(OPERATOR), progress.message_id);
    const running = f.app.jobs.runBroadcasts(NOW);
    await new Promise((r) => setTimeout(r, 1000));

    // An interactive reply does not queue behind the broadcast.
    const asked = Date.now();
    await bystander.sendText("/start");
    await bystander.waitForReply({ timeoutMs: 2000 });
    expect(Date.now() - asked).toBeLessThan(1500);

    await operator.tap(/Stop the broadcast/, { messageId: progress.message_id });
    expect((await operator.waitForCallbackAnswer()).text).toBe("Stopping the broadcast…");
    await running;
    await waitForBroadcast(f, id);

    const rows = await f.app.db.prisma.broadcastDelivery.groupBy({ by: ["status"], where: { broadcastId: id }, _count: { _all: true } });
    const counts = Object.fromEntries(rows.map((r) => [r.status, r._count._all]));
    expect(counts.sending).toBeUndefined();
    expect(counts.sent).toBeGreaterThan(10);
    expect(counts.pending).toBeGreaterThan(10);
    const delivered = f.emu.deliveredCounts();
    expect(ids.filter((chat) => delivered.get(chat) === 1)).toHaveLength(counts.sent!);
    expect(operator.messages().find((m) => m.messageId === progress.message_id)?.text).toContain(`Broadcast #${id} was stopped`);
  });

  it("schedules a broadcast for a local time and sends it only when that time comes", async () => {
    let now = NOW;
    flow = await startFlow({ now: () => now, env: { OPERATOR_IDS: String(OPERATOR), TIME_ZONE: "Asia/Almaty" } });
    const f = flow;
    const reader = await citizen(f, 621, "kk", "abai.ayagoz");
    const operator = f.emu.user({ id: OPERATOR, first_name: "Operator", language_code: "en" });
    await startedUser(f.app.db.prisma, operator);
    await f.app.db.prisma.user.update({ where: { telegramId: BigInt(OPERATOR) }, data: { locale: "en" } });

    await operator.sendText("/broadcast");
    await operator.waitForReply();
    await operator.sendPhoto();
    await operator.waitForReply();
    await operator.tap("Citizens");
    await operator.waitForReply();
    await operator.tap(/Next/);
    await operator.waitForReply();
    await operator.tap(/Next/);
    const preview = await operator.waitForReply();
    expect(preview.some((m) => m.kind === "photo")).toBe(true);
    expect(preview.at(-1)?.text).toContain("Recipients: 1 person");
    await operator.tap(/Send at/);
    expect((await operator.waitForReply()).at(-1)?.text).toContain("YYYY-MM-DD HH:MM");
    await operator.sendText("2026-03-13 10:00"); // in the past
    expect((await operator.waitForReply()).at(-1)?.text).toContain("not a future date");
    await operator.sendText("2026-03-15 10:00");
    expect((await operator.waitForReply()).at(-1)?.text).toContain("is scheduled for");

    const broadcast = await f.app.db.prisma.broadcast.findFirstOrThrow();
    expect(broadcast.scheduledAt?.toISOString()).toBe("2026-03-15T05:00:00.000Z"); // 10:00 in Almaty (UTC+5)
    expect(broadcast.photoFileId).not.toBeNull();
    expect(await f.app.jobs.runBroadcasts(NOW)).toMatchObject({ broadcasts: 0 });
    now = new Date("2026-03-15T05:00:00.000Z");
    // Run it now (the scheduler, every 5 s, might take it first: either way it is sent once).
    await f.app.jobs.runBroadcasts(now);
    for (let i = 0; i < 100 && (await f.app.db.prisma.broadcast.findUniqueOrThrow({ where: { id: broadcast.id } })).status !== "done"; i++) await new Promise((r) => setTimeout(r, 100));
    expect(f.emu.deliveredCounts().get(reader.id)).toBe(2); // /start's answer and the broadcast
    expect(reader.lastBotMessage()?.kind).toBe("photo");
  });
});
