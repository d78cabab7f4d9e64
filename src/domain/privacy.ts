// What a person may see and erase of their own data (Law on Personal Data No. 94-V: consent, access, destruction).

export interface MediatorProfileExport {
  fullName: string; kind: string; registryNumber: string | null; phone: string; bio: string; status: string;
  rayonCodes: string[]; languages: string; specializations: string; modes: string; maxOpenCases: number;
}

export interface PersonalDataExport {
  /** The person's mediator profile, when they applied as a mediator. */
  mediator: MediatorProfileExport | null;
  user: { telegramId: string; firstName: string; lastName: string | null; locale: string | null; startedAt: string; blockedAt: string | null; erasedAt: string | null };
  requests: Array<{
    code: string; status: string; category: string; rayonCode: string; submittedAt: string; consentAt: string; closedAt: string | null;
    description: string | null; hasVoice: boolean; otherParty: string; otherPartyAware: string; inCourt: boolean; mode: string;
    sessionLanguage: string; contactName: string | null; contactPhone: string | null;
    history: Array<{ from: string | null; to: string; by: string; at: string }>;
  }>;
  /** Cases of others this person was invited to as the other party and answered through Telegram. */
  invitedTo: Array<{ code: string; category: string; answer: string; answeredAt: string | null }>;
}

export interface EraseResult {
  /** Requests that were still open and are now cancelled (nobody could contact the person any more). */
  cancelledRequests: number;
  /** Requests kept as anonymous statistics (category, rayon, status, dates). */
  keptRequests: number;
}

export interface PrivacyRepository {
  exportFor(telegramId: bigint): Promise<PersonalDataExport | null>;
  /** Blanks names, phones, descriptions and voice ids, drops conversation state; keeps anonymous statistics. */
  eraseFor(telegramId: bigint, now: Date): Promise<EraseResult>;
}

/** False once nothing in the export can identify the person (after /deletedata, or never given): only ids, codes and statistics. */
export function holdsPersonalData(data: PersonalDataExport): boolean {
  const named = data.user.firstName !== "" || (data.user.lastName ?? "") !== "";
  const mediator = data.mediator !== null && (data.mediator.fullName !== "" || data.mediator.phone !== "" || data.mediator.bio !== "");
  return named || mediator || data.requests.some((r) => r.description !== null || r.hasVoice || r.contactName !== null || r.contactPhone !== null);
}
