// Who gets a case's documents, on both databases: the citizen, the joined other party and the case's mediator do;
// anyone else (another mediator too) gets "not-yours", an unknown id "not-found"; the contract waits for a
// confirmed session, the agreement for a completed one with the outcome agreement/partial and saved terms.
import { beforeAll, describe, expect, it } from "vitest";
import { createCaseDocumentService } from "../../src/bot/documents/case-document-service.js";
import { createCaseDocumentRepository } from "../../src/db/repositories/case-document-repository.js";
import { databaseTargets } from "../support/databases.js";
import { storedMediator } from "../support/mediator-driver.js";
import { useMigratedDatabase } from "../support/migrated-database.js";
import { pdfText } from "../support/pdf-text.js";
import { submitRequest } from "../support/requests.js";

const NOW = new Date("2026-12-04T10:00:00Z");
let telegramSeq = 7_900_000;

describe.each(databaseTargets())("case document repository on $name", (target) => {
  const database = useMigratedDatabase(target);
  const prisma = () => database().prisma;
  const repo = () => createCaseDocumentRepository(prisma());
  const person = async (firstName: string, lastName: string | null = null) => (await prisma().user.create({ data: { telegramId: BigInt(telegramSeq++), firstName, lastName } })).id;
  let mediatorUser: number;
  let otherMediatorUser: number;
  let stranger: number;

  beforeAll(async () => {
    mediatorUser = await person("Серік");
    await storedMediator(prisma(), mediatorUser, "active", { fullName: "Серік Оспанов", kind: "public", registryNumber: "ҚМ-0421" });
    otherMediatorUser = await person("Бота");
    await storedMediator(prisma(), otherMediatorUser);
    stranger = await person("Бөтен");
  });

  /** A case of a new citizen (contact name as typed), with the other party joined, and one session in `status`. */
  async function caseWith(status: "proposed" | "confirmed" | "completed", outcome: string | null = null) {
    const citizen = await person("Айгүл", "Телеграм");
    const other = await person("Ерлан", "Жұмабаев");
    const request = await submitRequest(prisma(), citizen, new Date(NOW.getTime() - 10 * 86_400_000), { contactName: "Айгүл Серікқызы", sessionLanguage: "ru" });
    const mediator = await prisma().mediator.findUniqueOrThrow({ where: { userId: mediatorUser } });
    await prisma().mediationRequest.update({ where: { id: request.id }, data: { mediatorId: mediator.id, status: status === "completed" ? "completed" : "scheduled", otherPartyUserId: other, otherPartyStatus: "agreed" } });
    const appointment = await prisma().appointment.create({
      data: {
        requestId: request.id, status, mode: "in_person", place: "Әкімдік, 12", slots: "[]", proposedAt: new Date(NOW.getTime() - 5 * 86_400_000),
        startsAt: status === "proposed" ? null : new Date("2026-12-03T05:00:00Z"), outcome, outcomeAt: outcome ? NOW : null,
      },
    });
    return { ...request, citizen, other, appointmentId: appointment.id };
  }

  const addTerms = (c: { id: number; appointmentId: number }) => prisma().agreementTerm.createMany({
    data: [
      { requestId: c.id, appointmentId: c.appointmentId, position: 2, party: "citizen", action: null, voiceFileId: "voice-7", voiceDuration: 6, dueDate: null },
      { requestId: c.id, appointmentId: c.appointmentId, position: 1, party: "other_party", action: "Вернёт 50 000 тенге", dueDate: "2026-12-10", amountTenge: 50_000 },
    ],
  });

  it("the contract: the citizen, the joined other party and the mediator get it, named as the case names them", async () => {
    const c = await caseWith("confirmed");
    for (const viewer of [c.citizen, c.other, mediatorUser]) {
      const loaded = await repo().contract(c.id, viewer);
      expect(loaded).toEqual({
        ok: true,
        document: {
          requestCode: c.code, caseLanguage: "ru", category: "neighbours",
          citizen: { name: "Айгүл Серікқызы" }, otherParty: { name: "Ерлан Жұмабаев" },
          mediator: { fullName: "Серік Оспанов", kind: "public", registryNumber: "ҚМ-0421" },
          session: { startsAt: new Date("2026-12-03T05:00:00Z"), mode: "in_person", place: "Әкімдік, 12", rayon: { nameKk: "Бурабай ауданы", nameRu: "Бурабайский район" } },
        },
      });
    }
  });

  it("anyone else gets not-yours (another mediator too), an unknown id not-found, a case without a confirmed session not-ready", async () => {
    const c = await caseWith("confirmed");
    for (const viewer of [stranger, otherMediatorUser]) {
      expect(await repo().contract(c.id, viewer)).toEqual({ ok: false, reason: "not-yours" });
      expect(await repo().agreement(c.id, viewer)).toEqual({ ok: false, reason: "not-yours" });
    }
    expect(await repo().contract(99_999_999, c.citizen)).toEqual({ ok: false, reason: "not-found" });
    const proposed = await caseWith("proposed");
    expect(await repo().contract(proposed.id, proposed.citizen)).toEqual({ ok: false, reason: "not-ready" });
    // A stranger learns nothing more from a case that is not ready.
    expect(await repo().contract(proposed.id, stranger)).toEqual({ ok: false, reason: "not-yours" });
  });

  it("the agreement: not-ready until a completed session with agreement/partial has terms; then the terms in order", async () => {
    const confirmed = await caseWith("confirmed");
    expect(await repo().agreement(confirmed.id, mediatorUser)).toEqual({ ok: false, reason: "not-ready" });
    const noTerms = await caseWith("completed", "agreement");
    expect(await repo().agreement(noTerms.id, noTerms.citizen)).toEqual({ ok: false, reason: "not-ready" });
    const noAgreement = await caseWith("completed", "no_agreement");
    await addTerms(noAgreement);
    expect(await repo().agreement(noAgreement.id, mediatorUser)).toEqual({ ok: false, reason: "not-ready" });

    const partial = await caseWith("completed", "partial");
    await addTerms(partial);
    for (const viewer of [partial.citizen, partial.other, mediatorUser]) {
      const loaded = await repo().agreement(partial.id, viewer);
      expect(loaded.ok).toBe(true);
      if (!loaded.ok) continue;
      expect(loaded.document.terms.map((t) => ({ position: t.position, party: t.party, action: t.action, voiceFileId: t.voiceFileId, dueDate: t.dueDate, amountTenge: t.amountTenge }))).toEqual([
        { position: 1, party: "other_party", action: "Вернёт 50 000 тенге", voiceFileId: null, dueDate: "2026-12-10", amountTenge: 50_000 },
        { position: 2, party: "citizen", action: null, voiceFileId: "voice-7", dueDate: null, amountTenge: null },
      ]);
    }
  });

  it("an erased other party is a blank line; without a contact name the citizen's Telegram name is used", async () => {
    const c = await caseWith("confirmed");
    await prisma().mediationRequest.update({ where: { id: c.id }, data: { contactName: null } });
    await prisma().user.update({ where: { id: c.other }, data: { erasedAt: NOW, firstName: "", lastName: null } });
    const loaded = await repo().contract(c.id, mediatorUser);
    expect(loaded.ok && [loaded.document.citizen, loaded.document.otherParty]).toEqual([{ name: "Айгүл Телеграм" }, { name: null }]);
  });

  it("the service renders the agreement as a PDF named after the case, Russian first for a Russian case", async () => {
    const c = await caseWith("completed", "agreement");
    await addTerms(c);
    const service = createCaseDocumentService(prisma(), { timeZone: "Asia/Almaty" });
    const result = await service.agreement(c.id, c.other, NOW);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.filename).toBe(`kelisim-agreement-${c.code}.pdf`);
    const text = await pdfText(result.pdf);
    expect(text.indexOf("СОГЛАШЕНИЕ ОБ УРЕГУЛИРОВАНИИ СПОРА")).toBeLessThan(text.indexOf("ДАУДЫ РЕТТЕУ ТУРАЛЫ КЕЛІСІМ"));
    expect(text).toContain("1. Сторона 2 (Ерлан Жұмабаев): Вернёт 50 000 тенге Срок: 10 декабря 2026 г. Сумма: 50 000 ₸");
    expect(text).toContain("2. 1-тарап (Айгүл Серікқызы):");
    expect(await service.agreement(c.id, stranger, NOW)).toEqual({ ok: false, reason: "not-yours" });
  });
});
