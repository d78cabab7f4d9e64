// Digest time logic in the configured zone (Asia/Almaty, UTC+5), across a month and a year boundary,
// and the digest text's plural forms.
import { describe, expect, it } from "vitest";
import { digestText } from "../../src/bot/notifications/digest-text.js";
import { createI18n } from "../../src/bot/i18n.js";
import { digestDue, localDayBounds, nextLocalDate, type DigestData } from "../../src/domain/digest.js";
import { proposeNudgeDue } from "../../src/domain/scheduling.js";

const TZ = "Asia/Almaty";

describe("digest time", () => {
  it("is due from DIGEST_TIME local until the end of the local day", () => {
    expect(digestDue(new Date("2026-11-30T02:59:59Z"), TZ, "08:00")).toEqual({ date: "2026-11-30", due: false }); // 07:59:59 local
    expect(digestDue(new Date("2026-11-30T03:00:00Z"), TZ, "08:00")).toEqual({ date: "2026-11-30", due: true });
    expect(digestDue(new Date("2026-11-30T18:59:00Z"), TZ, "08:00")).toEqual({ date: "2026-11-30", due: true }); // 23:59 local
    // 00:30 local on 1 December is still 30 November in UTC: the new local day has not reached 08:00.
    expect(digestDue(new Date("2026-11-30T19:30:00Z"), TZ, "08:00")).toEqual({ date: "2026-12-01", due: false });
    expect(digestDue(new Date("2026-12-01T03:00:00Z"), TZ, "08:00")).toEqual({ date: "2026-12-01", due: true });
    expect(digestDue(new Date("2026-12-31T19:00:00Z"), TZ, "00:00")).toEqual({ date: "2027-01-01", due: true });
    expect(digestDue(new Date("2026-12-01T17:29:00Z"), TZ, "22:30")).toEqual({ date: "2026-12-01", due: false });
  });

  it("finds local day boundaries and the next date across months, years and a leap day", () => {
    expect(localDayBounds("2026-12-01", TZ)).toEqual({ start: new Date("2026-11-30T19:00:00Z"), end: new Date("2026-12-01T19:00:00Z") });
    expect(nextLocalDate("2026-11-30")).toBe("2026-12-01");
    expect(nextLocalDate("2026-12-31")).toBe("2027-01-01");
    expect(nextLocalDate("2028-02-28")).toBe("2028-02-29");
    expect(localDayBounds("2026-12-01", "UTC").start.toISOString()).toBe("2026-12-01T00:00:00.000Z");
  });

  it("nudges a mediator who proposed no times a day after accepting, across a month boundary", () => {
    expect(proposeNudgeDue(new Date("2026-11-30T20:15:00Z"))).toEqual(new Date("2026-12-01T20:15:00Z"));
  });
});

describe("digest text", () => {
  const i18n = createI18n("kk");
  const data = (n: number): DigestData => {
    const items = Array.from({ length: Math.min(n, 10) }, (_, i) => ({ code: `KL-${String(i).padStart(5, "0")}` }));
    return {
      date: "2026-12-01",
      newRequests: { count: n, items },
      unmatched: { count: n, items },
      stuck: { count: 1, items: [{ kind: "no_outcome", requestId: 1, code: "KL-STUCK", since: new Date("2026-11-29T06:00:00Z") }] },
      sessionsToday: { count: 1, items: [{ code: "KL-SESS1", startsAt: new Date("2026-12-01T05:30:00Z") }] },
      overdue: { count: 0, items: [] },
    };
  };

  it("uses each language's plural forms and local times, and lists at most 10 codes", () => {
    const en = digestText(i18n.t("en"), "en", TZ, data(21));
    expect(en).toContain("Daily digest — Tuesday 1 December");
    expect(en).toContain("21 new requests</b> in the last 24 hours");
    expect(en).toContain("and 11 more");
    expect(en).toContain("1 case</b> is stuck");
    expect(en).toContain("10:30 <code>KL-SESS1</code>");
    expect(en.match(/<code>KL-0/g)).toHaveLength(20);
    const ru = (n: number) => digestText(i18n.t("ru"), "ru", TZ, data(n));
    expect(ru(1)).toContain("1 новая заявка");
    expect(ru(3)).toContain("3 новые заявки");
    expect(ru(5)).toContain("5 новых заявок");
    expect(ru(21)).toContain("21 новая заявка");
    expect(ru(1)).toContain("1 встреча</b> сегодня");
    const kk = digestText(i18n.t("kk"), "kk", TZ, data(2));
    expect(kk).toContain("2 жаңа өтінім");
    expect(kk).toContain("нәтижесі жазылмаған");
  });

  it("says so when nothing needs attention", () => {
    const empty: DigestData = { date: "2026-12-01", newRequests: { count: 0, items: [] }, unmatched: { count: 0, items: [] }, stuck: { count: 0, items: [] }, sessionsToday: { count: 0, items: [] }, overdue: { count: 0, items: [] } };
    expect(digestText(i18n.t("en"), "en", TZ, empty)).toContain("Nothing needs your attention today.");
    expect(digestText(i18n.t("en"), "en", TZ, empty)).not.toContain("since the first session");
  });

  it("lists cases past 30 days since the first session with their district and day, in each language", () => {
    const burabay = { nameKk: "Бурабай ауданы", nameRu: "Бурабайский район", nameEn: "Burabay District" };
    const overdue = { count: 12, items: Array.from({ length: 10 }, (_, i) => ({ code: `KL-OVER${i}`, rayon: burabay, days: 40 - i })) };
    const text = (locale: "kk" | "ru" | "en") => digestText(i18n.t(locale), locale, TZ, { ...data(0), overdue });
    expect(text("en")).toContain("12 cases</b>: 30 days or more since the first session, and no outcome yet\n• <code>KL-OVER0</code> — Burabay District, day 40\n");
    expect(text("en")).toContain("• <code>KL-OVER9</code> — Burabay District, day 31\n• and 2 more");
    expect(text("en")).not.toContain("Nothing needs your attention");
    expect(text("ru")).toContain("12 дел</b>: с первой встречи прошло 30 дней или больше");
    expect(text("ru")).toContain("<code>KL-OVER0</code> — Бурабайский район, 40-й день");
    expect(text("kk")).toContain("<code>KL-OVER0</code> — Бурабай ауданы, 40-күн");
  });
});
