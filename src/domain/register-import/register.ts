// Mediators brought in from the centre's register: the import stored for confirmation, the waiting
// profiles with their personal join links, and the register as operators download it. The repository
// interface lives here so the bot depends on what it needs, not on Prisma.
import type { MediatorKind } from "../mediator.js";
import { requireOperator, type OperatorActor, type OperatorCheck } from "../operator-guard.js";
import type { Category, SessionLanguage, SessionMode } from "../request.js";
import type { ExistingProfile, ImportPlan } from "./import-plan.js";
import type { LineEntry, RegisterEntry, RejectedLine } from "./register-file.js";

/** How long a join link works; "resend" issues a new one. */
export const INVITE_TTL_DAYS = 30;
export const INVITE_CODE_LENGTH = 16;

export const INVITE_STATUSES = ["waiting", "joined", "revoked"] as const;
export type InviteStatus = (typeof INVITE_STATUSES)[number];
/** What operators see: a waiting link past its date is "expired". */
export type InviteState = InviteStatus | "expired";

export interface InviteView extends RegisterEntry {
  id: number;
  code: string;
  status: InviteStatus;
  expiresAt: Date;
  joinedAt: Date | null;
  mediatorId: number | null;
}

export function inviteState(invite: Pick<InviteView, "status" | "expiresAt">, now: Date): InviteState {
  return invite.status === "waiting" && invite.expiresAt.getTime() <= now.getTime() ? "expired" : invite.status;
}

export function inviteExpiry(now: Date): Date {
  return new Date(now.getTime() + INVITE_TTL_DAYS * 86_400_000);
}

/** The file as read (entries and rejected lines); the plan is made again when the import is confirmed. */
export interface StoredImport {
  entries: LineEntry[];
  rejected: RejectedLine[];
}

export interface ImportRecord {
  id: number;
  createdById: number;
  fileName: string;
  status: "preview" | "applied" | "cancelled";
  stored: StoredImport;
}

export interface AppliedImport {
  plan: ImportPlan;
  /** The waiting profiles created, each with its join code. */
  invites: InviteView[];
}

/**
 * `review`: the phone of the joining account differed from the register's, so the profile was created as
 * a pending application (with the account's own phone) for an operator to approve; the invite is "review".
 */
export type JoinResult =
  | { ok: true; mediatorId: number; invite: InviteView; review: boolean }
  | { ok: false; reason: "unavailable" | "already-mediator" };

/** "Something is wrong" on a join link: operators are told once per invite. */
export type ProblemReport = "reported" | "already-reported" | "unavailable";

/** A line of the register export: a mediator in the bot, or a profile still waiting for its person. */
export interface RegisterRow extends RegisterEntry {
  /** active | paused | pending | rejected | suspended, or invited | invite_expired | invite_revoked. */
  status: string;
  openCases: number;
  /** Accepted offers out of those answered or let expire; null without offers. */
  acceptanceRate: number | null;
  averageResponseMinutes: number | null;
  joinedAt: Date | null;
}

export interface RegisterRepository {
  /** Waiting and revoked invitations, and every mediator, as the plan compares them. */
  existingProfiles(): Promise<ExistingProfile[]>;
  savePreview(input: { createdById: number; fileName: string; stored: StoredImport }, now: Date): Promise<number>;
  findImport(id: number): Promise<ImportRecord | null>;
  /** preview → cancelled; false when it was not a preview any more. */
  cancelImport(id: number, now: Date): Promise<boolean>;
  /**
   * preview → applied in one transaction: plans again against the profiles as they are now, creates
   * the waiting profiles with codes from `newCode`, updates the matched ones. Null when it was not a
   * preview any more (confirmed or cancelled already).
   */
  applyImport(id: number, issue: { newCode: () => string; expiresAt: Date; createdById: number }, now: Date): Promise<AppliedImport | null>;
  findInvite(id: number): Promise<InviteView | null>;
  findInviteByCode(code: string): Promise<InviteView | null>;
  listInvites(status: InviteStatus, limit: number): Promise<InviteView[]>;
  countInvites(): Promise<Record<InviteStatus, number>>;
  /** A new code and expiry for a profile nobody has joined yet (waiting or revoked): the old link stops working. */
  reissueInvite(id: number, code: string, expiresAt: Date, now: Date): Promise<InviteView | null>;
  /** waiting → revoked. */
  revokeInvite(id: number, now: Date): Promise<InviteView | null>;
  /**
   * The person behind `userId`, whose own Telegram contact has the number `ownPhone` (normalised), takes the
   * waiting profile. Same number as the register: an active mediator, the invitation joined. Another
   * number: a pending mediator with `ownPhone`, the invitation in review (an operator decides).
   */
  joinInvite(code: string, userId: number, ownPhone: string, now: Date): Promise<JoinResult>;
  /** Marks a waiting invite's problem as reported, once: "reported" the first time only. */
  reportInviteProblem(code: string, now: Date): Promise<ProblemReport>;
  exportRegister(now: Date): Promise<RegisterRow[]>;
}

/** What the operator-only register operations need: the repository, and who is an operator. */
export interface RegisterOperationDeps {
  register: RegisterRepository;
  operators: OperatorCheck;
}

/**
 * The operator-only changes to the register, each checking its actor first (DomainError("NOT_OPERATOR")):
 * handlers check too, but these are the calls to use, so a new handler cannot forget the check.
 */
export async function applyRegisterImport(deps: RegisterOperationDeps, actor: OperatorActor, id: number, issue: { newCode: () => string; expiresAt: Date }, now: Date): Promise<AppliedImport | null> {
  await requireOperator(deps.operators, actor);
  return deps.register.applyImport(id, { ...issue, createdById: actor.userId }, now);
}

export async function reissueRegisterInvite(deps: RegisterOperationDeps, actor: OperatorActor, id: number, code: string, expiresAt: Date, now: Date): Promise<InviteView | null> {
  await requireOperator(deps.operators, actor);
  return deps.register.reissueInvite(id, code, expiresAt, now);
}

export async function revokeRegisterInvite(deps: RegisterOperationDeps, actor: OperatorActor, id: number, now: Date): Promise<InviteView | null> {
  await requireOperator(deps.operators, actor);
  return deps.register.revokeInvite(id, now);
}
