// Broadcast delivery under a hostile Telegram: 10 % random 5xx, some 429s, 3 % of people who blocked the
// bot, the real rate limits, and a restart in the middle. Every recipient ends as sent or blocked, nobody
// gets two copies (counted by the emulator), a row left "sending" by a crash is never resent, and a row
// left "claimed" (taken in a batch, never sent) is sent once.
import { afterEach, describe, expect, it } from "vitest";
import { createBroadcastRepository } from "../../src/db/repositories/broadcast-repository.js";
import { databaseTargets } from "../support/databases.js";
import { startFlow, type Flow } from "../support/flow.js";

let flow: Flow | undefined;
afterEach(async () => {
  await flow?.stop();
  flow = undefined;
});

const NOW = new Date("2026-03-14T06:00:00.000Z");
const OPERATOR = 7001;
const FIRST = 900_000;

async function seedRecipients(f: Flow, count: number): Promise<number[]> {
  const ids = Array.from({ length: count }, (_, i) => FIRST + i);
  await f.app.db.prisma.user.createMany({ data: ids.map((id) => ({ telegramId: BigInt(id), firstName: `R${id}`, locale: "kk" })) });
  f.emu.addStartedUsers(ids.map((id) => ({ id, first_name: `R${id}` })));
  return ids;
}

async function operatorRow(f: Flow) {
  const operator = f.emu.user({ id: OPERATOR, first_name: "Operator", language_code: "en" });
  await operator.sendText("/start");
  await operator.waitForReply();
  const row = await f.app.db.prisma.user.update({ where: { telegramId: BigInt(OPERATOR) }, data: { locale: "en" } });
  return { operator, id: row.id };
}

