// How each intake question looks: text, inline buttons, and for the place and phone questions a reply
// keyboard (Telegram shares location and contact only from reply-keyboard buttons).
import { InlineKeyboard, Keyboard } from "grammy";
import type { Locale } from "../../../config.js";
import { EDITABLE_FIELDS, type EditableField } from "../../../domain/intake.js";
import { AWARENESS, CATEGORIES, COST_PREFERENCES, MODES, NOT_MEDIABLE, OTHER_PARTIES, SESSION_LANGUAGES } from "../../../domain/request.js";
import { nameIn } from "../../../domain/region.js";
import type { RegionDirectory } from "../../../domain/region-directory.js";
import type { Translate } from "../../i18n.js";
import { intakeData } from "./intake-input.js";
import type { IntakeState } from "./intake-state.js";
import { summaryText } from "./intake-summary.js";
import { newRow } from "../shared/keyboard-rows.js";

export interface Question {
  /** Shown first, with the reply keyboard, when the question needs one. */
  replyIntro?: { text: string; keyboard: Keyboard };
  text: string;
  inline?: InlineKeyboard;
  /** A reply keyboard on the question itself (the phone question has no inline buttons). */
  reply?: Keyboard;
}

export interface QuestionContext {
  t: Translate;
  locale: Locale;
  regions: RegionDirectory;
  telegramName: string;
  /** Filing for another person (assisted intake): consent, name and phone are asked of the filer. */
  assisted?: boolean;
}

export const PAGE_SIZE = 10;

/** Label key of each editable field in the summary. */
export const FIELD_LABEL: Record<EditableField, string> = {
  category: "category", description: "description", otherParty: "otherParty", awareness: "awareness", inCourt: "inCourt", cost: "cost",
  oblast: "place", mode: "mode", sessionLanguage: "sessionLanguage", name: "name", phone: "phone",
};

function navRow(t: Translate, keyboard: InlineKeyboard, withBack = true): InlineKeyboard {
  newRow(keyboard);
  if (withBack) keyboard.text(t("intake:nav.back"), intakeData("back"));
  return keyboard.text(t("intake:nav.cancel"), intakeData("cancel"));
}

function choices(t: Translate, what: string, values: readonly string[], labelKey: string, perRow = 1): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  values.forEach((value, i) => {
    keyboard.text(t(`intake:${labelKey}.${value}`), intakeData(what, value));
    if ((i + 1) % perRow === 0) keyboard.row();
  });
  return navRow(t, keyboard);
}

function paged<T>(items: readonly T[], page: number): { slice: readonly T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(items.length / PAGE_SIZE));
  const current = Math.min(Math.max(page, 0), pages - 1);
  return { slice: items.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE), page: current, pages };
}

function listKeyboard(t: Translate, what: string, entries: Array<{ label: string; value: string }>, page: number): InlineKeyboard {
  const view = paged(entries, page);
  const keyboard = new InlineKeyboard();
  view.slice.forEach((entry, i) => {
    keyboard.text(entry.label, intakeData(what, entry.value));
    if (i % 2 === 1) keyboard.row();
  });
  if (view.pages > 1) {
    newRow(keyboard);
    if (view.page > 0) keyboard.text(t("intake:place.previousPage"), intakeData("page", view.page - 1));
    keyboard.text(`${view.page + 1}/${view.pages}`, intakeData("page", view.page));
    if (view.page < view.pages - 1) keyboard.text(t("intake:place.nextPage"), intakeData("page", view.page + 1));
  }
  return navRow(t, keyboard);
}

function locationKeyboard(t: Translate): Keyboard {
  return new Keyboard().requestLocation(t("intake:place.shareLocation")).row().text(t("intake:nav.back")).text(t("intake:nav.cancel")).resized();
}

