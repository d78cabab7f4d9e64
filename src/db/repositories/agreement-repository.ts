// Agreement terms (src/domain/agreement-terms.ts): saved once per appointment in one transaction that checks
// who may save them and what they are, together with the first "Was this done?" row per party and dated term
// (the follow-up job, src/jobs/send-term-checks.ts, claims those rows).
import type { AgreementTermView, CheckRecipient, TermDraft, TermParty } from "../../domain/agreement.js";
import { AGREEMENT_OUTCOMES, MAX_TERMS } from "../../domain/agreement.js";
import {
  draftProblem, firstCheckAt,
  type AgreementRepository, type SavedAgreement, type SaveTermsRefusal, type TermRecipient, type TermsContext,
} from "../../domain/agreement-terms.js";
import type { Prisma } from "../../generated/sqlite/client.js";
import type { PrismaClient } from "../client.js";

type Tx = Prisma.TransactionClient;

class Refused extends Error {
  constructor(readonly reason: SaveTermsRefusal) {
    super(reason);
  }
}

const personSelect = { id: true, telegramId: true, locale: true, telegramLanguage: true, erasedAt: true } as const;
const caseSelect = {
  id: true, status: true, outcome: true,
  request: {
    select: {
      id: true, code: true, contactName: true, otherPartyStatus: true,
      citizen: { select: personSelect },
      otherPartyUser: { select: personSelect },
      mediator: { select: { fullName: true, status: true, userId: true } },
    },
  },
} as const;
const termSelect = { id: true, position: true, party: true, action: true, voiceFileId: true, voiceDuration: true, dueDate: true, amountTenge: true } as const;

type Person = { id: number; telegramId: bigint; locale: string | null; telegramLanguage: string | null; erasedAt: Date | null };
type CaseRow = NonNullable<Awaited<ReturnType<typeof loadCase>>>;

const loadCase = (tx: Tx | PrismaClient, appointmentId: number) => tx.appointment.findUnique({ where: { id: appointmentId }, select: caseSelect });

/** Why this user may not record terms for this appointment now, or null when they may (before "already-saved"). */
function refusal(row: CaseRow | null, mediatorUserId: number): SaveTermsRefusal | null {
  if (!row || !row.request.mediator) return "not-found";
  if (row.request.mediator.userId !== mediatorUserId) return "not-yours";
  if (row.request.mediator.status !== "active") return "not-active";
  if (row.status !== "completed" || !(AGREEMENT_OUTCOMES as readonly string[]).includes(row.outcome ?? "")) return "wrong-outcome";
  return null;
}

function toRecipient(recipient: CheckRecipient, p: Person | null): TermRecipient[] {
  return p && !p.erasedAt ? [{ recipient, userId: p.id, telegramId: p.telegramId, locale: p.locale, telegramLanguage: p.telegramLanguage }] : [];
}

/** The citizen, and the other party when they joined through the invitation (the only parties with a chat). */
function recipientsOf(row: CaseRow): TermRecipient[] {
  const joined = row.request.otherPartyStatus === "agreed" ? row.request.otherPartyUser : null;
  return [...toRecipient("citizen", row.request.citizen), ...toRecipient("other_party", joined)];
}

function toView(t: { id: number; position: number; party: string; action: string | null; voiceFileId: string | null; voiceDuration: number | null; dueDate: string | null; amountTenge: number | null }): AgreementTermView {
  return { id: t.id, position: t.position, party: t.party as TermParty, action: t.action, voiceFileId: t.voiceFileId, voiceDuration: t.voiceDuration, dueDate: t.dueDate, amountTenge: t.amountTenge };
}

function agreementOf(row: CaseRow, terms: AgreementTermView[], recipients: TermRecipient[]): SavedAgreement {
  return { requestId: row.request.id, requestCode: row.request.code, citizenName: row.request.contactName, mediatorName: row.request.mediator?.fullName ?? "", terms, recipients };
}

const isUniqueViolation = (error: unknown) => (error as { code?: string } | null)?.code === "P2002";

