// Broadcasts: what an operator sends to many people at once, and the queue of its deliveries.
// At-most-once rule. A delivery row goes pending → claimed → sending → sent | blocked | failed:
// - claimed: taken in a small batch by the instance holding the broadcast's lease, not sent yet. A crash
//   leaves it claimed; whoever takes the lease next puts it back to pending (safe: nothing went out).
// - sending: set by a conditional update (claimed → sending, one winner) immediately before that one row's
//   API call. A row still "sending" when an instance resumes may or may not have reached the person (the
//   crash fell between the request and the answer), so it is NOT sent again: it is marked failed with
//   "interrupted". At most once beats a second copy — and a crash costs only the rows in flight.
import type { Locale } from "../config.js";
import { requireOperator, type OperatorActor, type OperatorCheck } from "./operator-guard.js";

export const AUDIENCES = ["citizens", "mediators", "everyone"] as const;
export type Audience = (typeof AUDIENCES)[number];

export const BROADCAST_STATUSES = ["draft", "scheduled", "sending", "done", "cancelled"] as const;
export type BroadcastStatus = (typeof BROADCAST_STATUSES)[number];

export interface AudienceFilter {
  audience: Audience;
  /** Empty: every oblast. */
  oblastCodes: readonly string[];
  /** Empty: every language. A person's language is recipientLocale's (their choice, else Telegram's, else the default). */
  languages: readonly Locale[];
}

export interface Recipient {
  userId: number;
  telegramId: bigint;
}

export interface BroadcastDraft extends AudienceFilter {
  createdById: number;
  /** Telegram HTML. */
  text: string;
  photoFileId: string | null;
  /** null: send now. */
  scheduledAt: Date | null;
  progressChatId: bigint | null;
}

export interface BroadcastRecord {
  id: number;
  text: string;
  photoFileId: string | null;
  status: BroadcastStatus;
  createdById: number;
  progressChatId: bigint | null;
  progressMessageId: number | null;
  startedAt: Date | null;
}

export interface ClaimedDelivery {
  id: number;
  telegramId: bigint;
}

/** By delivery status; "claimed" rows (taken, not sent yet) count as pending. */
export interface DeliveryCounts {
  pending: number;
  sending: number;
  sent: number;
  blocked: number;
  failed: number;
  total: number;
}

export type DeliveryOutcome = { status: "sent"; at: Date } | { status: "blocked"; error: string } | { status: "failed"; error: string };

export interface BroadcastRepository {
  countAudience(filter: AudienceFilter, defaultLocale: Locale): Promise<number>;
  /** Creates the broadcast and one pending delivery per recipient, in one transaction. */
  create(draft: BroadcastDraft, defaultLocale: Locale, now: Date): Promise<{ id: number; recipients: number }>;
  setProgressMessage(id: number, chatId: bigint, messageId: number): Promise<void>;
  /** Scheduled and due, or sending with a lapsed (or released) lease. */
  findDue(now: Date): Promise<number[]>;
  /** Conditional: true for exactly one caller while the lease is free. */
  takeLease(id: number, now: Date, until: Date): Promise<boolean>;
  /** Extends the lease only if it is still the one this instance holds (`held`); false: it was lost. */
  renewLease(id: number, held: Date, until: Date): Promise<boolean>;
  releaseLease(id: number): Promise<void>;
  find(id: number): Promise<BroadcastRecord | null>;
  statusOf(id: number): Promise<BroadcastStatus | null>;
  /** Rows left "sending" by an instance that stopped: failed, never resent. Returns how many. */
  failInterrupted(id: number): Promise<number>;
  /** Rows left "claimed" by an instance that stopped (never sent): back to pending. Returns how many. */
  releaseClaimed(id: number): Promise<number>;
  /** Claims up to `limit` pending deliveries (pending → claimed, conditional per row); nothing is sent yet. */
  claim(id: number, limit: number): Promise<ClaimedDelivery[]>;
  /** claimed → sending, immediately before this row's send. False: not ours any more (released, taken) — skip it. */
  markSending(deliveryId: number): Promise<boolean>;
  /** Puts claimed but unsent deliveries back (claimed → pending), e.g. when the broadcast stops. */
  unclaim(deliveryIds: readonly number[]): Promise<void>;
  finishDelivery(deliveryId: number, outcome: DeliveryOutcome): Promise<void>;
  counts(id: number): Promise<DeliveryCounts>;
  /** sending/scheduled → done. */
  finish(id: number, now: Date): Promise<void>;
  /** Any not finished status → cancelled; pending deliveries stay pending (never sent). */
  cancel(id: number, now: Date): Promise<boolean>;
}

/** Progress figures for the operator: rate in messages/s since start, ETA in seconds (null: unknown). */
export function progressFigures(counts: DeliveryCounts, elapsedMs: number): { done: number; remaining: number; rate: number; etaSeconds: number | null } {
  const done = counts.sent + counts.blocked + counts.failed;
  const remaining = counts.pending + counts.sending;
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  return { done, remaining, rate: Math.round(rate * 10) / 10, etaSeconds: rate > 0 ? Math.ceil(remaining / rate) : null };
}

/** Stops a broadcast between messages (BroadcastRepository.cancel), for an operator only (DomainError("NOT_OPERATOR")). */
export async function cancelBroadcast(deps: { broadcasts: Pick<BroadcastRepository, "cancel">; operators: OperatorCheck }, actor: OperatorActor, id: number, now: Date): Promise<boolean> {
  await requireOperator(deps.operators, actor);
  return deps.broadcasts.cancel(id, now);
}