async function statusCounts(f: Flow, broadcastId: number) {
  const rows = await f.app.db.prisma.broadcastDelivery.groupBy({ by: ["status"], where: { broadcastId }, _count: { _all: true } });
  return Object.fromEntries(rows.map((r) => [r.status, r._count._all])) as Record<string, number>;
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("broadcast delivery under faults", () => {
  it("ends every recipient as sent or blocked, sends nobody two copies, and resumes after a restart", async () => {
    flow = await startFlow({ now: () => NOW, env: { OPERATOR_IDS: String(OPERATOR) } });
    const f = flow;
    const { operator, id: operatorId } = await operatorRow(f);
    const ids = await seedRecipients(f, 100);
    const blocked = ids.filter((_, i) => i % 33 === 5); // 3 %
    f.emu.enforceRateLimits({ perSecond: 30, perChatPerSecond: 1 });
    f.emu.injectRandomFaults({ serverErrorRate: 0.1, blockedChatIds: blocked, seed: 2026 });
    f.emu.injectFault({ method: "sendMessage", errorCode: 429, retryAfter: 1, times: 3 });

    const repo = createBroadcastRepository(f.app.db.prisma);
    const progress = await f.app.bot.api.sendMessage(OPERATOR, "…");
    const { id, recipients } = await repo.create(
      { audience: "everyone", oblastCodes: [], languages: [], createdById: operatorId, text: "<b>Ескерту</b>: жиналыс", photoFileId: null, scheduledAt: null, progressChatId: BigInt(OPERATOR) },
      "kk",
      NOW,
    );
    await repo.setProgressMessage(id, BigInt(OPERATOR), progress.message_id);
    expect(recipients).toBe(101); // the operator is a person too ("everyone")

    // The scheduler picks it up (every 5 s); restart once a third has gone out.
    await until(async () => ((await statusCounts(f, id)).sent ?? 0) >= 30, 20_000, "a third sent");
    await f.restart({ now: () => NOW });
    const midway = await statusCounts(f, id);
    expect(midway.sending ?? 0).toBe(0); // a graceful stop finishes or returns every claimed row

    await until(async () => (await f.app.db.prisma.broadcast.findUniqueOrThrow({ where: { id } })).status === "done", 60_000, "the broadcast to finish");
    const final = await statusCounts(f, id);
    expect(final).toEqual({ sent: 101 - blocked.length, blocked: blocked.length });

    const delivered = f.emu.deliveredCounts();
    for (const chat of ids) expect(delivered.get(chat) ?? 0).toBe(blocked.includes(chat) ? 0 : 1);
    const blockedRows = await f.app.db.prisma.user.findMany({ where: { blockedAt: { not: null } }, select: { telegramId: true } });
    expect(blockedRows.map((r) => Number(r.telegramId)).sort()).toEqual(blocked);
    expect(f.emu.calls.some((c) => c.error?.code === 429)).toBe(true);
    expect(f.emu.calls.some((c) => (c.error?.code ?? 0) >= 500)).toBe(true);
    // The final report is edited in right after the status turns "done" (paced: 1 msg/s in the operator's chat).
    await until(async () => operator.messages().find((m) => m.text?.includes(`Broadcast #${id}`))?.text?.includes("finished") === true, 5_000, "the final report");
    // Along the way the same message showed sent / blocked / failed / remaining, rate and ETA.
    const edits = f.emu.calls.filter((c) => c.method === "editMessageText" && c.payload.message_id === progress.message_id && !c.error);
    expect(edits.some((c) => /being sent[\s\S]*Remaining: \d+[\s\S]*msg\/s · ETA/.test(String(c.payload.text)))).toBe(true);
  }, 90_000);

  it.each(databaseTargets().map((database) => ({ name: database.name, database })))("after a crash ($name), marks rows left 'sending' as failed (interrupted) and sends rows left 'claimed', once", async ({ database }) => {
    flow = await startFlow({ database, now: () => NOW, env: { OPERATOR_IDS: String(OPERATOR) } });
    const f = flow;
    const { id: operatorId } = await operatorRow(f);
    await seedRecipients(f, 5);
    const repo = createBroadcastRepository(f.app.db.prisma);
    const { id } = await repo.create(
      { audience: "everyone", oblastCodes: [], languages: ["kk"], createdById: operatorId, text: "hi", photoFileId: null, scheduledAt: new Date(NOW.getTime() + 3_600_000), progressChatId: null },
      "kk",
      NOW,
    );
    // As a crashed instance leaves it: sending, lease lapsed, one row claimed (maybe delivered) and one sent.
    const rows = await f.app.db.prisma.broadcastDelivery.findMany({ where: { broadcastId: id }, orderBy: { id: "asc" } });
    await f.app.db.prisma.broadcast.update({ where: { id }, data: { status: "sending", startedAt: NOW, leaseUntil: new Date(NOW.getTime() - 1) } });
    await f.app.db.prisma.broadcastDelivery.update({ where: { id: rows[0]!.id }, data: { status: "sending", attempts: 1 } });
    await f.app.db.prisma.broadcastDelivery.update({ where: { id: rows[1]!.id }, data: { status: "sent", attempts: 1, sentAt: NOW } });
    // Claimed in its batch but never handed to the API: safe to send (once).
    await f.app.db.prisma.broadcastDelivery.update({ where: { id: rows[2]!.id }, data: { status: "claimed" } });

    // The operator chose English: not a recipient. (The scheduler may take it first: the outcome is the same.)
    await f.app.jobs.runBroadcasts(NOW);
    await until(async () => (await f.app.db.prisma.broadcast.findUniqueOrThrow({ where: { id } })).status === "done", 10_000, "the resumed broadcast");
    const after = await f.app.db.prisma.broadcastDelivery.findMany({ where: { broadcastId: id }, orderBy: { id: "asc" }, select: { status: true, lastError: true } });
    expect(after.map((r) => r.status)).toEqual(["failed", "sent", "sent", "sent", "sent"]);
    expect(after[0]!.lastError).toBe("interrupted");
    const delivered = f.emu.deliveredCounts();
    expect(delivered.get(Number(rows[0]!.telegramId)) ?? 0).toBe(0);
    expect(delivered.get(Number(rows[1]!.telegramId)) ?? 0).toBe(0);
    expect(delivered.get(Number(rows[2]!.telegramId)) ?? 0).toBe(1);
    expect((await f.app.db.prisma.broadcast.findUniqueOrThrow({ where: { id } })).status).toBe("done");
  });
});
