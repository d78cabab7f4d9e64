// Job: due "Was this done?" questions are claimed (each by exactly one run, on any number of instances and
// across restarts) and handed to the TermCheckSender one by one; each outcome is recorded. One failing
// question never stops the others. Like send-reminders.ts.
import type { TermCheckRepository, TermCheckSender } from "../domain/term-checks.js";
import type { Logger } from "../logger.js";

export interface SendTermChecksDeps {
  termChecks: Pick<TermCheckRepository, "claimDue" | "markSent" | "markCancelled" | "markFailed">;
  sender: TermCheckSender;
  logger: Logger;
}

export interface SendTermChecksResult {
  claimed: number;
  sent: number;
  skipped: number;
  failed: number;
}

const BATCH = 100;
/** Batches per run: a backlog after a long outage drains over a few minutes rather than in one long run. */
const MAX_BATCHES = 10;

export async function runSendTermChecks(deps: SendTermChecksDeps, now: Date): Promise<SendTermChecksResult> {
  const result: SendTermChecksResult = { claimed: 0, sent: 0, skipped: 0, failed: 0 };
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const claimed = await deps.termChecks.claimDue(now, BATCH);
    result.claimed += claimed.length;
    const failedBefore = result.failed;
    for (const check of claimed) {
      try {
        const outcome = await deps.sender.send(check, now);
        if (outcome === "sent") {
          await deps.termChecks.markSent(check.id, now);
          result.sent++;
        } else {
          await deps.termChecks.markCancelled(check.id, now);
          result.skipped++;
        }
      } catch (error) {
        // The error message only (never the term or the person): it is stored and logged.
        const message = error instanceof Error ? error.message : String(error);
        result.failed++;
        try {
          const status = await deps.termChecks.markFailed(check.id, message, now);
          deps.logger.warn({ termCheckId: check.id, attempts: check.attempts, status, err: message }, "term check failed");
        } catch (markError) {
          deps.logger.error({ termCheckId: check.id, err: (markError as Error)?.message }, "could not record a failed term check");
        }
      }
    }
    // A failed row is pending again: it waits for the next run instead of being retried in this one.
    if (claimed.length < BATCH || result.failed > failedBefore) break;
  }
  if (result.claimed > 0) deps.logger.info({ ...result }, "term checks handled");
  return result;
}
