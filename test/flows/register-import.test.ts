import { afterEach, describe, expect, it } from "vitest";
import type { ChatMessage, EmulatedUser } from "../support/bot-api-emulator/types.js";
import { databaseTargets } from "../support/databases.js";
import { startFlow, type Flow } from "../support/flow.js";
import { csvOf, documentAndText, NOW, OPERATOR, QUIET_DIGEST, until } from "../support/register-driver.js";
import { activeMediator } from "../support/mediators.js";
import { startedUser } from "../support/requests.js";
import { buildRows, normalisedPhoneOf, toCsv, type FixtureRow } from "../fixtures/register/register-fixture.js";

let flow: Flow | undefined;
afterEach(async () => {
  await flow?.stop();
  flow = undefined;
});





/** What the English report says for each kind of error (a phrase of the reason). */
const REASON: Record<NonNullable<FixtureRow["error"]> | "selfRegistered", string> = {
  name: "is not a person's name", phone: "phone “+7 12” is not a valid Kazakhstan number", kind: "kind “волонтёр-юрист” is neither",
  registryMissing: "needs a register or certificate number", registry: "register number “№” is not valid", noRayons: "no district given",
  rayonUnknown: "unknown district “Бескарагайскй район”; did you mean: Beskaragay District (Abai Region)", rayonAmbiguous: "“Жамбылский район” could be several districts",
  noLanguages: "no language given", language: "unknown language “klingon”", specialization: "unknown kind of dispute “космос”",
  mode: "unknown meeting mode “почтовый голубь”", capacity: "“500” is not a number of cases", duplicateInFile: "the same phone or register number as line 2",
  selfRegistered: "already registered in the bot themselves",
};

