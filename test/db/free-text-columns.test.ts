// Every String column of the schema is classified in personal-data-columns.ts, and every column classified
// "erased" really is exported by /mydata and gone after /deletedata. A column added to the schema without a
// classification fails here, and so does a personal column that export or erasure forgets (security review P1, P2).
import { describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { STRING_COLUMNS, type ColumnRule } from "../../src/db/repositories/personal-data-columns.js";
import { createPrivacyRepository } from "../../src/db/repositories/privacy-repository.js";
import { databaseTargets } from "../support/databases.js";
import { useMigratedDatabase } from "../support/migrated-database.js";

/** The data model the generated client itself runs on (Prisma's runtime copy of the DMMF: models, fields, types). */
type RuntimeDataModel = { models: Record<string, { fields: Array<{ name: string; kind: string; type: string }> }> };

function stringColumnsOfSchema(db: Database): string[] {
  const { models } = (db.prisma as unknown as { _runtimeDataModel: RuntimeDataModel })._runtimeDataModel;
  return Object.entries(models).flatMap(([model, { fields }]) => fields.filter((f) => f.kind === "scalar" && f.type === "String").map((f) => `${model}.${f.name}`)).sort();
}

const classified = Object.entries(STRING_COLUMNS as Record<string, Record<string, ColumnRule>>).flatMap(([model, columns]) =>
  Object.entries(columns).map(([column, rule]) => ({ name: `${model}.${column}`, rule })),
);

const CITIZEN = 7_300_000_001n;
const MEDIATOR = 7_300_000_002n;
/** A value nobody else has, naming its column, so a leftover says where it is. */
const mark = (column: string) => `«${column} of the person»`;
const STORAGE_KEY = `conversation:${CITIZEN}`;

/**
 * A citizen and a mediator with every "erased" column filled with its mark; returns the columns seeded.
 * (StorageEntry.key is the person's own key, which is its own mark.)
 */
async function seedEveryPersonalColumn(db: Database): Promise<Map<string, string>> {
  const prisma = db.prisma;
  const seeded = new Map<string, string>();
  const m = (column: string) => {
    seeded.set(column, mark(column));
    return mark(column);
  };
  const citizen = await prisma.user.create({
    data: { telegramId: CITIZEN, firstName: m("User.firstName"), lastName: m("User.lastName"), telegramLanguage: m("User.telegramLanguage"), preferredRayonCode: m("User.preferredRayonCode") },
  });
  const request = {
    status: "completed", category: "family", otherParty: "relative", otherPartyAware: "agrees", inCourt: false, rayonCode: "akmola.burabay", mode: "in_person",
    sessionLanguage: "kk", consentAt: new Date("2026-03-01T00:00:00Z"), submittedAt: new Date("2026-03-01T00:00:00Z"),
  };
  const own = await prisma.mediationRequest.create({
    data: {
      ...request, code: "KL-FTC01", citizenId: citizen.id, description: m("MediationRequest.description"), voiceFileId: m("MediationRequest.voiceFileId"),
      contactName: m("MediationRequest.contactName"), contactPhone: m("MediationRequest.contactPhone"),
    },
  });
  const at = new Date("2026-03-05T06:00:00Z");
  await prisma.appointment.create({ data: { requestId: own.id, status: "cancelled", mode: "in_person", place: m("Appointment.place"), slots: "[]", proposedAt: at, cancelledAt: at, cancelledBy: "citizen", cancelReason: m("Appointment.cancelReason") } });
  const held = await prisma.appointment.create({ data: { requestId: own.id, status: "completed", mode: "phone", slots: "[]", proposedAt: at, startsAt: at, rating: 3, ratingComment: m("Appointment.ratingComment"), outcome: "agreement" } });
  // The agreement of that session: one typed term and one spoken term, each with a question to the citizen.
  const typed = await prisma.agreementTerm.create({ data: { requestId: own.id, appointmentId: held.id, position: 1, party: "both", action: m("AgreementTerm.action"), dueDate: "2026-03-10", amountTenge: 50_000 } });
  const spoken = await prisma.agreementTerm.create({ data: { requestId: own.id, appointmentId: held.id, position: 2, party: "citizen", voiceFileId: m("AgreementTerm.voiceFileId"), voiceDuration: 7 } });
  await prisma.termCheck.create({ data: { termId: typed.id, recipient: "citizen", round: 1, dueAt: at, status: "answered", sentAt: at, answer: "done", answeredAt: at } });
  await prisma.termCheck.create({ data: { termId: spoken.id, recipient: "citizen", round: 1, dueAt: at, status: "pending" } });
  await prisma.storageEntry.create({ data: { key: STORAGE_KEY, value: m("StorageEntry.value") } });
  seeded.set("StorageEntry.key", STORAGE_KEY);

  const mediatorUser = await prisma.user.create({ data: { telegramId: MEDIATOR, firstName: "Mediator" } });
  const mediator = await prisma.mediator.create({
    data: {
      userId: mediatorUser.id, fullName: m("Mediator.fullName"), kind: "public", registryNumber: m("Mediator.registryNumber"), languages: "kk", specializations: "family",
      modes: "in_person", maxOpenCases: 3, phone: m("Mediator.phone"), bio: m("Mediator.bio"), status: "suspended", decisionReason: m("Mediator.decisionReason"),
    },
  });
  const offered = await prisma.mediationRequest.create({ data: { ...request, code: "KL-FTC02", status: "submitted" } });
  await prisma.offer.create({ data: { requestId: offered.id, mediatorId: mediator.id, status: "declined", offeredAt: at, expiresAt: at, respondedAt: at, declineReason: m("Offer.declineReason") } });
  await prisma.mediatorInvite.create({
    data: {
      code: "FtcInviteCode234", fullName: m("MediatorInvite.fullName"), phone: m("MediatorInvite.phone"), kind: "public", registryNumber: m("MediatorInvite.registryNumber"),
      rayonCodes: "akmola.burabay", languages: "kk", specializations: "family", modes: "in_person", maxOpenCases: 3, status: "joined", expiresAt: at, mediatorId: mediator.id, joinedAt: at,
    },
  });
  return seeded;
}

/** Every row of every table as one string (tables listed from the database itself). */
async function everyRow(db: Database): Promise<string> {
  const listing =
    db.provider === "sqlite"
      ? `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
      : `SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`;
  const tables = (await db.prisma.$queryRawUnsafe<Array<{ name: string }>>(listing)).map((t) => t.name);
  const rows: Record<string, unknown> = {};
  for (const table of tables) rows[table] = await db.prisma.$queryRawUnsafe(`SELECT * FROM "${table.replace(/"/g, '""')}"`);
  return JSON.stringify(rows, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
}

