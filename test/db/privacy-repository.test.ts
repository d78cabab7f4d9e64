// The privacy repository on every database: export and erasure must mean the same on SQLite and PostgreSQL.
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { createPrivacyRepository } from "../../src/db/repositories/privacy-repository.js";
import { createStatsRepository } from "../../src/db/repositories/stats-repository.js";
import { createUserRepository } from "../../src/db/repositories/user-repository.js";
import type { RequestStatus } from "../../src/domain/request-lifecycle.js";
import { databaseTargets } from "../support/databases.js";
import { useMigratedDatabase } from "../support/migrated-database.js";
import { setStatus, submitRequest } from "../support/requests.js";

const SUBMITTED = new Date("2026-03-12T08:00:00.000Z");
const ERASED_AT = new Date("2026-03-14T06:00:00.000Z");
// Every status: the open ones are cancelled by erasure, the finished ones keep their status.
const STATUSES: RequestStatus[] = ["submitted", "offered", "accepted", "scheduled", "unmatched", "completed", "cancelled", "expired"];
const OPEN = ["submitted", "offered", "accepted", "scheduled", "unmatched"];

describe.each(databaseTargets())("privacy repository on $name", (target) => {
  const database = useMigratedDatabase(target);
  let db: Database;
  beforeAll(() => {
    db = database();
  });

  async function personWithRequests(telegramId: bigint, name: string) {
    const users = createUserRepository(db.prisma);
    const { user } = await users.recordContact({ telegramId, firstName: name, lastName: `${name}ова`, languageCode: "kk" });
    const ids: number[] = [];
    for (const [i, status] of STATUSES.entries()) {
      const description = i % 2 === 0 ? { kind: "text" as const, text: `${name}: дау ${i}` } : { kind: "voice" as const, fileId: `${name}-voice-${i}`, duration: 9 };
      const { id } = await submitRequest(db.prisma, user.id, new Date(SUBMITTED.getTime() + i * 60_000), { description, contactName: name, contactPhone: `+7701000000${i}` });
      if (status !== "submitted") await setStatus(db.prisma, id, status, status === "completed" || status === "cancelled" || status === "expired" ? SUBMITTED : null);
      ids.push(id);
    }
    await db.prisma.storageEntry.createMany({
      data: [
        { key: `conversation:${telegramId}`, value: JSON.stringify({ draft: { contactName: name } }) },
        { key: `session:${telegramId}`, value: JSON.stringify({ name }) },
      ],
    });
    return { userId: user.id, ids };
  }

  it("knows nobody it has never seen", async () => {
    const privacy = createPrivacyRepository(db.prisma);
    expect(await privacy.exportFor(999n)).toBeNull();
    expect(await privacy.eraseFor(999n, ERASED_AT)).toEqual({ cancelledRequests: 0, keptRequests: 0 });
  });

  it("exports the person, every request (oldest first) and its history, as plain JSON-safe data", async () => {
    const privacy = createPrivacyRepository(db.prisma);
    await personWithRequests(7_100_000_001n, "Айгерім");
    const data = await privacy.exportFor(7_100_000_001n);
    expect(data?.user).toMatchObject({ telegramId: "7100000001", firstName: "Айгерім", lastName: "Айгерімова", locale: null, blockedAt: null, erasedAt: null });
    expect(data?.requests.map((r) => r.status)).toEqual(STATUSES);
    expect(data?.requests[0]).toMatchObject({ description: "Айгерім: дау 0", hasVoice: false, contactName: "Айгерім", contactPhone: "+77010000000", submittedAt: SUBMITTED.toISOString() });
    expect(data?.requests[1]).toMatchObject({ description: null, hasVoice: true });
    expect(data?.requests[0]?.history).toEqual([{ from: null, to: "submitted", by: "citizen", at: SUBMITTED.toISOString() }]);
    expect(data?.requests[0]?.appointments).toEqual([]);
    expect(data?.storedState).toEqual([
      { key: "conversation:7100000001", value: JSON.stringify({ draft: { contactName: "Айгерім" } }) },
      { key: "session:7100000001", value: JSON.stringify({ name: "Айгерім" }) },
    ]);
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });

  it("erases names, phones, descriptions, voices and stored state; cancels open requests; keeps statistics; touches nobody else", async () => {
    const privacy = createPrivacyRepository(db.prisma);
    const stats = createStatsRepository(db.prisma);
    const { userId, ids } = await personWithRequests(7_100_000_002n, "Бауыржан");
    const other = await personWithRequests(7_100_000_003n, "Сәуле");
    const othersBefore = await db.prisma.mediationRequest.findMany({ where: { citizenId: other.userId }, orderBy: { id: "asc" } });
    const countedBefore = (await stats.collect(null)).requestGroups.reduce((sum, g) => sum + g.count, 0);

    expect(await privacy.eraseFor(7_100_000_002n, ERASED_AT)).toEqual({ cancelledRequests: OPEN.length, keptRequests: STATUSES.length });

    expect(await db.prisma.user.findUniqueOrThrow({ where: { id: userId } })).toMatchObject({ firstName: "", lastName: null, erasedAt: ERASED_AT, telegramId: 7_100_000_002n });
    const rows = await db.prisma.mediationRequest.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" } });
    expect(rows.map((r) => r.id)).toEqual(ids);
    for (const [i, row] of rows.entries()) {
      expect(row).toMatchObject({
        description: null, voiceFileId: null, voiceDuration: null, contactName: null, contactPhone: null, category: "neighbours", rayonCode: "akmola.burabay",
        citizenId: null, assistedById: null, otherPartyUserId: null,
      });
      const wasOpen = OPEN.includes(STATUSES[i]!);
      expect(row.status).toBe(wasOpen ? "cancelled" : STATUSES[i]);
      expect(row.closedAt?.toISOString()).toBe(wasOpen ? ERASED_AT.toISOString() : SUBMITTED.toISOString());
    }
    const cancellations = await db.prisma.requestStatusChange.findMany({ where: { requestId: { in: ids }, createdAt: ERASED_AT }, orderBy: { requestId: "asc" } });
    expect(cancellations.map((c) => [c.fromStatus, c.toStatus, c.actorId, c.actorRole])).toEqual(OPEN.map((from) => [from, "cancelled", null, "citizen"]));
    // Anonymous statistics: no request row and no history row points to the person any more, and /stats still counts them all.
    expect(await db.prisma.mediationRequest.count({ where: { OR: [{ citizenId: userId }, { assistedById: userId }, { otherPartyUserId: userId }] } })).toBe(0);
    expect(await db.prisma.requestStatusChange.count({ where: { actorId: userId } })).toBe(0);
    expect(await db.prisma.requestStatusChange.count({ where: { requestId: { in: ids } } })).toBe(STATUSES.length + OPEN.length);
    expect((await stats.collect(null)).requestGroups.reduce((sum, g) => sum + g.count, 0)).toBe(countedBefore);
    expect(await db.prisma.storageEntry.count({ where: { key: { in: ["conversation:7100000002", "session:7100000002"] } } })).toBe(0);

    // The other person is exactly as before, stored state included.
    expect(await db.prisma.mediationRequest.findMany({ where: { citizenId: other.userId }, orderBy: { id: "asc" } })).toEqual(othersBefore);
    expect(await db.prisma.user.findUniqueOrThrow({ where: { id: other.userId } })).toMatchObject({ firstName: "Сәуле", erasedAt: null });
    expect(await db.prisma.storageEntry.count({ where: { key: { in: ["conversation:7100000003", "session:7100000003"] } } })).toBe(2);
  });

  /** A completed case of `citizen` with a joined other party and a mediator, its agreement of two terms, and the questions to both parties. */
  async function caseWithAgreement(base: bigint) {
    const users = createUserRepository(db.prisma);
    const citizen = (await users.recordContact({ telegramId: base, firstName: "Әсел", lastName: null, languageCode: "kk" })).user;
    const other = (await users.recordContact({ telegramId: base + 1n, firstName: "Ерлан", lastName: null, languageCode: "ru" })).user;
    const mediatorUser = (await users.recordContact({ telegramId: base + 2n, firstName: "Гүлнар", lastName: null, languageCode: "kk" })).user;
    const mediator = await db.prisma.mediator.create({
      data: { userId: mediatorUser.id, fullName: "Гүлнар Медиатор", kind: "public", languages: "kk", specializations: "neighbours", modes: "in_person", maxOpenCases: 3, phone: "+77010000009", bio: "", status: "active" },
    });
    const { id, code } = await submitRequest(db.prisma, citizen.id, SUBMITTED);
    await db.prisma.mediationRequest.update({ where: { id }, data: { status: "completed", closedAt: SUBMITTED, mediatorId: mediator.id, otherPartyUserId: other.id } });
    const held = await db.prisma.appointment.create({ data: { requestId: id, status: "completed", mode: "in_person", slots: "[]", proposedAt: SUBMITTED, startsAt: SUBMITTED, outcome: "agreement" } });
    const typed = await db.prisma.agreementTerm.create({ data: { requestId: id, appointmentId: held.id, position: 1, party: "other_party", action: "Қоршауды жөндеу", dueDate: "2026-03-20", amountTenge: 40_000 } });
    const spoken = await db.prisma.agreementTerm.create({ data: { requestId: id, appointmentId: held.id, position: 2, party: "both", voiceFileId: `voice-${base}`, voiceDuration: 11 } });
    const due = new Date("2026-03-21T04:00:00Z");
    await db.prisma.termCheck.createMany({
      data: [
        { termId: typed.id, recipient: "citizen", round: 1, dueAt: due, status: "answered", answer: "not_yet", answeredAt: due },
        { termId: typed.id, recipient: "citizen", round: 2, dueAt: due, status: "pending" },
        { termId: typed.id, recipient: "other_party", round: 1, dueAt: due, status: "answered", answer: "done", answeredAt: due },
        { termId: spoken.id, recipient: "other_party", round: 1, dueAt: due, status: "pending" },
      ],
    });
    return { id, code, terms: [typed.id, spoken.id] };
  }

  it("exports the agreement's terms to both parties, each with only their own answers, and the mediator's spoken terms to the mediator", async () => {
    const privacy = createPrivacyRepository(db.prisma);
    const { code } = await caseWithAgreement(7_100_000_010n);
    const citizen = await privacy.exportFor(7_100_000_010n);
    const other = await privacy.exportFor(7_100_000_011n);
    const mediator = await privacy.exportFor(7_100_000_012n);
    const terms = (answers: Array<Array<{ round: number; answer: string | null; status: string }>>) => [
      { position: 1, party: "other_party", action: "Қоршауды жөндеу", hasVoice: false, dueDate: "2026-03-20", amountTenge: 40_000, answers: answers[0]!.map((a) => expect.objectContaining(a)) },
      { position: 2, party: "both", action: null, hasVoice: true, dueDate: null, amountTenge: null, answers: answers[1]!.map((a) => expect.objectContaining(a)) },
    ];
    expect(citizen?.agreements).toEqual([{ requestCode: code, as: "citizen", terms: terms([[{ round: 1, answer: "not_yet", status: "answered" }, { round: 2, answer: null, status: "pending" }], []]) }]);
    expect(other?.agreements).toEqual([{ requestCode: code, as: "other_party", terms: terms([[{ round: 1, answer: "done", status: "answered" }], [{ round: 1, answer: null, status: "pending" }]]) }]);
    expect(mediator?.agreements).toEqual([]);
    expect(mediator?.mediator?.spokenTerms).toEqual([{ requestCode: code, position: 2, dueDate: null }]);
    expect(JSON.stringify(mediator)).not.toContain("Қоршауды жөндеу");
  });

  it("the other party's erasure blanks the terms for both sides, stops only their questions and keeps every answer as a count", async () => {
    const privacy = createPrivacyRepository(db.prisma);
    const { id, code, terms } = await caseWithAgreement(7_100_000_020n);
    await privacy.eraseFor(7_100_000_021n, ERASED_AT);
    expect(await db.prisma.agreementTerm.findMany({ where: { requestId: id }, orderBy: { position: "asc" }, select: { party: true, action: true, voiceFileId: true, voiceDuration: true, dueDate: true, amountTenge: true } })).toEqual([
      { party: "other_party", action: null, voiceFileId: null, voiceDuration: null, dueDate: "2026-03-20", amountTenge: null },
      { party: "both", action: null, voiceFileId: null, voiceDuration: null, dueDate: null, amountTenge: null },
    ]);
    const checks = await db.prisma.termCheck.findMany({ where: { termId: { in: terms } }, orderBy: { id: "asc" }, select: { recipient: true, round: true, status: true, answer: true } });
    expect(checks).toEqual([
      { recipient: "citizen", round: 1, status: "answered", answer: "not_yet" },
      { recipient: "citizen", round: 2, status: "pending", answer: null },
      { recipient: "other_party", round: 1, status: "answered", answer: "done" },
      { recipient: "other_party", round: 1, status: "cancelled", answer: null },
    ]);
    expect((await privacy.exportFor(7_100_000_021n))?.agreements).toEqual([]);
    // The citizen still has the case: the terms' places, blanked.
    expect((await privacy.exportFor(7_100_000_020n))?.agreements[0]).toMatchObject({ requestCode: code, terms: [{ position: 1, action: null, hasVoice: false }, { position: 2, action: null, hasVoice: false }] });
  });

  it("the citizen's erasure cancels their questions, not the other party's; the mediator's takes only the voice they recorded", async () => {
    const privacy = createPrivacyRepository(db.prisma);
    const first = await caseWithAgreement(7_100_000_030n);
    await privacy.eraseFor(7_100_000_030n, ERASED_AT);
    expect((await db.prisma.termCheck.findMany({ where: { termId: { in: first.terms } }, orderBy: { id: "asc" }, select: { status: true } })).map((c) => c.status))
      .toEqual(["answered", "cancelled", "answered", "pending"]);
    expect(await db.prisma.agreementTerm.count({ where: { requestId: first.id, OR: [{ action: { not: null } }, { voiceFileId: { not: null } }, { amountTenge: { not: null } }] } })).toBe(0);

    const second = await caseWithAgreement(7_100_000_040n);
    await privacy.eraseFor(7_100_000_042n, ERASED_AT);
    expect(await db.prisma.agreementTerm.findMany({ where: { requestId: second.id }, orderBy: { position: "asc" }, select: { action: true, voiceFileId: true, amountTenge: true } }))
      .toEqual([{ action: "Қоршауды жөндеу", voiceFileId: null, amountTenge: 40_000 }, { action: null, voiceFileId: null, amountTenge: null }]);
    expect((await db.prisma.termCheck.findMany({ where: { termId: { in: second.terms } }, select: { status: true } })).filter((c) => c.status === "cancelled")).toEqual([]);
  });

  it("an operator's erasure of the request blanks its terms and stops every question about them", async () => {
    const privacy = createPrivacyRepository(db.prisma, { isOperator: async () => true });
    const { id, terms } = await caseWithAgreement(7_100_000_050n);
    const operator = await createUserRepository(db.prisma).recordContact({ telegramId: 7_100_000_059n, firstName: "Operator", lastName: null, languageCode: "ru" });
    await privacy.eraseRequestByOperator(id, { userId: operator.user.id, telegramId: 7_100_000_059n }, ERASED_AT);
    expect(await db.prisma.agreementTerm.count({ where: { requestId: id, OR: [{ action: { not: null } }, { voiceFileId: { not: null } }, { amountTenge: { not: null } }] } })).toBe(0);
    expect((await db.prisma.termCheck.findMany({ where: { termId: { in: terms } }, orderBy: { id: "asc" }, select: { status: true } })).map((c) => c.status))
      .toEqual(["answered", "cancelled", "answered", "cancelled"]);
  });

  it("is safe to repeat, and the person's next message does not bring the names back", async () => {
    const privacy = createPrivacyRepository(db.prisma);
    await personWithRequests(7_100_000_004n, "Нұрлан");
    await privacy.eraseFor(7_100_000_004n, ERASED_AT);
    const changes = await db.prisma.requestStatusChange.count();
    // The requests no longer point to the person, so a second erasure finds none of them.
    expect(await privacy.eraseFor(7_100_000_004n, new Date("2026-03-15T00:00:00Z"))).toEqual({ cancelledRequests: 0, keptRequests: 0 });
    expect(await db.prisma.requestStatusChange.count()).toBe(changes);

    const users = createUserRepository(db.prisma);
    const { user, isNew } = await users.recordContact({ telegramId: 7_100_000_004n, firstName: "Нұрлан", lastName: "Нұрланов", languageCode: "kk" });
    expect(isNew).toBe(false);
    expect(user.firstName).toBe("");
    expect(await db.prisma.user.findUniqueOrThrow({ where: { telegramId: 7_100_000_004n } })).toMatchObject({ firstName: "", lastName: null });
    const data = await privacy.exportFor(7_100_000_004n);
    expect(data?.user).toMatchObject({ firstName: "", lastName: null, erasedAt: new Date("2026-03-15T00:00:00Z").toISOString() });
  });
});