export function question(state: IntakeState, q: QuestionContext): Question {
  const { t } = q;
  switch (state.cursor.step) {
    case "consent":
      if (q.assisted) return assistedQuestion("consent", q);
      return {
        text: t("intake:consent.question"),
        inline: new InlineKeyboard().text(t("intake:consent.agree"), intakeData("consent", "yes")).row()
          .text(t("intake:consent.readMore"), intakeData("consent", "more")).row()
          .text(t("intake:consent.decline"), intakeData("consent", "no")),
      };
    case "category": {
      const keyboard = new InlineKeyboard();
      // Two categories per row, so the whole screen fits an old phone without scrolling; the warnings stay full width.
      CATEGORIES.forEach((c, i) => {
        keyboard.text(t(`intake:category.names.${c}`), intakeData("category", c));
        if (i % 2 === 1 || i === CATEGORIES.length - 1) keyboard.row();
      });
      NOT_MEDIABLE.forEach((c) => keyboard.text(t(`intake:category.notMediable.${c}`), intakeData("category", c)).row());
      return { text: t("intake:category.question"), inline: navRow(t, keyboard) };
    }
    case "description":
      return { text: t("intake:description.question"), inline: navRow(t, new InlineKeyboard()) };
    case "otherParty":
      return { text: t("intake:otherParty.question"), inline: choices(t, "otherParty", OTHER_PARTIES, "otherParty.names") };
    case "awareness":
      return { text: t("intake:awareness.question"), inline: choices(t, "awareness", AWARENESS, "awareness.names") };
    case "inCourt":
      return {
        text: t("intake:inCourt.question"),
        inline: navRow(t, new InlineKeyboard().text(t("intake:inCourt.no"), intakeData("inCourt", "no")).text(t("intake:inCourt.yes"), intakeData("inCourt", "yes"))),
      };
    case "cost":
      return { text: t("intake:cost.question"), inline: choices(t, "cost", COST_PREFERENCES, "cost.names") };
    case "oblast":
      if (state.preferredRayon) return preferredRayonQuestion(state.preferredRayon, q);
      return {
        replyIntro: { text: t("intake:place.locationHint"), keyboard: locationKeyboard(t) },
        text: t("intake:place.oblastQuestion"),
        inline: listKeyboard(t, "oblast", q.regions.oblasts().map((o) => ({ label: nameIn(o, q.locale), value: o.code })), state.page),
      };
    case "rayon": {
      if (state.suggestion) {
        const rayon = q.regions.rayon(state.suggestion)!;
        const oblast = q.regions.oblast(rayon.oblastCode)!;
        return {
          text: t("intake:place.locationFound", { rayon: nameIn(rayon, q.locale), oblast: nameIn(oblast, q.locale) }),
          inline: navRow(t, new InlineKeyboard().text(t("intake:place.locationYes"), intakeData("suggestion", "yes")).text(t("intake:place.locationNo"), intakeData("suggestion", "no"))),
        };
      }
      const oblast = q.regions.oblast(state.oblastCode ?? "")!;
      const rayons = q.regions.rayonsOf(oblast.code).map((r) => ({ label: nameIn(r, q.locale), value: r.kato }));
      return { text: t("intake:place.rayonQuestion", { oblast: nameIn(oblast, q.locale) }), inline: listKeyboard(t, "rayon", rayons, state.page) };
    }
    case "mode":
      return { text: t("intake:mode.question"), inline: choices(t, "mode", MODES, "mode.names") };
    case "sessionLanguage":
      return { text: t("intake:sessionLanguage.question"), inline: choices(t, "sessionLanguage", SESSION_LANGUAGES, "sessionLanguage.names", 3) };
    case "name": {
      if (q.assisted) return assistedQuestion("name", q);
      const keyboard = new InlineKeyboard();
      if (q.telegramName.trim()) keyboard.text(t("intake:name.useTelegramName", { name: q.telegramName.slice(0, 40), interpolation: { escapeValue: false } }), intakeData("name", "telegram"));
      return { text: t("intake:name.question"), inline: navRow(t, keyboard) };
    }
    case "phone":
      if (q.assisted) return assistedQuestion("phone", q);
      return { text: t("intake:phone.question"), reply: phoneKeyboard(t) };
    case "summary": {
      const keyboard = new InlineKeyboard();
      EDITABLE_FIELDS.forEach((field, i) => {
        keyboard.text(t("intake:summary.edit", { field: t(`intake:summary.fields.${FIELD_LABEL[field]}`), interpolation: { escapeValue: false } }), intakeData("edit", field));
        if (i % 2 === 1) keyboard.row();
      });
      newRow(keyboard).text(t("intake:summary.submit"), intakeData("submit")).row().text(t("intake:nav.cancel"), intakeData("cancel"));
      return { text: `${q.assisted ? `${t("assisted:summaryNote")}\n\n` : ""}${summaryText(state.draft, q)}`, inline: keyboard };
    }
  }
}

/** The phone question's reply keyboard: share the contact, or go back / cancel by text buttons. */
export function phoneKeyboard(t: Translate): Keyboard {
  return new Keyboard().requestContact(t("intake:phone.shareButton")).row().text(t("intake:nav.back")).text(t("intake:nav.cancel")).resized();
}

/** "Your district: X — Yes / Change", for a person who came through a rayon poster. */
function preferredRayonQuestion(rayonCode: string, q: QuestionContext): Question {
  const { t } = q;
  const rayon = q.regions.rayon(rayonCode)!;
  const oblast = q.regions.oblast(rayon.oblastCode)!;
  return {
    text: t("posters:intake.question", { rayon: nameIn(rayon, q.locale), oblast: nameIn(oblast, q.locale) }),
    inline: navRow(t, new InlineKeyboard().text(t("posters:intake.yes"), intakeData("preferred", "yes")).text(t("posters:intake.change"), intakeData("preferred", "no"))),
  };
}

/** Assisted intake: the filer confirms the person's oral consent and types the person's name and phone. */
function assistedQuestion(step: "consent" | "name" | "phone", q: QuestionContext): Question {
  const { t } = q;
  if (step === "consent") {
    return {
      text: t("assisted:consent.question"),
      inline: new InlineKeyboard().text(t("assisted:consent.given"), intakeData("consent", "yes")).row()
        .text(t("intake:consent.readMore"), intakeData("consent", "more")).row()
        .text(t("assisted:consent.notGiven"), intakeData("consent", "no")),
    };
  }
  // No "use my Telegram name" and no "share my contact": they would be the filer's, not the person's.
  return { text: t(step === "name" ? "assisted:name.question" : "assisted:phone.question"), inline: navRow(t, new InlineKeyboard()) };
}
