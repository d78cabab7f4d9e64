// Job: once per local day, from DIGEST_TIME on, every operator gets a digest in their language: new
// requests, unmatched ones, stuck cases, today's sessions. Runs every minute and decides itself whether
// it is time; the DigestRun row for the local date makes it once per day across runs and instances.
// Trade-off: the day is claimed before sending, so a crash mid-send loses that day's digest rather than
// sending it twice.
import type { Api } from "grammy";
import type { Locale } from "../config.js";
import { digestDue, localDayBounds, section, type DigestData, type DigestRepository } from "../domain/digest.js";
import { recipientLocale, type LanguageSettings } from "../domain/locale.js";
import type { ReminderQueue } from "../domain/reminder-queue.js";
import type { Logger } from "../logger.js";
import type { I18n } from "../bot/i18n.js";
import { digestText } from "../bot/notifications/digest-text.js";

export interface DailyDigestDeps {
  digests: DigestRepository;
  reminders: Pick<ReminderQueue, "stuckCases">;
  operators: { all(): Promise<bigint[]> };
  users: { findByTelegramId(telegramId: bigint): Promise<LanguageSettings | null> };
  api: Pick<Api, "sendMessage">;
  i18n: I18n;
  config: { timeZone: string; digestTime: string; defaultLocale: Locale };
  logger: Logger;
}

export type DailyDigestResult = { status: "not-yet" | "already-sent" } | { status: "sent"; date: string; operators: number; delivered: number };

export async function runDailyDigest(deps: DailyDigestDeps, now: Date): Promise<DailyDigestResult> {
  const { timeZone, digestTime, defaultLocale } = deps.config;
  const { date, due } = digestDue(now, timeZone, digestTime);
  if (!due) return { status: "not-yet" };
  // The cheap check first (every minute, all day); the claim is what guarantees once.
  if ((await deps.digests.hasRun(date)) || !(await deps.digests.claim(date, now))) return { status: "already-sent" };

  const [collected, stuck] = await Promise.all([deps.digests.collect(now, localDayBounds(date, timeZone)), deps.reminders.stuckCases(now)]);
  const data: DigestData = { date, ...collected, stuck: section(stuck) };
  const operators = await deps.operators.all();
  let delivered = 0;
  for (const operatorId of operators) {
    try {
      const locale = recipientLocale(await deps.users.findByTelegramId(operatorId), defaultLocale);
      await deps.api.sendMessage(Number(operatorId), digestText(deps.i18n.t(locale), locale, timeZone, data), { parse_mode: "HTML", link_preview_options: { is_disabled: true } });
      delivered++;
    } catch (error) {
      deps.logger.warn({ err: (error as Error)?.message }, "could not send the digest to an operator");
    }
  }
  deps.logger.info({ date, operators: operators.length, delivered }, "daily digest sent");
  return { status: "sent", date, operators: operators.length, delivered };
}
