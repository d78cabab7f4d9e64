// Reminders as a queue on both databases: concurrent claims never share a row; the reminder job sends each
// reminder once across concurrent runs, a restart and a crash mid-send; failures retry, then give up.
import { Api } from "grammy";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrator.js";
import { loadRegions } from "../../src/db/regions/load-regions.js";
import { createRegionRepository } from "../../src/db/repositories/region-repository.js";
import { createReminderRepository } from "../../src/db/repositories/reminder-repository.js";
import { MAX_REMINDER_ATTEMPTS, STALE_SENDING_MS } from "../../src/domain/reminder-queue.js";
import type { DueReminder, ReminderSender } from "../../src/domain/reminders.js";
import { runSendReminders } from "../../src/jobs/send-reminders.js";
import { createLogger } from "../../src/logger.js";
import { startBotApiEmulator } from "../support/bot-api-emulator/index.js";
import type { BotApiEmulator } from "../support/bot-api-emulator/types.js";
import { databaseTargets, type TestDatabase } from "../support/databases.js";
import { submitRequest } from "../support/requests.js";

const logger = createLogger("silent");
const T0 = new Date("2026-11-30T18:00:00Z"); // 23:00 in Asia/Almaty, the last evening of November
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);
const CHAT = 4242;

/**
 * Test stand-in for the appointments' ReminderSender: sends one Telegram message per reminder through
 * the emulator (so the test counts real messages), "missed" for a session that already started.
 */
function emulatorSender(api: Api, startsAt: Map<number, Date>): ReminderSender {
  return {
    async send(reminder: DueReminder, now: Date) {
      const start = reminder.appointmentId === null ? undefined : startsAt.get(reminder.appointmentId);
      if (start && start.getTime() <= now.getTime()) return "missed";
      await api.sendMessage(CHAT, `reminder #${reminder.id} ${reminder.kind} → ${reminder.recipient}`);
      return "sent";
    },
  };
}

