// Job: due reminders are claimed (each by exactly one run, on any number of instances) and handed to the
// ReminderSender one by one; each outcome is recorded. One failing reminder never stops the others.
import type { ReminderQueue } from "../domain/reminder-queue.js";
import type { ReminderSender } from "../domain/reminders.js";
import type { Logger } from "../logger.js";

export interface SendRemindersDeps {
  reminders: ReminderQueue;
  sender: ReminderSender;
  logger: Logger;
  /** Told of each reminder's outcome (metrics). */
  onOutcome?(outcome: "sent" | "skipped" | "missed" | "failed"): void;
}

export interface SendRemindersResult {
  claimed: number;
  sent: number;
  skipped: number;
  missed: number;
  failed: number;
}

const BATCH = 100;
/** Batches per run: a backlog after a long outage drains over a few minutes rather than in one long run. */
const MAX_BATCHES = 10;

export async function runSendReminders(deps: SendRemindersDeps, now: Date): Promise<SendRemindersResult> {
  const result: SendRemindersResult = { claimed: 0, sent: 0, skipped: 0, missed: 0, failed: 0 };
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const claimed = await deps.reminders.claimDue(now, BATCH);
    result.claimed += claimed.length;
    const failedBefore = result.failed;
    for (const reminder of claimed) {
      try {
        const outcome = await deps.sender.send(reminder, now);
        if (outcome === "sent") {
          await deps.reminders.markSent(reminder.id, now);
          result.sent++;
          deps.onOutcome?.("sent");
        } else if (outcome === "skip") {
          await deps.reminders.markCancelled(reminder.id, now);
          result.skipped++;
          deps.onOutcome?.("skipped");
        } else {
          await deps.reminders.markMissed(reminder.id, now);
          result.missed++;
          deps.onOutcome?.("missed");
        }
      } catch (error) {
        // The error message only (never the reminder's content or the person): it is stored and logged.
        const message = error instanceof Error ? error.message : String(error);
        result.failed++;
        deps.onOutcome?.("failed");
        try {
          const status = await deps.reminders.markFailed(reminder.id, message, now);
          deps.logger.warn({ reminderId: reminder.id, kind: reminder.kind, attempts: reminder.attempts, status, err: message }, "reminder failed");
        } catch (markError) {
          deps.logger.error({ reminderId: reminder.id, err: (markError as Error)?.message }, "could not record a failed reminder");
        }
      }
    }
    // A failed row is pending again: it waits for the next run instead of being retried in this one.
    if (claimed.length < BATCH || result.failed > failedBefore) break;
  }
  if (result.claimed > 0) deps.logger.info({ ...result }, "reminders handled");
  return result;
}