export function createAgreementRepository(prisma: PrismaClient): AgreementRepository {
  const termsOf = async (tx: Tx | PrismaClient, requestId: number) =>
    (await tx.agreementTerm.findMany({ where: { requestId }, orderBy: [{ appointmentId: "asc" }, { position: "asc" }], select: termSelect })).map(toView);

  return {
    async saveTerms(appointmentId, mediatorUserId, drafts, now, timeZone) {
      if (!Array.isArray(drafts) || drafts.length === 0) return { ok: false, reason: "no-terms" };
      if (drafts.length > MAX_TERMS) return { ok: false, reason: "too-many" };
      if (drafts.some((d) => draftProblem(d, now, timeZone) !== null)) return { ok: false, reason: "invalid" };
      try {
        return await prisma.$transaction(async (tx) => {
          // The appointment's row is written first: two Done taps (two devices, two instances) queue here, so the
          // "no terms yet" check below sees the other's commit; the unique (appointmentId, position) backs it up.
          await tx.appointment.updateMany({ where: { id: appointmentId }, data: { updatedAt: now } });
          const row = await loadCase(tx, appointmentId);
          const refused = refusal(row, mediatorUserId);
          if (refused) throw new Refused(refused);
          if ((await tx.agreementTerm.count({ where: { appointmentId } })) > 0) throw new Refused("already-saved");
          const recipients = recipientsOf(row!);
          for (const [index, d] of drafts.entries()) {
            const term = await tx.agreementTerm.create({
              data: {
                requestId: row!.request.id, appointmentId, position: index + 1, party: d.party,
                action: d.action?.trim() ?? null, voiceFileId: d.action === null ? d.voiceFileId : null,
                voiceDuration: d.action === null ? d.voiceDuration : null, dueDate: d.dueDate, amountTenge: d.amountTenge,
              },
              select: { id: true },
            });
            if (d.dueDate === null) continue;
            const dueAt = firstCheckAt(d.dueDate, timeZone);
            for (const r of recipients) await tx.termCheck.create({ data: { termId: term.id, recipient: r.recipient, round: 1, dueAt } });
          }
          return { ok: true as const, ...agreementOf(row!, await termsOf(tx, row!.request.id), recipients) };
        });
      } catch (error) {
        if (error instanceof Refused) return { ok: false, reason: error.reason };
        if (isUniqueViolation(error)) return { ok: false, reason: "already-saved" };
        throw error;
      }
    },

    async termsContext(appointmentId, mediatorUserId) {
      const row = await loadCase(prisma, appointmentId);
      const refused = refusal(row, mediatorUserId);
      if (refused) return { ok: false, reason: refused };
      if ((await prisma.agreementTerm.count({ where: { appointmentId } })) > 0) return { ok: false, reason: "already-saved" };
      const context: TermsContext = { appointmentId, requestId: row!.request.id, requestCode: row!.request.code, citizenName: row!.request.contactName };
      return { ok: true, context };
    },

    termsFor: (requestId) => termsOf(prisma, requestId),

    async joinedLate(requestId, otherPartyUserId, now, timeZone) {
      const first = await prisma.agreementTerm.findFirst({ where: { requestId }, orderBy: { id: "asc" }, select: { appointmentId: true } });
      if (!first) return null;
      const row = await loadCase(prisma, first.appointmentId);
      if (!row || row.request.otherPartyStatus !== "agreed" || row.request.otherPartyUser?.id !== otherPartyUserId) return null;
      const recipients = toRecipient("other_party", row.request.otherPartyUser);
      if (recipients.length === 0) return null;
      const terms = await termsOf(prisma, requestId);
      for (const term of terms) {
        if (term.dueDate === null) continue;
        // A date already past: asked at once (the job takes due rows), never before the first question's time.
        const planned = firstCheckAt(term.dueDate, timeZone);
        const dueAt = planned.getTime() > now.getTime() ? planned : now;
        // Idempotent: a second join notice (or two instances) finds the row and creates nothing.
        await prisma.termCheck.create({ data: { termId: term.id, recipient: "other_party", round: 1, dueAt } }).catch((error: unknown) => {
          if (!isUniqueViolation(error)) throw error;
        });
      }
      return agreementOf(row, terms, recipients);
    },
  };
}