describe.each(databaseTargets())("reminders on $name", (target) => {
  let testDb: TestDatabase;
  let db: Database;
  // A second instance. PostgreSQL: its own connection pool. SQLite: the same connection, because
  // better-sqlite3 is synchronous — a second connection in one process would block the event loop waiting
  // for a write lock the first one can only release on that same loop (separate processes do not have this).
  let other: Database;
  let emu: BotApiEmulator;
  let api: Api;
  let requestId: number;
  let appointmentId: number;

  beforeAll(async () => {
    testDb = await target.create();
    await migrate(testDb.url);
    db = openDatabase(testDb.url);
    other = target.name === "postgresql" ? openDatabase(testDb.url) : db;
    await loadRegions(createRegionRepository(db.prisma));
    const citizen = await db.prisma.user.create({ data: { telegramId: 9_000_001n, firstName: "Айгүл" } });
    requestId = (await submitRequest(db.prisma, citizen.id, minutes(-3 * 24 * 60))).id;
    appointmentId = (await db.prisma.appointment.create({
      data: { requestId, status: "confirmed", mode: "in_person", slots: "[]", startsAt: minutes(24 * 60), proposedAt: minutes(-60), confirmedAt: minutes(-30) },
    })).id;
    emu = await startBotApiEmulator();
    api = new Api("123456:TEST", { apiRoot: emu.apiRoot });
    await emu.user({ id: CHAT, first_name: "Reminded" }).sendText("/start"); // the chat exists for the bot
  });
  afterAll(async () => {
    await emu?.close();
    if (other !== db) await other?.close();
    await db?.close();
    await testDb?.drop();
  });
  beforeEach(async () => {
    await db.prisma.reminder.deleteMany();
  });

  const sentMessages = () => emu.calls.filter((c) => c.method === "sendMessage" && !c.error).length;
  const seed = (count: number, dueAt: (i: number) => Date) =>
    db.prisma.reminder.createMany({
      data: Array.from({ length: count }, (_, i) => ({ requestId, appointmentId, kind: i % 2 ? "before_2h" : "before_24h", recipient: i % 3 ? "citizen" : "mediator", dueAt: dueAt(i) })),
    });

  it("concurrent claims never return the same row, and together take every due one", async () => {
    await seed(50, (i) => minutes(-i));
    await seed(5, (i) => minutes(i + 1)); // not due yet
    const repos = [createReminderRepository(db.prisma), createReminderRepository(other.prisma)];
    const claims = await Promise.all([0, 1, 2, 3].map((i) => repos[i % 2]!.claimDue(T0)));
    const ids = claims.flat().map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(50);
    const rows = await db.prisma.reminder.findMany({ where: { id: { in: ids } } });
    expect(rows.every((r) => r.status === "sending" && r.attempts === 1 && r.claimedAt?.getTime() === T0.getTime() && r.dueAt <= T0)).toBe(true);
    expect(await db.prisma.reminder.count({ where: { status: "pending" } })).toBe(5);
    // Claimed rows are not claimed again while they are being sent.
    expect(await repos[0]!.claimDue(T0)).toEqual([]);
  });

  it("the job sends each reminder once: two runs at once, then a restart", async () => {
    await seed(30, (i) => minutes(-i));
    const before = sentMessages();
    const sender = emulatorSender(api, new Map([[appointmentId, minutes(24 * 60)]]));
    const runs = await Promise.all([
      runSendReminders({ reminders: createReminderRepository(db.prisma), sender, logger }, T0),
      runSendReminders({ reminders: createReminderRepository(other.prisma), sender, logger }, T0),
    ]);
    expect(runs.map((r) => r.sent).reduce((a, b) => a + b)).toBe(30);
    // "Restart": a new instance on the same database, a minute later, finds nothing left to send.
    const restarted = openDatabase(testDb.url);
    try {
      expect(await runSendReminders({ reminders: createReminderRepository(restarted.prisma), sender, logger }, minutes(1))).toMatchObject({ claimed: 0, sent: 0 });
    } finally {
      await restarted.close();
    }
    expect(sentMessages() - before).toBe(30);
    expect(await db.prisma.reminder.count({ where: { status: "sent", sentAt: { not: null } } })).toBe(30);
  });

  it("a reminder due while the bot was down is sent on start if the session is ahead, otherwise recorded as missed", async () => {
    const past = await db.prisma.appointment.create({
      data: { requestId, status: "confirmed", mode: "in_person", slots: "[]", startsAt: minutes(-30), proposedAt: minutes(-3000) },
    });
    await db.prisma.reminder.createMany({
      data: [
        { requestId, appointmentId, kind: "before_24h", recipient: "citizen", dueAt: minutes(-600) }, // session tomorrow: still useful
        { requestId, appointmentId: past.id, kind: "before_2h", recipient: "citizen", dueAt: minutes(-150) }, // session already started
      ],
    });
    const before = sentMessages();
    const sender = emulatorSender(api, new Map([[appointmentId, minutes(24 * 60)], [past.id, minutes(-30)]]));
    expect(await runSendReminders({ reminders: createReminderRepository(db.prisma), sender, logger }, T0)).toMatchObject({ claimed: 2, sent: 1, missed: 1 });
    expect(sentMessages() - before).toBe(1);
    expect((await db.prisma.reminder.findMany({ orderBy: { dueAt: "asc" } })).map((r) => r.status)).toEqual(["sent", "missed"]);
    await db.prisma.appointment.delete({ where: { id: past.id } });
  });

  it("a row left in 'sending' by a crashed instance is taken again after 5 minutes, and sent once", async () => {
    await seed(3, (i) => minutes(-i));
    const crashed = await createReminderRepository(other.prisma).claimDue(T0); // claimed, then the process died
    expect(crashed).toHaveLength(3);
    const before = sentMessages();
    const sender = emulatorSender(api, new Map([[appointmentId, minutes(24 * 60)]]));
    const reminders = createReminderRepository(db.prisma);
    expect((await runSendReminders({ reminders, sender, logger }, minutes(1))).claimed).toBe(0); // maybe still sending
    const later = new Date(T0.getTime() + STALE_SENDING_MS + 60_000);
    const [a, b] = await Promise.all([runSendReminders({ reminders, sender, logger }, later), runSendReminders({ reminders: createReminderRepository(other.prisma), sender, logger }, later)]);
    expect(a.sent + b.sent).toBe(3);
    expect(sentMessages() - before).toBe(3);
    expect((await db.prisma.reminder.findMany()).map((r) => [r.status, r.attempts])).toEqual([["sent", 2], ["sent", 2], ["sent", 2]]);
  });

  it("a failing send goes back to pending with its error, and is missed after 5 attempts", async () => {
    await seed(1, () => T0);
    const failing: ReminderSender = { send: async () => Promise.reject(new Error("Bad Request: chat not found")) };
    const reminders = createReminderRepository(db.prisma);
    for (let attempt = 1; attempt <= MAX_REMINDER_ATTEMPTS; attempt++) {
      const result = await runSendReminders({ reminders, sender: failing, logger }, minutes(attempt));
      expect(result).toMatchObject({ claimed: 1, failed: 1 });
      const row = await db.prisma.reminder.findFirstOrThrow();
      expect({ status: row.status, attempts: row.attempts, lastError: row.lastError }).toEqual({
        status: attempt < MAX_REMINDER_ATTEMPTS ? "pending" : "missed", attempts: attempt, lastError: "Bad Request: chat not found",
      });
    }
    expect((await runSendReminders({ reminders, sender: failing, logger }, minutes(10))).claimed).toBe(0);
  });

  it("a skipped reminder is cancelled; finishing a row twice changes nothing", async () => {
    await seed(1, () => T0);
    const reminders = createReminderRepository(db.prisma);
    expect(await runSendReminders({ reminders, sender: { send: async () => "skip" }, logger }, T0)).toMatchObject({ skipped: 1 });
    const row = await db.prisma.reminder.findFirstOrThrow();
    await reminders.markSent(row.id, T0);
    expect((await db.prisma.reminder.findFirstOrThrow()).status).toBe("cancelled");
  });

  it("schedules the propose nudge a day after acceptance, and lists stuck cases for the digest", async () => {
    const reminders = createReminderRepository(db.prisma);
    const citizen = await db.prisma.user.create({ data: { telegramId: BigInt(9_100_000 + Math.floor(Math.random() * 1e5)), firstName: "Болат" } });
    const waiting = await submitRequest(db.prisma, citizen.id, minutes(-5 * 24 * 60));
    const fresh = await submitRequest(db.prisma, citizen.id, minutes(-5 * 24 * 60));
    await db.prisma.mediationRequest.update({ where: { id: waiting.id }, data: { status: "accepted", acceptedAt: minutes(-2 * 24 * 60) } });
    await db.prisma.mediationRequest.update({ where: { id: fresh.id }, data: { status: "accepted", acceptedAt: minutes(-60) } });
    await reminders.scheduleProposeNudge(waiting.id, minutes(-2 * 24 * 60));
    expect(await db.prisma.reminder.findFirstOrThrow({ where: { requestId: waiting.id } })).toMatchObject({ kind: "nudge_propose", recipient: "mediator", status: "pending", dueAt: minutes(-24 * 60) });

    // The session of `requestId` ended 26 h before T0 + 25 h: no outcome a day later.
    const stuck = await reminders.stuckCases(minutes(25 * 60 + 24 * 60 + 120));
    expect(stuck.map((s) => [s.kind, s.code])).toEqual([
      ["no_proposal", waiting.code],
      ["no_proposal", fresh.code],
      ["no_outcome", (await db.prisma.mediationRequest.findUniqueOrThrow({ where: { id: requestId } })).code],
    ]);
    expect((await reminders.stuckCases(T0)).map((s) => s.code)).toEqual([waiting.code]);
    await db.prisma.mediationRequest.updateMany({ where: { id: { in: [waiting.id, fresh.id] } }, data: { status: "cancelled" } });
  });
});
