// The operator digest as Telegram HTML, in one language. Pure: the job passes the data and `t`.
import type { Locale } from "../../config.js";
import type { DigestData, DigestSection } from "../../domain/digest.js";
import { PROCEDURE_OVERDUE_DAY } from "../../domain/procedure-clock.js";
import { nameIn } from "../../domain/region.js";
import type { Translate } from "../i18n.js";

const INTL: Record<Locale, string> = { kk: "kk-KZ", ru: "ru-RU", en: "en-GB" };

export function digestText(t: Translate, locale: Locale, timeZone: string, data: DigestData): string {
  const [y, m, d] = data.date.split("-").map(Number) as [number, number, number];
  const day = new Intl.DateTimeFormat(INTL[locale], { timeZone: "UTC", weekday: "long", day: "numeric", month: "long" }).format(new Date(Date.UTC(y, m - 1, d)));
  const time = (instant: Date) => new Intl.DateTimeFormat(INTL[locale], { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(instant);

  const block = <T>(heading: string, s: DigestSection<T>, line: (item: T) => string) => {
    if (s.count === 0) return [heading];
    const lines = s.items.map((item) => `• ${line(item)}`);
    if (s.count > s.items.length) lines.push(`• ${t("digest:more", { count: s.count - s.items.length })}`);
    return [heading, ...lines];
  };

  const quiet = data.newRequests.count + data.unmatched.count + data.stuck.count + data.sessionsToday.count + data.overdue.count === 0;
  return [
    t("digest:title", { date: day }),
    "",
    ...block(t("digest:newRequests", { count: data.newRequests.count }), data.newRequests, (r) => `<code>${r.code}</code>`),
    "",
    ...block(t("digest:unmatched", { count: data.unmatched.count }), data.unmatched, (r) => `<code>${r.code}</code>`),
    "",
    ...block(t("digest:stuck", { count: data.stuck.count }), data.stuck, (c) => `<code>${c.code}</code> — ${t(`digest:stuckReason.${c.kind}`)}`),
    "",
    ...block(t("digest:sessionsToday", { count: data.sessionsToday.count }), data.sessionsToday, (s) => `${time(s.startsAt)} <code>${s.code}</code>`),
    // Listed only when there are any: most days there are none, and the digest stays short.
    ...(data.overdue.count === 0 ? [] : [
      "",
      ...block(t("digest:overdue", { count: data.overdue.count, limit: PROCEDURE_OVERDUE_DAY }), data.overdue, (o) => `<code>${o.code}</code> — ${t("digest:overdueLine", { rayon: nameIn(o.rayon, locale), days: o.days })}`),
    ]),
    ...(quiet ? ["", t("digest:quiet")] : []),
  ].join("\n");
}
