// Reminders as rows: the scheduling side plans them (planReminders), the reminder job claims and sends
// them exactly once. This interface is what the job needs to turn one row into messages.
import type { ReminderKind, ReminderRecipient } from "./scheduling.js";

export type StoredReminderKind = ReminderKind | "nudge_propose";

export interface DueReminder {
  id: number;
  requestId: number;
  appointmentId: number | null;
  kind: StoredReminderKind;
  /** "other_party": the invited other party who agreed through Telegram (src/domain/invitations.ts). */
  recipient: ReminderRecipient | "operators" | "other_party";
  dueAt: Date;
}

/**
 * Sends one claimed reminder. "sent": delivered; "skip": no longer relevant (the appointment moved or was
 * cancelled, the request finished) — recorded as cancelled; "missed": due while the bot was down and the
 * moment has passed (e.g. a "2 h before" after the start) — recorded as missed, never sent late.
 */
export interface ReminderSender {
  send(reminder: DueReminder, now: Date): Promise<"sent" | "skip" | "missed">;
}
