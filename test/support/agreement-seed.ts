// A finished case with an agreement, written straight into the database: the request (completed, its mediator,
// optionally a joined other party), a completed appointment with outcome "agreement", its terms, and the
// round-1 "Was this done?" rows for each party with a chat, due the morning after each dated term. For tests of
// what comes after the agreement (the follow-up job, answers, the follow-up case) independent of the terms
// conversation.
import type { PrismaClient } from "../../src/db/client.js";
import type { TermDraft } from "../../src/domain/agreement.js";
import { localToInstant } from "../../src/domain/scheduling.js";
import { submitRequest } from "./requests.js";

export interface SeededAgreement {
  requestId: number;
  code: string;
  appointmentId: number;
  termIds: number[];
  /** Check ids by term position (1-based) and recipient. */
  checks: Map<string, number>;
}

export const checkKey = (position: number, recipient: "citizen" | "other_party") => `${position}:${recipient}`;

/** The morning (10:00 local) after a local due date: when round 1 is asked. */
export function morningAfter(dueDate: string, timeZone: string): Date {
  const next = new Date(`${dueDate}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return localToInstant(next.toISOString().slice(0, 10), "10:00", timeZone);
}

export async function seedAgreement(
  prisma: PrismaClient,
  options: { citizenId: number; mediatorId: number; otherPartyUserId?: number | null; sessionAt: Date; terms: TermDraft[]; timeZone: string; sessionLanguage?: "kk" | "ru" | "en" },
): Promise<SeededAgreement> {
  const request = await submitRequest(prisma, options.citizenId, new Date(options.sessionAt.getTime() - 7 * 86_400_000), { sessionLanguage: options.sessionLanguage ?? "kk" });
  await prisma.mediationRequest.update({
    where: { id: request.id },
    data: {
      status: "completed", closedAt: options.sessionAt, mediatorId: options.mediatorId, acceptedAt: new Date(options.sessionAt.getTime() - 5 * 86_400_000),
      ...(options.otherPartyUserId ? { otherPartyUserId: options.otherPartyUserId, otherPartyStatus: "agreed", otherPartyAnswerVia: "telegram", otherPartyAnsweredAt: options.sessionAt } : {}),
    },
  });
  const appointment = await prisma.appointment.create({
    data: {
      requestId: request.id, status: "completed", mode: "in_person", slots: "[]", startsAt: options.sessionAt, proposedAt: new Date(options.sessionAt.getTime() - 3 * 86_400_000),
      confirmedAt: new Date(options.sessionAt.getTime() - 2 * 86_400_000), outcome: "agreement", outcomeAt: new Date(options.sessionAt.getTime() + 3_600_000),
    },
  });
  const termIds: number[] = [];
  const checks = new Map<string, number>();
  const recipients = options.otherPartyUserId ? (["citizen", "other_party"] as const) : (["citizen"] as const);
  for (const [index, d] of options.terms.entries()) {
    const term = await prisma.agreementTerm.create({
      data: {
        requestId: request.id, appointmentId: appointment.id, position: index + 1, party: d.party, action: d.action, voiceFileId: d.voiceFileId,
        voiceDuration: d.voiceDuration, dueDate: d.dueDate, amountTenge: d.amountTenge,
      },
    });
    termIds.push(term.id);
    if (d.dueDate === null) continue;
    for (const recipient of recipients) {
      const check = await prisma.termCheck.create({ data: { termId: term.id, recipient, round: 1, dueAt: morningAfter(d.dueDate, options.timeZone) } });
      checks.set(checkKey(index + 1, recipient), check.id);
    }
  }
  return { requestId: request.id, code: request.code, appointmentId: appointment.id, termIds, checks };
}

export const typedTerm = (party: TermDraft["party"], action: string, dueDate: string | null, amountTenge: number | null = null): TermDraft => ({
  party, action, voiceFileId: null, voiceDuration: null, dueDate, amountTenge,
});
