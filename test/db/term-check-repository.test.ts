// "Was this done?" rows as a queue and their answers, on both databases: two claims at once never share a row;
// a new repository/client (a restart) sends nothing twice; a crashed claim is taken again only when stale;
// answers are checked in the write (only the recipient, only once, only after the question went out); "not yet"
// asks again at most twice; the follow-up case is opened once per case and person, only after "not done"/"partly".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.js";
import { createTermCheckRepository } from "../../src/db/repositories/term-check-repository.js";
import { STALE_SENDING_MS } from "../../src/domain/reminder-queue.js";
import type { ClaimedTermCheck, TermCheckSender } from "../../src/domain/term-checks.js";
import { runSendTermChecks } from "../../src/jobs/send-term-checks.js";
import { createLogger } from "../../src/logger.js";
import { checkKey, morningAfter, seedAgreement, typedTerm, type SeededAgreement } from "../support/agreement-seed.js";
import { databaseTargets, type TestDatabase } from "../support/databases.js";
import { migrate } from "../../src/db/migrator.js";
import { loadRegions } from "../../src/db/regions/load-regions.js";
import { createRegionRepository } from "../../src/db/repositories/region-repository.js";

const TZ = "Asia/Almaty";
const logger = createLogger("silent");
const SESSION = new Date("2026-11-20T06:00:00Z");
const DAY = 86_400_000;

/** A sender that only counts what it was asked to send. */
function countingSender(sent: number[]): TermCheckSender {
  return { send: async (check: ClaimedTermCheck) => (sent.push(check.id), "sent") };
}

