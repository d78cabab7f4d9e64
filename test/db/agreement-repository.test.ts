// Saving an agreement's terms on both databases: every refusal changes nothing; a valid Done creates the
// terms in order and one first "Was this done?" per party and dated term, the day after at 10:00 local time;
// a second Done (also two at once) creates nothing more; the other party joining late gets their questions.
import { beforeAll, describe, expect, it } from "vitest";
import { createAgreementRepository } from "../../src/db/repositories/agreement-repository.js";
import type { TermDraft } from "../../src/domain/agreement.js";
import { MAX_AMOUNT_TENGE, MAX_TERMS, TERM_ACTION_MAX_LENGTH } from "../../src/domain/agreement.js";
import { draftProblem, firstCheckAt, parseAmount } from "../../src/domain/agreement-terms.js";
import { databaseTargets } from "../support/databases.js";
import { useMigratedDatabase } from "../support/migrated-database.js";
import { storedMediator } from "../support/mediator-driver.js";
import { submitRequest } from "../support/requests.js";

const TZ = "Asia/Almaty";
// Friday 4 December 2026, 15:00 in Almaty.
const NOW = new Date("2026-12-04T10:00:00Z");
let telegramSeq = 7_700_000;

const term = (overrides: Partial<TermDraft> = {}): TermDraft => ({
  party: "other_party", action: "Қоршауды жөндейді", voiceFileId: null, voiceDuration: null, dueDate: "2026-12-07", amountTenge: null, ...overrides,
});

describe("agreement drafts (pure)", () => {
  it("checks party, action, date and amount", () => {
    expect(draftProblem(term(), NOW, TZ)).toBeNull();
    expect(draftProblem(term({ party: "judge" as never }), NOW, TZ)).toBe("party");
    expect(draftProblem(term({ action: "   " }), NOW, TZ)).toBe("action");
    expect(draftProblem(term({ action: "x".repeat(TERM_ACTION_MAX_LENGTH + 1) }), NOW, TZ)).toBe("action");
    expect(draftProblem(term({ action: "x".repeat(TERM_ACTION_MAX_LENGTH) }), NOW, TZ)).toBeNull();
    expect(draftProblem(term({ action: null }), NOW, TZ)).toBe("action");
    expect(draftProblem(term({ action: null, voiceFileId: "voice-1", voiceDuration: 4 }), NOW, TZ)).toBeNull();
    expect(draftProblem(term({ dueDate: "2026-12-03" }), NOW, TZ)).toBe("due-date");
    expect(draftProblem(term({ dueDate: "2026-12-04" }), NOW, TZ)).toBeNull();
    expect(draftProblem(term({ dueDate: "2027-02-30" }), NOW, TZ)).toBe("due-date");
    expect(draftProblem(term({ dueDate: "7.12.2026" }), NOW, TZ)).toBe("due-date");
    expect(draftProblem(term({ dueDate: null }), NOW, TZ)).toBeNull();
    expect(draftProblem(term({ amountTenge: 0 }), NOW, TZ)).toBe("amount");
    expect(draftProblem(term({ amountTenge: 1.5 }), NOW, TZ)).toBe("amount");
    expect(draftProblem(term({ amountTenge: MAX_AMOUNT_TENGE + 1 }), NOW, TZ)).toBe("amount");
    expect(draftProblem(term({ amountTenge: 150_000 }), NOW, TZ)).toBeNull();
  });

  it("reads amounts as people type them", () => {
    expect(parseAmount("15 000")).toBe(15_000);
    expect(parseAmount("15000 ₸")).toBe(15_000);
    expect(parseAmount("150 000 тг")).toBe(150_000);
    expect(parseAmount("0")).toBeNull();
    expect(parseAmount("-5")).toBeNull();
    expect(parseAmount("бес мың")).toBeNull();
    expect(parseAmount(String(MAX_AMOUNT_TENGE + 1))).toBeNull();
  });

  it("asks the day after the due date at 10:00 local time", () => {
    expect(firstCheckAt("2026-12-07", TZ).toISOString()).toBe("2026-12-08T05:00:00.000Z");
    expect(firstCheckAt("2026-12-31", TZ).toISOString()).toBe("2027-01-01T05:00:00.000Z");
  });
});

