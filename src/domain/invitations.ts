// Inviting the other party of a case (issue #9): a one-time, expiring code behind t.me/<bot>?start=inv_<code>,
// the other party's answer (agreed / declined, through the link or recorded by staff from a phone call or a
// visit), and the texts the citizen shares. Pure: no grammY, no Prisma; `now` and `t` are passed in.

import { preferredLocale } from "./locale.js";

/** An invitation works for this long after it was issued; a new one can be issued any time. */
export const INVITATION_TTL_DAYS = 14;
const DAY_MS = 24 * 3_600_000;
/** A question of the other party to the mediator, in characters. */
export const QUESTION_MAX_LENGTH = 500;

export const OTHER_PARTY_STATUSES = ["not_invited", "invited", "agreed", "declined"] as const;
export type OtherPartyStatus = (typeof OTHER_PARTY_STATUSES)[number];

export const ANSWER_CHANNELS = ["telegram", "phone", "in_person"] as const;
export type AnswerChannel = (typeof ANSWER_CHANNELS)[number];

/** What staff may record when the answer came outside Telegram. */
export const RECORDED_ANSWERS = ["agreed", "declined"] as const;
export type OtherPartyAnswer = (typeof RECORDED_ANSWERS)[number];
export const STAFF_CHANNELS = ["phone", "in_person"] as const satisfies readonly AnswerChannel[];
export type StaffChannel = (typeof STAFF_CHANNELS)[number];

export type InvitationStatus = "active" | "used" | "revoked";

/** Request statuses in which the other party can still be invited or answer (the case is not over). */
export const INVITABLE_REQUEST_STATUSES = ["submitted", "offered", "accepted", "scheduled", "unmatched"] as const;

/**
 * The language to write to a party in: the one they chose, else their Telegram language (someone who came
 * through an invitation link may never have chosen one); null when neither is supported. The rule itself
 * lives in domain/locale.ts (recipientLocale), shared by every message the bot sends on its own.
 */
export function partyLocale(chosen: string | null, telegramLanguage: string | null): string | null {
  return preferredLocale(chosen, telegramLanguage);
}

export function invitationExpiresAt(issuedAt: Date): Date {
  return new Date(issuedAt.getTime() + INVITATION_TTL_DAYS * DAY_MS);
}

export function isOtherPartyStatus(value: unknown): value is OtherPartyStatus {
  return typeof value === "string" && (OTHER_PARTY_STATUSES as readonly string[]).includes(value);
}

/**
 * Whether a stored invitation can still be answered. The person who opens a link is never told which of
 * these it was (that would say something about the case): every refusal reads the same.
 */
export function invitationState(invitation: { status: string; expiresAt: Date }, now: Date): "usable" | "expired" | "used" | "revoked" {
  if (invitation.status === "used") return "used";
  if (invitation.status === "revoked") return "revoked";
  if (invitation.status !== "active") return "revoked";
  return invitation.expiresAt.getTime() > now.getTime() ? "usable" : "expired";
}

export function canInvite(requestStatus: string, otherPartyStatus: string): boolean {
  return (INVITABLE_REQUEST_STATUSES as readonly string[]).includes(requestStatus) && otherPartyStatus !== "agreed";
}

/** Where the other party's status goes when a new invitation is issued (an earlier "declined" is asked again). */
export function statusAfterIssue(current: string): OtherPartyStatus {
  return current === "agreed" ? "agreed" : "invited";
}

/**
 * Whether an answer may be recorded now. Through the link: only while invited (the link is then used up).
 * By staff: any time the case is open, also to correct an earlier answer — but recording the same answer twice is refused.
 */
export function canRecordAnswer(current: string, answer: OtherPartyAnswer, via: AnswerChannel): boolean {
  if (via === "telegram") return current === "invited";
  return current !== answer;
}

/** https://wa.me/?text=<text>: WhatsApp opens with the text ready and lets the person choose the chat. */
export function whatsappShareUrl(text: string): string {
  return `https://wa.me/?text=${encodeURIComponent(text)}`;
}

/** Telegram's own share sheet (choose a chat, the link and text are filled in). */
export function telegramShareUrl(link: string, text: string): string {
  return `https://t.me/share/url?url=${encodeURIComponent(link)}&text=${encodeURIComponent(text)}`;
}

/** A translate function as i18next gives it; the domain only needs "key + values → text". */
export type TextOf = (key: string, values?: Record<string, unknown>) => string;

export interface InvitationTexts {
  /** The message to forward (plain text with the link). */
  share: string;
  /** Short enough for one SMS: who invites, and the link (nothing accepts a typed code, so none is given). */
  sms: string;
  whatsappUrl: string;
  telegramUrl: string;
}

/**
 * The texts a citizen shares, in one language (`t` is fixed to it). Only the citizen's first name and the
 * dispute category go out — never the description. Plain text (no HTML): it leaves Telegram.
 */
/**
 * What an invitation says about cost: once a mediator accepted, their kind (public: free; professional: fee
 * agreed in advance); before that, what the inviting person chose (free_only, or either).
 */
export type InvitationCost = "free_only" | "either" | "public" | "professional";

export function invitationCost(costPreference: string, mediatorKind: string | null): InvitationCost {
  if (mediatorKind === "public" || mediatorKind === "professional") return mediatorKind;
  return costPreference === "either" ? "either" : "free_only";
}