describe.each(databaseTargets())("register import on $name", (database) => {
  // Three imports of a 230-row register through the real bot: allow for a busy CI machine.
  it("previews the seeded register, applies exactly the valid rows once, changes nothing on a second import and only what an updated file changes", { timeout: 90_000 }, async () => {
    flow = await startFlow({ database, now: () => NOW, env: { OPERATOR_IDS: String(OPERATOR), DIGEST_TIME: QUIET_DIGEST } });
    const prisma = flow.app.db.prisma;
    const operator = flow.emu.user({ id: OPERATOR, first_name: "Aigul", language_code: "en" });
    await startedUser(prisma, operator);
    // Row 10 is a mediator who applied in the bot themselves: the register does not overwrite them.
    await activeMediator(flow, { id: 7301, name: "Серік" }, { rayonCodes: ["akmola.burabay"], phone: normalisedPhoneOf(10) });

    const rows = buildRows();
    const bad = rows.filter((r) => r.error);
    const valid = rows.filter((r) => !r.error && r.index !== 10);
    await operator.sendDocument("register.csv", toCsv(rows), "text/csv");
    const [report, preview] = await documentAndText(operator);
    expect(report?.document?.fileName).toBe("import-report.csv");
    expect(preview?.text).toContain("Register import: register.csv\nNothing has been changed yet.");
    expect(preview?.text).toContain(`Rows read: 230\n🆕 New mediators: ${valid.length}\n✏️ To update: 0\n➖ Unchanged: 0\n❌ Rejected: ${bad.length + 1}`);
    expect(preview?.text).toContain(`• line ${bad[0]!.line}: the name is missing or is not a person's name\n`);
    expect(preview?.text).toContain(`• line ${rows[10]!.line}: this mediator already registered in the bot themselves`);
    expect(preview?.inlineButtons).toEqual([["✅ Confirm import", "✖️ Cancel"]]);
    // The report names every rejected line and why.
    const lines = csvOf(report);
    expect(lines[0]).toEqual(["line", "result", "full_name", "details"]);
    const rejected = lines.filter((l) => l[1] === "rejected");
    expect(rejected.map((l) => Number(l[0]))).toEqual([...bad, rows[10]!].map((r) => r.line).sort((a, b) => a - b));
    for (const row of [...bad, rows[10]!]) expect(rejected.find((l) => Number(l[0]) === row.line)?.[3]).toContain(REASON[row.error ?? "selfRegistered"]);
    expect(lines.filter((l) => l[1] === "new")).toHaveLength(valid.length);
    expect(await prisma.mediatorInvite.count()).toBe(0);

    await operator.tap("✅ Confirm import", { messageId: preview!.messageId });
    const [links, summary] = await documentAndText(operator);
    expect(summary?.text).toContain(`Import done.\n🆕 New profiles waiting for their mediators: ${valid.length}\n✏️ Updated: 0`);
    expect(summary?.text).toContain("Сәлеметсіз бе, Айгүл Омарова! Медиация орталығы Сізді Келісім ботына медиатор ретінде қосты.");
    expect(links?.document?.fileName).toBe("invite-links.csv");
    const invites = csvOf(links);
    expect(invites[0]).toEqual(["full_name", "phone", "link", "expires", "sms_kk", "sms_ru", "whatsapp"]);
    expect(invites).toHaveLength(valid.length + 1);
    // The phone starts with "+": a spreadsheet would read it as a formula, so it carries a leading apostrophe (I1).
    expect(invites[1]).toEqual([rows[0]!.fullName, `'${rows[0]!.phone}`, expect.stringMatching(/^https:\/\/t\.me\/\w+\?start=m_[A-Za-z0-9]{16}$/), "2026-04-13",
      expect.stringContaining("Сәлеметсіз бе"), expect.stringContaining("Здравствуйте"), expect.stringMatching(/^https:\/\/wa\.me\/77010000000\?text=/)]);
    const stored = await prisma.mediatorInvite.findMany({ orderBy: { id: "asc" } });
    expect(stored.map((i) => i.phone)).toEqual(valid.map((r) => r.phone));
    expect(stored.find((i) => i.phone === rows[1]!.phone)).toMatchObject({ rayonCodes: "abai.abai,abai.beskaragay", status: "waiting", kind: "public" });
    expect(new Set(stored.map((i) => i.code)).size).toBe(valid.length);
    // A second tap on the old preview changes nothing.
    await operator.sendCallbackData(`rgy:${(await prisma.mediatorImport.findFirstOrThrow()).id}`, { messageId: preview!.messageId });
    expect((await until(operator, 1))[0]?.text).toContain("already been confirmed or cancelled");
    expect(await prisma.mediatorInvite.count()).toBe(valid.length);

    // The same file again: everything is unchanged, so there is nothing to confirm.
    await operator.sendDocument("register.csv", toCsv(buildRows()), "text/csv");
    const [, again] = await documentAndText(operator);
    expect(again?.text).toContain(`🆕 New mediators: 0\n✏️ To update: 0\n➖ Unchanged: ${valid.length}\n❌ Rejected: ${bad.length + 1}`);
    expect(again?.inlineButtons).toEqual([["✖️ Cancel"]]);
    await operator.tap("✖️ Cancel", { messageId: again!.messageId });
    expect((await until(operator, 1))[0]?.text).toContain("Import cancelled. Nothing was changed.");

    // An updated file: new capacity, other rayons, a new phone (found by register number), a corrected name.
    const updated = buildRows((row) => {
      if (row.index === 0) row.cells[8] = "7";
      if (row.index === 1) row.cells[4] = "Burabay District";
      if (row.index === 3) row.cells[1] = "+7 777 555 44 33";
      if (row.index === 5) row.cells[0] = "Мәдина Қасымқызы";
    });
    const before = await prisma.mediatorInvite.findMany({ orderBy: { id: "asc" } });
    await operator.sendDocument("register-v2.csv", toCsv(updated), "text/csv");
    const [, changes] = await documentAndText(operator);
    expect(changes?.text).toContain(`🆕 New mediators: 0\n✏️ To update: 4\n➖ Unchanged: ${valid.length - 4}`);
    expect(changes?.text).toContain(`• line ${rows[0]!.line}, ${rows[0]!.fullName}: cases at a time`);
    expect(changes?.text).toContain(`• line ${rows[1]!.line}, ${rows[1]!.fullName}: districts`);
    expect(changes?.text).toContain(`• line ${rows[3]!.line}, ${rows[3]!.fullName}: phone`);
    expect(changes?.text).toContain(`• line ${rows[5]!.line}, Мәдина Қасымқызы: name`);
    await operator.tap("✅ Confirm import", { messageId: changes!.messageId });
    const [applied] = await until(operator, 1);
    expect(applied?.text).toContain("New profiles waiting for their mediators: 0\n✏️ Updated: 4");
    const after = await prisma.mediatorInvite.findMany({ orderBy: { id: "asc" } });
    expect(after).toHaveLength(before.length);
    const changed = after.filter((a, i) => JSON.stringify({ ...a, updatedAt: 0 }) !== JSON.stringify({ ...before[i]!, updatedAt: 0 }));
    expect(changed.map((c) => c.id)).toEqual([before[0]!.id, before[1]!.id, before[3]!.id, before[5]!.id].sort((a, b) => a - b));
    expect(after[0]!.maxOpenCases).toBe(7);
    expect(after[1]!.rayonCodes).toBe("akmola.burabay");
    expect(after[3]!.phone).toBe("+77775554433");
    expect(after[3]!.code).toBe(before[3]!.code);
    expect(await prisma.auditEntry.count({ where: { action: "register.import" } })).toBe(2);
  });
});