describe.each(databaseTargets())("agreement repository on $name", (target) => {
  const database = useMigratedDatabase(target);
  const prisma = () => database().prisma;
  const repo = () => createAgreementRepository(prisma());
  let mediatorUserId: number;
  let otherMediatorUserId: number;

  beforeAll(async () => {
    mediatorUserId = (await prisma().user.create({ data: { telegramId: BigInt(telegramSeq++), firstName: "Серік" } })).id;
    await storedMediator(prisma(), mediatorUserId);
    otherMediatorUserId = (await prisma().user.create({ data: { telegramId: BigInt(telegramSeq++), firstName: "Бота" } })).id;
    await storedMediator(prisma(), otherMediatorUserId);
  });

  /** A held session of a new case with the given outcome; the other party joined when `joined`. */
  async function heldSession(outcome: string | null = "agreement", options: { joined?: boolean; mediatorUser?: number } = {}) {
    const citizen = await prisma().user.create({ data: { telegramId: BigInt(telegramSeq++), firstName: "Айгүл" } });
    const other = options.joined ? await prisma().user.create({ data: { telegramId: BigInt(telegramSeq++), firstName: "Бақыт" } }) : null;
    const request = await submitRequest(prisma(), citizen.id, new Date(NOW.getTime() - 10 * 86_400_000));
    const mediator = await prisma().mediator.findUniqueOrThrow({ where: { userId: options.mediatorUser ?? mediatorUserId } });
    await prisma().mediationRequest.update({
      where: { id: request.id },
      data: { status: outcome ? "completed" : "scheduled", mediatorId: mediator.id, ...(other ? { otherPartyStatus: "agreed", otherPartyUserId: other.id } : {}) },
    });
    const appointment = await prisma().appointment.create({
      data: {
        requestId: request.id, status: outcome ? "completed" : "confirmed", outcome, mode: "in_person", slots: "[]",
        startsAt: new Date(NOW.getTime() - 3_600_000), proposedAt: new Date(NOW.getTime() - 86_400_000), outcomeAt: outcome ? NOW : null,
      },
    });
    return { citizenId: citizen.id, otherId: other?.id ?? null, requestId: request.id, appointmentId: appointment.id };
  }

  const counts = async (requestId: number) => ({
    terms: await prisma().agreementTerm.count({ where: { requestId } }),
    checks: await prisma().termCheck.count({ where: { term: { requestId } } }),
  });

  it("saves the terms in order with one first question per party and dated term", async () => {
    const c = await heldSession("partial", { joined: true });
    const drafts = [
      term({ party: "other_party", dueDate: "2026-12-07", amountTenge: 150_000, action: "  Pays for the fence  " }),
      term({ party: "both", dueDate: null, action: null, voiceFileId: "voice-file-1", voiceDuration: 7 }),
      term({ party: "citizen", dueDate: "2026-12-31" }),
    ];
    const result = await repo().saveTerms(c.appointmentId, mediatorUserId, drafts, NOW, TZ);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.terms.map((t) => [t.position, t.party, t.action, t.voiceFileId, t.dueDate, t.amountTenge])).toEqual([
      [1, "other_party", "Pays for the fence", null, "2026-12-07", 150_000],
      [2, "both", null, "voice-file-1", null, null],
      [3, "citizen", "Қоршауды жөндейді", null, "2026-12-31", null],
    ]);
    expect(result.recipients.map((r) => [r.recipient, r.userId])).toEqual([["citizen", c.citizenId], ["other_party", c.otherId]]);
    const checks = await prisma().termCheck.findMany({ where: { term: { requestId: c.requestId } }, orderBy: [{ dueAt: "asc" }, { recipient: "asc" }], select: { recipient: true, round: true, status: true, dueAt: true, term: { select: { position: true } } } });
    expect(checks.map((k) => [k.term.position, k.recipient, k.round, k.status, k.dueAt.toISOString()])).toEqual([
      [1, "citizen", 1, "pending", "2026-12-08T05:00:00.000Z"],
      [1, "other_party", 1, "pending", "2026-12-08T05:00:00.000Z"],
      [3, "citizen", 1, "pending", "2027-01-01T05:00:00.000Z"],
      [3, "other_party", 1, "pending", "2027-01-01T05:00:00.000Z"],
    ]);
    expect((await repo().termsFor(c.requestId)).map((t) => t.position)).toEqual([1, 2, 3]);
  });

  it("asks only the citizen when the other party has not joined, even about their own term", async () => {
    const c = await heldSession("agreement");
    const result = await repo().saveTerms(c.appointmentId, mediatorUserId, [term({ party: "other_party" }), term({ party: "both", dueDate: null })], NOW, TZ);
    expect(result.ok).toBe(true);
    const checks = await prisma().termCheck.findMany({ where: { term: { requestId: c.requestId } }, select: { recipient: true } });
    expect(checks).toEqual([{ recipient: "citizen" }]);
  });

  it("refuses, changing nothing: another mediator, a suspended one, no outcome or the wrong one, no terms, too many, invalid", async () => {
    const c = await heldSession("agreement");
    const save = (drafts: TermDraft[], user = mediatorUserId, appointmentId = c.appointmentId) => repo().saveTerms(appointmentId, user, drafts, NOW, TZ);
    expect(await save([term()], otherMediatorUserId)).toEqual({ ok: false, reason: "not-yours" });
    expect(await save([term()], c.citizenId)).toEqual({ ok: false, reason: "not-yours" });
    expect(await save([term()], mediatorUserId, 999_999)).toEqual({ ok: false, reason: "not-found" });
    expect(await save([])).toEqual({ ok: false, reason: "no-terms" });
    expect(await save(Array.from({ length: MAX_TERMS + 1 }, () => term()))).toEqual({ ok: false, reason: "too-many" });
    expect(await save([term(), term({ dueDate: "2026-12-01" })])).toEqual({ ok: false, reason: "invalid" });
    expect(await save([term({ amountTenge: -3 })])).toEqual({ ok: false, reason: "invalid" });
    expect(await save([term({ action: "x".repeat(TERM_ACTION_MAX_LENGTH + 1) })])).toEqual({ ok: false, reason: "invalid" });
    expect(await counts(c.requestId)).toEqual({ terms: 0, checks: 0 });

    const noOutcome = await heldSession(null);
    expect(await save([term()], mediatorUserId, noOutcome.appointmentId)).toEqual({ ok: false, reason: "wrong-outcome" });
    const noAgreement = await heldSession("no_agreement");
    expect(await save([term()], mediatorUserId, noAgreement.appointmentId)).toEqual({ ok: false, reason: "wrong-outcome" });
    expect(await repo().termsContext(noAgreement.appointmentId, mediatorUserId)).toEqual({ ok: false, reason: "wrong-outcome" });

    // A suspended mediator records nothing more.
    const suspendedUser = (await prisma().user.create({ data: { telegramId: BigInt(telegramSeq++), firstName: "Ерлан" } })).id;
    await storedMediator(prisma(), suspendedUser);
    const theirs = await heldSession("agreement", { mediatorUser: suspendedUser });
    await prisma().mediator.update({ where: { userId: suspendedUser }, data: { status: "suspended" } });
    expect(await save([term()], suspendedUser, theirs.appointmentId)).toEqual({ ok: false, reason: "not-active" });
    for (const x of [noOutcome, noAgreement, theirs]) expect(await counts(x.requestId)).toEqual({ terms: 0, checks: 0 });
  });

  it("a second Done, or two at once, saves the terms once", async () => {
    const c = await heldSession("agreement", { joined: true });
    expect((await repo().termsContext(c.appointmentId, mediatorUserId)).ok).toBe(true);
    const [a, b] = await Promise.all([
      repo().saveTerms(c.appointmentId, mediatorUserId, [term()], NOW, TZ),
      repo().saveTerms(c.appointmentId, mediatorUserId, [term({ party: "citizen" }), term({ dueDate: null })], NOW, TZ),
    ]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    expect([a, b].find((r) => !r.ok)).toEqual({ ok: false, reason: "already-saved" });
    const saved = await counts(c.requestId);
    // Either Done won whole: one dated term (two parties asked), or one dated and one undated term.
    expect([1, 2]).toContain(saved.terms);
    expect(saved.checks).toBe(2);
    expect(await repo().saveTerms(c.appointmentId, mediatorUserId, [term()], NOW, TZ)).toEqual({ ok: false, reason: "already-saved" });
    expect(await repo().termsContext(c.appointmentId, mediatorUserId)).toEqual({ ok: false, reason: "already-saved" });
    expect(await counts(c.requestId)).toEqual(saved);
  });

  it("the other party joining later gets their first questions once (a past date: asked at once)", async () => {
    const c = await heldSession("agreement");
    await repo().saveTerms(c.appointmentId, mediatorUserId, [term({ dueDate: "2026-12-04" }), term({ dueDate: "2026-12-20" }), term({ dueDate: null })], NOW, TZ);
    expect(await repo().joinedLate(c.requestId, c.citizenId, NOW, TZ)).toBeNull();
    const other = await prisma().user.create({ data: { telegramId: BigInt(telegramSeq++), firstName: "Бақыт" } });
    await prisma().mediationRequest.update({ where: { id: c.requestId }, data: { otherPartyStatus: "agreed", otherPartyUserId: other.id } });
    const later = new Date("2026-12-06T12:00:00Z");
    const first = await repo().joinedLate(c.requestId, other.id, later, TZ);
    expect(first?.terms).toHaveLength(3);
    expect(first?.recipients.map((r) => r.userId)).toEqual([other.id]);
    await repo().joinedLate(c.requestId, other.id, later, TZ);
    const checks = await prisma().termCheck.findMany({ where: { term: { requestId: c.requestId }, recipient: "other_party" }, orderBy: { dueAt: "asc" }, select: { dueAt: true } });
    expect(checks.map((k) => k.dueAt.toISOString())).toEqual([later.toISOString(), "2026-12-21T05:00:00.000Z"]);
    const noTerms = await heldSession("agreement", { joined: true });
    expect(await repo().joinedLate(noTerms.requestId, noTerms.otherId!, later, TZ)).toBeNull();
  });
});
