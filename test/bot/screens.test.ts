// Screens a villager reads on an old phone: the main action first, language names without flags, the
// categories two per row, and date buttons with the month and weekday in words (review tone notes 3, 6, 8, 11).
import type { InlineKeyboardButton } from "grammy/types";
import { describe, expect, it } from "vitest";
import { SUPPORTED_LOCALES } from "../../src/config.js";
import { createI18n } from "../../src/bot/i18n.js";
import { createMainMenuKeyboard } from "../../src/bot/keyboards/main-menu.js";
import { createLanguageKeyboard } from "../../src/bot/keyboards/language.js";
import { question } from "../../src/bot/conversations/intake/intake-questions.js";
import { initialState } from "../../src/bot/conversations/intake/intake-state.js";
import { formatDayLabel } from "../../src/bot/helpers/format-date.js";
import { dateLabel } from "../../src/bot/conversations/propose-times/propose-times.js";
import { CATEGORIES, NOT_MEDIABLE } from "../../src/domain/request.js";
import type { RegionDirectory } from "../../src/domain/region-directory.js";

const i18n = createI18n("kk");
const texts = (rows: InlineKeyboardButton[][]) => rows.filter((row) => row.length > 0).map((row) => row.map((b) => b.text));
const FLAG = /[\u{1F1E6}-\u{1F1FF}]/u; // regional indicator letters, the halves of every flag emoji

describe("main menu", () => {
  it.each(SUPPORTED_LOCALES)("puts 'Find a mediator' first, above 'About mediation' (%s)", (locale) => {
    const t = i18n.t(locale);
    const rows = texts(createMainMenuKeyboard(t).inline_keyboard);
    expect(rows[0]).toEqual([t("menu.request")]);
    expect(rows[1]).toEqual([t("menu.about")]);
  });

  it("calls Help «Көмек» in Kazakh, not «Анықтама» (which reads as an official certificate)", () => {
    const t = i18n.t("kk");
    expect(t("menu.help")).toBe("❓ Көмек");
    expect(t("commands.help")).toBe("Көмек");
  });
});

describe("language picker", () => {
  it.each(SUPPORTED_LOCALES)("names each language in its own words, with no flags (%s)", (locale) => {
    const rows = texts(createLanguageKeyboard(i18n.t(locale), { withMenu: false }).inline_keyboard);
    expect(rows).toEqual([["Қазақша"], ["Русский"], ["English"]]);
    expect(rows.flat().some((label) => FLAG.test(label))).toBe(false);
  });
});

describe("category question", () => {
  const regions = {} as RegionDirectory; // the category question does not read the region directory
  it.each(SUPPORTED_LOCALES)("shows the categories two per row and each warning on its own row (%s)", (locale) => {
    const t = i18n.t(locale);
    const state = { ...initialState(), cursor: { step: "category" as const, editing: false } };
    const keyboard = question(state, { t, locale, regions, telegramName: "Айгүл" }).inline!.inline_keyboard;
    const categoryRows = Math.ceil(CATEGORIES.length / 2);
    expect(texts(keyboard.slice(0, categoryRows))).toEqual(
      Array.from({ length: categoryRows }, (_, r) => CATEGORIES.slice(2 * r, 2 * r + 2).map((c) => t(`intake:category.names.${c}`))),
    );
    expect(texts(keyboard.slice(categoryRows, categoryRows + NOT_MEDIABLE.length))).toEqual(NOT_MEDIABLE.map((c) => [t(`intake:category.notMediable.${c}`)]));
    // 4 category rows + 3 warnings + navigation, instead of 12 rows.
    expect(keyboard.length).toBe(categoryRows + NOT_MEDIABLE.length + 1);
  });
});

describe("date buttons", () => {
  it("write the month and the weekday in words in every language", () => {
    expect(formatDayLabel("2026-12-01", "kk")).toBe("1 желтоқсан, сейсенбі");
    expect(formatDayLabel("2026-12-01", "ru")).toBe("1 декабря, вторник");
    expect(formatDayLabel("2026-12-01", "en")).toBe("Tuesday 1 December");
    expect(formatDayLabel("2027-03-22", "kk")).toBe("22 наурыз, дүйсенбі");
  });

  it("fit a phone: no label of any day of a year is longer than 24 characters, none uses ICU's short forms", () => {
    for (const locale of SUPPORTED_LOCALES) {
      for (let d = 0; d < 366; d++) {
        const iso = new Date(Date.UTC(2027, 0, 1 + d)).toISOString().slice(0, 10);
        const label = formatDayLabel(iso, locale);
        expect({ label, long: label.length > 24 }).toEqual({ label, long: false });
        expect(label).not.toContain("."); // «1 жел., сс» / «вт, 1 дек.»
        expect(label.split(/[\s,]+/).every((word) => /^\d+$/.test(word) || word.length >= 3)).toBe(true);
      }
    }
  });

  it("is what the propose-times date picker shows (the label only; its callback data stays the ISO date)", () => {
    expect(dateLabel("2026-12-01", "ru")).toBe(formatDayLabel("2026-12-01", "ru"));
  });
});