describe.each(databaseTargets())("personal data columns on $name", (target) => {
  const database = useMigratedDatabase(target);

  it("classifies every String column of the schema, each with a reason, and lists no column the schema lacks", () => {
    const db = database();
    const schema = stringColumnsOfSchema(db);
    expect(schema.length).toBeGreaterThan(50);
    const listed = new Set(classified.map((c) => c.name));
    expect(schema.filter((column) => !listed.has(column)), "String columns missing from personal-data-columns.ts").toEqual([]);
    expect([...listed].filter((column) => !schema.includes(column)), "columns in personal-data-columns.ts the schema no longer has").toEqual([]);
    for (const { name, rule } of classified) expect(rule.why.length, `${name} needs a reason`).toBeGreaterThan(10);
    // The review's named columns are decided, not forgotten.
    const kindOf = (name: string) => classified.find((c) => c.name === name)?.rule.kind;
    expect(["Appointment.cancelReason", "Appointment.ratingComment", "Appointment.place", "Offer.declineReason", "Mediator.decisionReason", "MediatorInvite.fullName", "MediatorInvite.phone", "User.preferredRayonCode", "User.telegramLanguage", "StorageEntry.value"].map(kindOf))
      .toEqual(Array(10).fill("erased"));
    expect(["AuditEntry.details", "Broadcast.text", "MediatorImport.plan"].map(kindOf)).toEqual(["kept", "kept", "kept"]);
  });

  it("exports every 'erased' column through /mydata and leaves none of them after /deletedata", async () => {
    const db = database();
    const seeded = await seedEveryPersonalColumn(db);
    const erased = classified.filter((c) => c.rule.kind === "erased").map((c) => c.name);
    expect(erased.filter((column) => !seeded.has(column)), "'erased' columns this test does not seed yet").toEqual([]);
    const before = await everyRow(db);
    for (const [column, value] of seeded) expect(before, column).toContain(value);

    const privacy = createPrivacyRepository(db.prisma);
    const exported = JSON.stringify([await privacy.exportFor(CITIZEN), await privacy.exportFor(MEDIATOR)]);
    // A voice file id is exported as "hasVoice" (the id itself is Telegram's handle, useless to the person): the
    // request's among the requests, the term's among the agreements.
    const requestsPart = JSON.stringify((await privacy.exportFor(CITIZEN))?.requests);
    const agreementsPart = JSON.stringify((await privacy.exportFor(CITIZEN))?.agreements);
    const isExported = (column: string) =>
      column === "MediationRequest.voiceFileId" ? requestsPart.includes('"hasVoice":true')
      : column === "AgreementTerm.voiceFileId" ? agreementsPart.includes('"position":2,"party":"citizen","action":null,"hasVoice":true')
      : exported.includes(seeded.get(column)!);
    expect(erased.filter((column) => !isExported(column)), "'erased' columns /mydata does not export").toEqual([]);

    await privacy.eraseFor(CITIZEN, new Date("2026-03-14T06:00:00Z"));
    await privacy.eraseFor(MEDIATOR, new Date("2026-03-14T06:00:00Z"));
    const after = await everyRow(db);
    expect(erased.filter((column) => after.includes(seeded.get(column)!)), "'erased' columns still holding the person's value after /deletedata").toEqual([]);
    // The terms keep only what the statistics count: who, the due date and the answers; no amount, no question pending.
    expect(await db.prisma.agreementTerm.findMany({ orderBy: { position: "asc" }, select: { party: true, dueDate: true, amountTenge: true, voiceDuration: true } }))
      .toEqual([{ party: "both", dueDate: "2026-03-10", amountTenge: null, voiceDuration: null }, { party: "citizen", dueDate: null, amountTenge: null, voiceDuration: null }]);
    expect(await db.prisma.termCheck.findMany({ orderBy: { id: "asc" }, select: { status: true, answer: true } })).toEqual([{ status: "answered", answer: "done" }, { status: "cancelled", answer: null }]);
  });
});
