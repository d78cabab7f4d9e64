// Job: the procedure clock (issue #16, part 4). A case whose first held session started 25 or more days ago
// and which still has no final outcome gets one reminder to its mediator, in their language. Each case is
// claimed before sending (procedureRemindedAt null → now, src/db/repositories/procedure-clock-repository.ts):
// two runs at once, several instances, or a run after a restart send it exactly once. Trade-off, as in the
// digest: a crash between the claim and the send loses that one reminder rather than sending it twice.
import type { Api } from "grammy";
import type { Locale } from "../config.js";
import { recipientLocale } from "../domain/locale.js";
import type { ProcedureClockRepository } from "../domain/procedure-clock.js";
import type { Logger } from "../logger.js";
import type { I18n } from "../bot/i18n.js";
import { procedureReminderKeyboard, procedureReminderText } from "../bot/notifications/procedure-reminder.js";

/** Cases handled per run; the rest wait for the next run. */
export const PROCEDURE_CLOCK_BATCH = 50;

export interface ProcedureClockDeps {
  clock: ProcedureClockRepository;
  api: Pick<Api, "sendMessage">;
  i18n: I18n;
  config: { timeZone: string; defaultLocale: Locale };
  logger: Logger;
}

export interface ProcedureClockResult {
  /** Cases found due in this run. */
  due: number;
  /** Reminders this run claimed (another run may have claimed the rest). */
  claimed: number;
  sent: number;
}

export async function runProcedureClock(deps: ProcedureClockDeps, now: Date): Promise<ProcedureClockResult> {
  const due = await deps.clock.findDue(now, PROCEDURE_CLOCK_BATCH);
  let claimed = 0;
  let sent = 0;
  for (const reminder of due) {
    if (!(await deps.clock.claim(reminder.requestId, now))) continue;
    claimed++;
    const locale = recipientLocale(reminder.mediatorLanguage, deps.config.defaultLocale);
    const t = deps.i18n.t(locale);
    try {
      await deps.api.sendMessage(Number(reminder.mediatorTelegramId), procedureReminderText(t, locale, deps.config.timeZone, reminder), {
        parse_mode: "HTML",
        reply_markup: procedureReminderKeyboard(t, reminder),
      });
      sent++;
    } catch (error) {
      // Only ids in the log: no names, no case content.
      deps.logger.warn({ requestId: reminder.requestId, err: (error as Error)?.message }, "could not send the procedure-clock reminder");
    }
  }
  if (claimed > 0) deps.logger.info({ due: due.length, claimed, sent }, "procedure-clock reminders sent");
  return { due: due.length, claimed, sent };
}
