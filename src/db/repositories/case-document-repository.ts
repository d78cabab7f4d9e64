// Loads the data of a case's contract and agreement drafts. The access check is part of the query itself: the
// request is read only where the viewer is its citizen, its joined other party, or its accepting mediator; a
// second, data-free count tells "no such case" from "not yours".
import { AGREEMENT_OUTCOMES, type AgreementTermView, type TermParty } from "../../domain/agreement.js";
import type { CaseDocumentLoad, CaseDocumentRepository, ContractDocument } from "../../domain/case-documents.js";
import type { MediatorKind } from "../../domain/mediator.js";
import type { Category, SessionLanguage } from "../../domain/request.js";
import type { PrismaClient } from "../client.js";

/** Sessions after which a contract draft makes sense: confirmed, or already held. */
const CONTRACT_APPOINTMENT_STATUSES = ["confirmed", "completed"];

const personName = (user: { firstName: string; lastName: string | null; erasedAt: Date | null } | null): string | null => {
  if (!user || user.erasedAt) return null;
  const name = [user.firstName, user.lastName].filter((part) => part && part.trim()).join(" ").trim();
  return name || null;
};

export function createCaseDocumentRepository(prisma: PrismaClient): CaseDocumentRepository {
  /** The request as the viewer may see it (null when it is not theirs or does not exist), with the session rows asked for. */
  async function load(requestId: number, viewerUserId: number, appointmentWhere: object) {
    const user = { select: { firstName: true, lastName: true, erasedAt: true } };
    const request = await prisma.mediationRequest.findFirst({
      where: {
        id: requestId,
        OR: [{ citizenId: viewerUserId }, { otherPartyUserId: viewerUserId }, { mediator: { userId: viewerUserId } }],
      },
      select: {
        code: true, category: true, sessionLanguage: true, contactName: true,
        citizen: user,
        otherPartyUser: user,
        rayon: { select: { nameKk: true, nameRu: true } },
        mediator: { select: { fullName: true, kind: true, registryNumber: true } },
        appointments: {
          where: appointmentWhere,
          orderBy: [{ startsAt: "desc" }, { id: "desc" }],
          take: 1,
          select: {
            id: true, startsAt: true, mode: true, place: true,
            agreementTerms: {
              orderBy: { position: "asc" },
              select: { id: true, position: true, party: true, action: true, voiceFileId: true, voiceDuration: true, dueDate: true, amountTenge: true },
            },
          },
        },
      },
    });
    return request;
  }

  async function refusal(requestId: number): Promise<{ ok: false; reason: "not-found" | "not-yours" }> {
    const exists = await prisma.mediationRequest.count({ where: { id: requestId } });
    return { ok: false, reason: exists > 0 ? "not-yours" : "not-found" };
  }

  type Loaded = NonNullable<Awaited<ReturnType<typeof load>>>;

  function base(request: Loaded, appointment: Loaded["appointments"][number]): ContractDocument {
    // Stored values were validated on the way in; the casts only restore their literal types.
    return {
      requestCode: request.code,
      caseLanguage: request.sessionLanguage as SessionLanguage,
      category: request.category as Category,
      citizen: { name: request.contactName?.trim() || personName(request.citizen) },
      otherParty: { name: personName(request.otherPartyUser) },
      mediator: { fullName: request.mediator!.fullName, kind: request.mediator!.kind as MediatorKind, registryNumber: request.mediator!.registryNumber?.trim() || null },
      session: { startsAt: appointment.startsAt, mode: appointment.mode, place: appointment.place?.trim() || null, rayon: request.rayon },
    };
  }

  return {
    async contract(requestId, viewerUserId): Promise<CaseDocumentLoad<ContractDocument>> {
      const request = await load(requestId, viewerUserId, { status: { in: CONTRACT_APPOINTMENT_STATUSES } });
      if (!request) return refusal(requestId);
      const appointment = request.appointments[0];
      if (!appointment || !request.mediator) return { ok: false, reason: "not-ready" };
      return { ok: true, document: base(request, appointment) };
    },

    async agreement(requestId, viewerUserId) {
      // The latest held session whose outcome was an agreement and whose terms were saved.
      const request = await load(requestId, viewerUserId, { status: "completed", outcome: { in: [...AGREEMENT_OUTCOMES] }, agreementTerms: { some: {} } });
      if (!request) return refusal(requestId);
      const appointment = request.appointments[0];
      if (!appointment || !request.mediator || appointment.agreementTerms.length === 0) return { ok: false, reason: "not-ready" };
      const terms = appointment.agreementTerms.map((term): AgreementTermView => ({ ...term, party: term.party as TermParty }));
      return { ok: true, document: { ...base(request, appointment), terms } };
    },
  };
}
