// The preview message stays within Telegram's limit however long the reasons are (the report file has them all).
import { describe, expect, it } from "vitest";
import { previewText, reportCsv } from "../../src/bot/features/register-texts.js";
import { createI18n } from "../../src/bot/i18n.js";
import { bundledRegionDirectory } from "../../src/db/regions/load-regions.js";
import type { ImportPlan } from "../../src/domain/register-import/import-plan.js";

const i18n = createI18n("kk");
const regions = bundledRegionDirectory();

describe("register import preview", () => {
  it("lists fewer lines rather than passing 4096 characters, and the report keeps every line", () => {
    const long = "Жамбылский район ".repeat(10).trim();
    const plan: ImportPlan = {
      creates: [], unchanged: [], updates: [],
      rejected: Array.from({ length: 300 }, (_, i) => ({
        line: i + 2,
        problems: [{ code: "rayonAmbiguous", value: long, candidates: ["almaty_region.zhambyl", "north_kazakhstan.zhambyl", "zhambyl.zhambyl"] }, { code: "phone", value: "<b>1</b>" }],
      })),
    };
    for (const locale of ["kk", "ru", "en"] as const) {
      const text = previewText({ t: i18n.t(locale), locale, regions, timeZone: "Asia/Almaty", i18n }, "<reg>.csv", plan);
      expect(text.length).toBeLessThan(4096);
      expect(text).toContain("&lt;reg&gt;.csv");
      expect(text).not.toContain("<b>1</b>");
    }
    const report = reportCsv({ t: i18n.t("ru"), locale: "ru", regions, timeZone: "Asia/Almaty", i18n }, plan);
    expect(report.split("\r\n").filter(Boolean)).toHaveLength(301);
    expect(report).toContain("Жамбылский район (Алматинская область)");
  });
});