export function buildInvitationTexts(t: TextOf, input: { link: string; code: string; botUsername: string; inviterName: string; category: string; cost: InvitationCost }): InvitationTexts {
  const raw = { interpolation: { escapeValue: false } };
  const name = input.inviterName.trim() || t("invitations:share.someone", raw);
  const share = t("invitations:share.text", { name, category: input.category, link: input.link, cost: t(`invitations:cost.${input.cost}`, raw), ...raw });
  const sms = t("invitations:share.sms", { name, link: input.link, ...raw });
  return { share, sms, whatsappUrl: whatsappShareUrl(share), telegramUrl: telegramShareUrl(input.link, t("invitations:share.telegramText", { name, category: input.category, ...raw })) };
}

export interface InvitationIssue {
  code: string;
  expiresAt: Date;
}

/** What a person who opened an invitation may see: the inviter's first name and the dispute category only. */
export interface InvitationPreview {
  invitationId: number;
  requestId: number;
  inviterFirstName: string;
  category: string;
  /** What the invitation says about cost (invitationCost). */
  cost: InvitationCost;
  /** Set when the person opening it is the citizen who issued it. */
  ownInvitation: boolean;
  /** Whether "Ask a question" may still send one today (the link's caps: in total and per local day). */
  canAsk: boolean;
}

/** Questions through one link ("Ask a question"): INVITATION_QUESTIONS_PER_LINK in total, per local day. */
export interface QuestionCaps {
  perLink: number;
  perDay: number;
  /** TIME_ZONE: the "day" of perDay is the local date there. */
  timeZone: string;
}

/** Whether a link with these counts may send one more question on `today` (a local date, YYYY-MM-DD). */
export function mayAskQuestion(counts: { questionCount: number; questionDay: string | null; questionDayCount: number }, caps: Pick<QuestionCaps, "perLink" | "perDay">, today: string): boolean {
  if (counts.questionCount >= caps.perLink) return false;
  return counts.questionDay !== today || counts.questionDayCount < caps.perDay;
}

/** Counting a question: "sent" (counted), "capped" (the link's limit is reached), "invalid" (the link does not work). */
export type QuestionCount = "counted" | "capped" | "invalid";

export interface Party {
  userId: number;
  telegramId: bigint;
  locale: string | null;
}

/** Who to tell about an answer. */
export interface AnswerNotice {
  requestId: number;
  requestCode: string;
  status: OtherPartyAnswer;
  via: AnswerChannel;
  citizen: Party;
  mediator: Party | null;
  /** A confirmed meeting the other party now joins (they get it and its reminders), if any. */
  confirmedAppointmentId: number | null;
}

export type IssueResult = ({ ok: true } & InvitationIssue & { requestCode: string; category: string; inviterFirstName: string; cost: InvitationCost }) | { ok: false; reason: "not-found" | "closed" | "agreed" };
export type OpenResult = { ok: true; preview: InvitationPreview } | { ok: false };
export type AnswerResult = { ok: true; notice: AnswerNotice; otherParty: Party | null } | { ok: false; reason: "invalid" | "own" | "answered" | "not-found" | "not-yours" | "closed" };

/** A case as staff see it for recording the other party's answer. */
export interface OtherPartyCase {
  requestId: number;
  code: string;
  status: string;
  category: string;
  otherParty: string;
  otherPartyStatus: OtherPartyStatus;
  otherPartyAnswerVia: AnswerChannel | null;
  mediatorUserId: number | null;
}

export interface InvitationRepository {
  /** Revokes the request's active invitations and issues a new one, when the citizen owns the request and it is open. */
  issue(requestId: number, citizenId: number, now: Date): Promise<IssueResult>;
  /** Reads a code for its preview; refuses (without saying why) an unknown, expired, used or revoked one. */
  open(code: string, userId: number, now: Date): Promise<OpenResult>;
  /** The other party answers through the link: the code is used up atomically (a second tap finds nothing). */
  answerByLink(code: string, userId: number, answer: OtherPartyAnswer, now: Date): Promise<AnswerResult>;
  /** A mediator (of this case) or an operator records an answer that came by phone or in person. */
  recordByStaff(requestId: number, actor: { userId: number; isOperator: boolean }, answer: OtherPartyAnswer, via: StaffChannel, now: Date): Promise<AnswerResult>;
  /** The request's other-party status, for its citizen only. */
  statusForCitizen(requestId: number, citizenId: number): Promise<OtherPartyStatus | null>;
  /** A case for staff, by id or by code; null when it does not exist. */
  findCase(ref: { id: number } | { code: string }): Promise<OtherPartyCase | null>;
  /** Where a question of the other party goes: the accepting mediator, when there is one. */
  questionTarget(requestId: number): Promise<{ requestCode: string; mediator: Party | null }>;
  /**
   * Counts one question through the link, atomically within its caps (in total and per local day); only a
   * usable link, held by someone other than its citizen, counts. Call before forwarding the question.
   */
  countQuestion(code: string, userId: number, now: Date): Promise<QuestionCount>;
}

/** Reminder rows of the other party (recipient "other_party"): the 24 h and 2 h reminders the citizen gets. */
export function otherPartyReminders<R extends { kind: string; recipient: string; dueAt: Date }>(citizenPlan: readonly R[]): Array<{ kind: R["kind"]; recipient: "other_party"; dueAt: Date }> {
  return citizenPlan
    .filter((r) => r.recipient === "citizen" && (r.kind === "before_24h" || r.kind === "before_2h"))
    .map((r) => ({ kind: r.kind, recipient: "other_party" as const, dueAt: r.dueAt }));
}