describe.each(databaseTargets())("term checks on $name", (target) => {
  let testDb: TestDatabase;
  let db: Database;
  // A second instance: PostgreSQL its own pool; SQLite the same connection (see reminder-repository.test.ts).
  let other: Database;
  let ids: { citizen: number; otherParty: number; stranger: number; mediatorUser: number; mediator: number };
  let seq = 0;

  beforeAll(async () => {
    testDb = await target.create();
    await migrate(testDb.url);
    db = openDatabase(testDb.url);
    other = target.name === "postgresql" ? openDatabase(testDb.url) : db;
    await loadRegions(createRegionRepository(db.prisma));
    const user = (telegramId: bigint, firstName: string) => db.prisma.user.create({ data: { telegramId, firstName } });
    const [citizen, otherParty, stranger, mediatorUser] = await Promise.all([user(7_100_001n, "Айгүл"), user(7_100_002n, "Серік"), user(7_100_003n, "Бөгде"), user(7_100_004n, "Асқар")]);
    const mediator = await db.prisma.mediator.create({
      data: { userId: mediatorUser!.id, fullName: "Асқар Бекұлы", kind: "public", languages: "kk,ru", specializations: "neighbours", modes: "in_person", maxOpenCases: 3, phone: "+77010000000", bio: "—", status: "active" },
    });
    ids = { citizen: citizen!.id, otherParty: otherParty!.id, stranger: stranger!.id, mediatorUser: mediatorUser!.id, mediator: mediator.id };
  });

  afterAll(async () => {
    if (other !== db) await other.close();
    await db?.close();
    await testDb?.drop();
  });

  /** A fresh case with two dated terms and one without a date, asked of both parties. */
  async function seed(): Promise<SeededAgreement> {
    const at = new Date(SESSION.getTime() + seq++ * 60_000);
    return seedAgreement(db.prisma, {
      citizenId: ids.citizen, otherPartyUserId: ids.otherParty, mediatorId: ids.mediator, sessionAt: at, timeZone: TZ,
      terms: [typedTerm("other_party", "Pays 50 000 ₸ for the hay", "2026-11-23", 50_000), typedTerm("both", "Mend the fence", "2026-11-25"), typedTerm("citizen", "Keep the cows in", null)],
    });
  }

  /** Marks rows as sent, as the job would after Telegram accepted the message. */
  async function sendAll(checkIds: number[], now: Date) {
    await db.prisma.termCheck.updateMany({ where: { id: { in: checkIds } }, data: { status: "sent", sentAt: now, claimedAt: now, attempts: 1 } });
  }

  it("creates rows only for dated terms, due the morning after, for each party with a chat", async () => {
    const a = await seed();
    expect([...a.checks.keys()].sort()).toEqual(["1:citizen", "1:other_party", "2:citizen", "2:other_party"]);
    const row = await db.prisma.termCheck.findUniqueOrThrow({ where: { id: a.checks.get(checkKey(1, "citizen"))! } });
    expect(row.dueAt.toISOString()).toBe("2026-11-24T05:00:00.000Z"); // 10:00 in Almaty (UTC+5)
  });

  it("two claims at once take each due row exactly once; nothing before it is due", async () => {
    await db.prisma.termCheck.updateMany({ where: { status: "pending" }, data: { status: "cancelled" } });
    const a = await seed();
    const due = morningAfter("2026-11-25", TZ);
    expect(await createTermCheckRepository(db.prisma).claimDue(new Date(due.getTime() - 1))).toHaveLength(2); // term 1 only
    const [left, right] = await Promise.all([createTermCheckRepository(db.prisma).claimDue(due), createTermCheckRepository(other.prisma).claimDue(due)]);
    const claimed = [...left!, ...right!].map((c) => c.id).sort((x, y) => x - y);
    expect(claimed).toEqual([a.checks.get("2:citizen")!, a.checks.get("2:other_party")!].sort((x, y) => x - y));
    expect(new Set(claimed).size).toBe(claimed.length);
  });

  it("two job runs at once and then a restart (new repository and client) send each question once; a crashed claim is retaken only when stale", async () => {
    await db.prisma.termCheck.updateMany({ where: { status: { in: ["pending", "sending"] } }, data: { status: "cancelled" } });
    const a = await seed();
    const due = morningAfter("2026-11-25", TZ);
    const sent: number[] = [];
    const job = (database: Database, now: Date) => runSendTermChecks({ termChecks: createTermCheckRepository(database.prisma), sender: countingSender(sent), logger }, now);
    await Promise.all([job(db, due), job(other, due)]);
    expect([...sent].sort((x, y) => x - y)).toEqual([...a.checks.values()].sort((x, y) => x - y));
    // The restart: a new client (PostgreSQL) and a new repository, a minute and a day later.
    const restarted = target.name === "postgresql" ? openDatabase(testDb.url) : db;
    try {
      await job(restarted, new Date(due.getTime() + 60_000));
      await job(restarted, new Date(due.getTime() + DAY));
    } finally {
      if (restarted !== db) await restarted.close();
    }
    expect(sent).toHaveLength(4);
    expect(await db.prisma.termCheck.count({ where: { id: { in: [...a.checks.values()] }, status: "sent" } })).toBe(4);

    // A crash after the claim: the row stays "sending"; it is taken again only after STALE_SENDING_MS, once.
    const b = await seed();
    const crashed = b.checks.get("1:citizen")!;
    const claimAt = morningAfter("2026-11-23", TZ);
    await db.prisma.termCheck.updateMany({ where: { id: { in: [...b.checks.values()].filter((id) => id !== crashed) } }, data: { status: "cancelled" } });
    expect((await createTermCheckRepository(db.prisma).claimDue(claimAt)).map((c) => c.id)).toEqual([crashed]);
    expect(await createTermCheckRepository(other.prisma).claimDue(new Date(claimAt.getTime() + STALE_SENDING_MS - 1))).toEqual([]);
    const late = new Date(claimAt.getTime() + STALE_SENDING_MS + 1);
    const [x, y] = await Promise.all([createTermCheckRepository(db.prisma).claimDue(late), createTermCheckRepository(other.prisma).claimDue(late)]);
    expect([...x!, ...y!].map((c) => ({ id: c.id, attempts: c.attempts }))).toEqual([{ id: crashed, attempts: 2 }]);
  });

  it("a failed send goes back to pending and is retried by the next run", async () => {
    await db.prisma.termCheck.updateMany({ where: { status: { in: ["pending", "sending"] } }, data: { status: "cancelled" } });
    const a = await seed();
    await db.prisma.termCheck.updateMany({ where: { id: { in: [...a.checks.values()].filter((id) => id !== a.checks.get("1:citizen")) } }, data: { status: "cancelled" } });
    const due = morningAfter("2026-11-23", TZ);
    const failing: TermCheckSender = { send: async () => { throw new Error("Telegram is down"); } };
    const repo = createTermCheckRepository(db.prisma);
    expect(await runSendTermChecks({ termChecks: repo, sender: failing, logger }, due)).toMatchObject({ claimed: 1, failed: 1 });
    expect(await db.prisma.termCheck.findUniqueOrThrow({ where: { id: a.checks.get("1:citizen")! } })).toMatchObject({ status: "pending", lastError: "Telegram is down" });
    const sent: number[] = [];
    await runSendTermChecks({ termChecks: repo, sender: countingSender(sent), logger }, new Date(due.getTime() + 60_000));
    expect(sent).toEqual([a.checks.get("1:citizen")]);
  });

  it("answers: only the recipient, only once, only after the question went out", async () => {
    const a = await seed();
    const repo = createTermCheckRepository(db.prisma);
    const citizenCheck = a.checks.get("1:citizen")!;
    const otherCheck = a.checks.get("1:other_party")!;
    const now = morningAfter("2026-11-23", TZ);
    // Not asked yet (still pending): nothing changes.
    expect(await repo.answer(citizenCheck, ids.citizen, "done", now, 7)).toEqual({ ok: false, reason: "not-asked" });
    await sendAll([citizenCheck, otherCheck], now);
    // Someone else, the other party on the citizen's question, the mediator, an unknown id: not found.
    for (const [checkId, userId] of [[citizenCheck, ids.stranger], [citizenCheck, ids.otherParty], [otherCheck, ids.citizen], [citizenCheck, ids.mediatorUser], [999_999, ids.citizen]] as const) {
      expect(await repo.answer(checkId, userId, "not_done", now, 7)).toEqual({ ok: false, reason: "not-found" });
    }
    expect(await db.prisma.termCheck.count({ where: { id: { in: [citizenCheck, otherCheck] }, answer: { not: null } } })).toBe(0);
    // Two taps at once (two devices): one answer.
    const [first, second] = await Promise.all([repo.answer(otherCheck, ids.otherParty, "not_done", now, 7), createTermCheckRepository(other.prisma).answer(otherCheck, ids.otherParty, "done", now, 7)]);
    const results = [first!, second!];
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: "already" }]);
    const winner = results.find((r) => r.ok)!;
    const stored = await db.prisma.termCheck.findUniqueOrThrow({ where: { id: otherCheck } });
    expect(stored).toMatchObject({ status: "answered", answer: winner.ok ? winner.notice.answer : null });
    // The notice names the case, the term, the party and the mediator's chat (no phone numbers in it).
    const done = await repo.answer(citizenCheck, ids.citizen, "partly", now, 7);
    expect(done).toMatchObject({ ok: true, nextDueAt: null, notice: { requestCode: a.code, recipient: "citizen", answer: "partly", term: { position: 1, party: "other_party", action: "Pays 50 000 ₸ for the hay", amountTenge: 50_000 }, mediator: { telegramId: 7_100_004n } } });
    expect(JSON.stringify(done, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))).not.toContain("+7701");
    expect(await repo.answer(citizenCheck, ids.citizen, "done", now, 7)).toEqual({ ok: false, reason: "already" });
    expect(await db.prisma.termCheck.findUniqueOrThrow({ where: { id: citizenCheck } })).toMatchObject({ answer: "partly" });
  });

  it("'not yet' asks again after the set days, at most twice more", async () => {
    const a = await seed();
    const repo = createTermCheckRepository(db.prisma);
    const termId = a.termIds[0]!;
    let checkId = a.checks.get("1:citizen")!;
    let now = morningAfter("2026-11-23", TZ);
    for (const round of [1, 2, 3]) {
      await sendAll([checkId], now);
      const result = await repo.answer(checkId, ids.citizen, "not_yet", now, 5);
      if (!result.ok) throw new Error(`round ${round}: ${result.reason}`);
      if (round < 3) {
        expect(result.nextDueAt).toEqual(new Date(now.getTime() + 5 * DAY));
        const next = await db.prisma.termCheck.findUniqueOrThrow({ where: { termId_recipient_round: { termId, recipient: "citizen", round: round + 1 } } });
        expect(next).toMatchObject({ status: "pending", dueAt: result.nextDueAt });
        checkId = next.id;
        now = next.dueAt;
      } else {
        expect(result.nextDueAt).toBeNull();
      }
    }
    expect(await db.prisma.termCheck.count({ where: { termId, recipient: "citizen" } })).toBe(3);
    // The other party's question about the same term is untouched.
    expect(await db.prisma.termCheck.count({ where: { termId, recipient: "other_party" } })).toBe(1);
  });

  it("is not sent to an erased or blocked recipient, nor about erased terms", async () => {
    const repo = createTermCheckRepository(db.prisma);
    const a = await seed();
    expect(await repo.question(a.checks.get("1:citizen")!)).toMatchObject({ cancel: null, requestCode: a.code, round: 1, term: { position: 1, spoken: false } });
    const gone = await db.prisma.user.create({ data: { telegramId: 7_100_009n, firstName: "Кетті" } });
    const b = await seedAgreement(db.prisma, { citizenId: ids.citizen, otherPartyUserId: gone.id, mediatorId: ids.mediator, sessionAt: SESSION, timeZone: TZ, terms: [typedTerm("both", "Share the well", "2026-11-23")] });
    await db.prisma.user.update({ where: { id: gone.id }, data: { blockedAt: SESSION } });
    expect(await repo.question(b.checks.get("1:other_party")!)).toEqual({ cancel: "recipient-gone" });
    await db.prisma.user.update({ where: { id: gone.id }, data: { blockedAt: null, erasedAt: SESSION } });
    expect(await repo.question(b.checks.get("1:other_party")!)).toEqual({ cancel: "recipient-gone" });
    await db.prisma.agreementTerm.updateMany({ where: { requestId: a.requestId }, data: { action: null, voiceFileId: null } });
    expect(await repo.question(a.checks.get("1:citizen")!)).toEqual({ cancel: "term-erased" });
    // The job cancels such rows instead of sending them.
    await db.prisma.termCheck.updateMany({ where: { status: "pending", id: { notIn: [a.checks.get("1:citizen")!, b.checks.get("1:other_party")!] } }, data: { status: "cancelled" } });
    const sent: number[] = [];
    const { createTermCheckSender } = await import("../../src/bot/notifications/term-check-sender.js");
    const sender = createTermCheckSender({ sendMessage: async () => { sent.push(1); return {}; } } as never, { termChecks: repo, messages: { localeOf: () => "en" } as never });
    expect(await runSendTermChecks({ termChecks: repo, sender, logger }, morningAfter("2026-11-23", TZ))).toMatchObject({ claimed: 2, skipped: 2, sent: 0 });
    expect(sent).toEqual([]);
    expect(await db.prisma.termCheck.count({ where: { id: { in: [a.checks.get("1:citizen")!, b.checks.get("1:other_party")!] }, status: "cancelled" } })).toBe(2);
  });

  it("opens one follow-up case per first case and person, only after 'not done' or 'partly', copying the case", async () => {
    const a = await seed();
    const repo = createTermCheckRepository(db.prisma);
    const now = morningAfter("2026-11-25", TZ);
    // Nobody answered "not done" yet; a stranger never.
    expect(await repo.openFollowUpCase(a.requestId, ids.citizen, now)).toEqual({ ok: false, reason: "no-reason" });
    expect(await repo.openFollowUpCase(a.requestId, ids.stranger, now)).toEqual({ ok: false, reason: "not-found" });
    expect(await repo.openFollowUpCase(a.requestId, ids.mediatorUser, now)).toEqual({ ok: false, reason: "not-found" });
    await sendAll([a.checks.get("1:citizen")!, a.checks.get("2:other_party")!], now);
    // "Done" or "not yet" is no reason either.
    await repo.answer(a.checks.get("1:citizen")!, ids.citizen, "done", now, 7);
    expect(await repo.openFollowUpCase(a.requestId, ids.citizen, now)).toEqual({ ok: false, reason: "no-reason" });
    await repo.answer(a.checks.get("2:other_party")!, ids.otherParty, "not_done", now, 7);
    // The other party's "not done" is theirs: the citizen still has no reason.
    expect(await repo.openFollowUpCase(a.requestId, ids.citizen, now)).toEqual({ ok: false, reason: "no-reason" });
    expect(await db.prisma.mediationRequest.count({ where: { followUpOfId: a.requestId } })).toBe(0);

    // Two taps at once: one case.
    const [x, y] = await Promise.all([repo.openFollowUpCase(a.requestId, ids.otherParty, now), createTermCheckRepository(other.prisma).openFollowUpCase(a.requestId, ids.otherParty, now)]);
    if (!x!.ok || !y!.ok) throw new Error("refused");
    expect([x!.created, y!.created].sort()).toEqual([false, true]);
    expect(x!.requestId).toBe(y!.requestId);
    expect(x).toMatchObject({ firstCode: a.code, firstMediatorId: ids.mediator });
    const first = await db.prisma.mediationRequest.findUniqueOrThrow({ where: { id: a.requestId } });
    const created = await db.prisma.mediationRequest.findUniqueOrThrow({ where: { id: x!.requestId } });
    expect(created).toMatchObject({
      followUpOfId: a.requestId, citizenId: ids.otherParty, status: "submitted", description: null, voiceFileId: null, contactPhone: null, contactName: "Серік",
      category: first.category, rayonCode: first.rayonCode, mode: first.mode, sessionLanguage: first.sessionLanguage, costPreference: first.costPreference, inCourt: first.inCourt,
      mediatorId: null,
    });
    expect(created.code).toMatch(/^KL-/);
    expect(await repo.openFollowUpCase(a.requestId, ids.otherParty, new Date(now.getTime() + DAY))).toMatchObject({ ok: true, created: false, requestId: created.id });
    // Once that follow-up is finished, a new one may be opened.
    await db.prisma.mediationRequest.update({ where: { id: created.id }, data: { status: "cancelled" } });
    expect(await repo.openFollowUpCase(a.requestId, ids.otherParty, new Date(now.getTime() + 2 * DAY))).toMatchObject({ ok: true, created: true });
    expect(await db.prisma.mediationRequest.count({ where: { followUpOfId: a.requestId } })).toBe(2);
  });
});
