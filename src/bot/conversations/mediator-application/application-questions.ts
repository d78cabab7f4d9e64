// How each application question looks: text and inline buttons; the phone question has a reply keyboard
// instead (Telegram shares a contact only from a reply-keyboard button). Lists of choices are toggles.
import { InlineKeyboard, Keyboard } from "grammy";
import type { Locale } from "../../../config.js";
import { APPLICATION_FIELDS, MAX_CASES_CHOICES, type ApplicationField } from "../../../domain/mediator-application.js";
import { MAX_OPEN_CASES_LIMIT, MEDIATOR_KINDS } from "../../../domain/mediator.js";
import { nameIn } from "../../../domain/region.js";
import type { RegionDirectory } from "../../../domain/region-directory.js";
import { CATEGORIES, MODES, SESSION_LANGUAGES } from "../../../domain/request.js";
import type { Translate } from "../../i18n.js";
import { applicationData } from "./application-input.js";
import type { ApplicationState } from "./application-state.js";
import { summaryText } from "./application-summary.js";
import { newRow } from "../shared/keyboard-rows.js";

export interface Question {
  text: string;
  inline?: InlineKeyboard;
  /** A reply keyboard on the question itself (the phone question has no inline buttons). */
  reply?: Keyboard;
}

export interface QuestionContext {
  t: Translate;
  locale: Locale;
  regions: RegionDirectory;
}

export const PAGE_SIZE = 10;
/** How many chosen rayons the rayon questions name before "+N". */
const CHOSEN_SHOWN = 12;

/** Label key (mediator:profileFields.*) of each field's Edit button on the summary. */
export const FIELD_LABEL: Record<ApplicationField, string> = {
  fullName: "fullName", kind: "kind", registry: "registry", oblast: "rayons", languages: "languages",
  specializations: "specializations", modes: "modes", maxOpenCases: "maxOpenCases", phone: "phone", bio: "bio",
};

function navRow(t: Translate, keyboard: InlineKeyboard, withBack = true): InlineKeyboard {
  newRow(keyboard);
  if (withBack) keyboard.text(t("mediator:nav.back"), applicationData("back"));
  return keyboard.text(t("mediator:nav.cancel"), applicationData("cancel"));
}

const ticked = (on: boolean, label: string) => (on ? `✅ ${label}` : label);

function toggles(t: Translate, what: string, entries: Array<{ label: string; value: string; on: boolean }>, perRow: number, extra?: (k: InlineKeyboard) => void): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  entries.forEach((e, i) => {
    keyboard.text(ticked(e.on, e.label), applicationData(what, e.value));
    if ((i + 1) % perRow === 0) keyboard.row();
  });
  newRow(keyboard);
  extra?.(keyboard);
  newRow(keyboard).text(t("mediator:toggles.done"), applicationData("done"));
  return navRow(t, keyboard);
}

function pagedList(t: Translate, what: string, entries: Array<{ label: string; value: string }>, page: number): InlineKeyboard {
  const pages = Math.max(1, Math.ceil(entries.length / PAGE_SIZE));
  const current = Math.min(Math.max(page, 0), pages - 1);
  const keyboard = new InlineKeyboard();
  entries.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE).forEach((entry, i) => {
    keyboard.text(entry.label, applicationData(what, entry.value));
    if (i % 2 === 1) keyboard.row();
  });
  if (pages > 1) {
    newRow(keyboard);
    if (current > 0) keyboard.text(t("mediator:rayons.previousPage"), applicationData("page", current - 1));
    keyboard.text(`${current + 1}/${pages}`, applicationData("page", current));
    if (current < pages - 1) keyboard.text(t("mediator:rayons.nextPage"), applicationData("page", current + 1));
  }
  return keyboard;
}

/** "Chosen so far: …" under the rayon questions, so that ticks in other oblasts stay in sight. */
function chosenLine(state: ApplicationState, q: QuestionContext): string {
  const codes = state.draft.rayonCodes;
  if (codes.length === 0) return "";
  const names = codes.slice(0, CHOSEN_SHOWN).map((code) => {
    const rayon = q.regions.rayon(code);
    return rayon ? nameIn(rayon, q.locale) : code;
  });
  const more = codes.length > CHOSEN_SHOWN ? ` +${codes.length - CHOSEN_SHOWN}` : "";
  return `\n\n${q.t("mediator:rayons.chosen", { total: codes.length, names: names.join(", ") })}${more}`;
}

export function question(state: ApplicationState, q: QuestionContext): Question {
  const { t } = q;
  const d = state.draft;
  switch (state.cursor.step) {
    case "intro":
      return state.editingProfile
        ? { text: t("mediator:intro.editQuestion"), inline: new InlineKeyboard().text(t("mediator:intro.continue"), applicationData("intro", "yes")).row().text(t("mediator:nav.cancel"), applicationData("cancel")) }
        : { text: t("mediator:intro.question"), inline: new InlineKeyboard().text(t("mediator:intro.agree"), applicationData("intro", "yes")).row().text(t("mediator:nav.cancel"), applicationData("cancel")) };
    case "fullName":
      return { text: t("mediator:fullName.question"), inline: navRow(t, new InlineKeyboard()) };
    case "kind": {
      const keyboard = new InlineKeyboard();
      MEDIATOR_KINDS.forEach((kind) => keyboard.text(t(`mediator:kind.names.${kind}`), applicationData("kind", kind)).row());
      return { text: t("mediator:kind.question"), inline: navRow(t, keyboard) };
    }
    case "registry":
      return { text: t("mediator:registry.question"), inline: navRow(t, new InlineKeyboard()) };
    case "oblast": {
      const entries = q.regions.oblasts().map((o) => {
        const count = d.rayonCodes.filter((code) => q.regions.rayon(code)?.oblastCode === o.code).length;
        return { label: count > 0 ? `${nameIn(o, q.locale)} · ✅ ${count}` : nameIn(o, q.locale), value: o.code };
      });
      const keyboard = pagedList(t, "oblast", entries, state.page);
      if (d.rayonCodes.length > 0) newRow(keyboard).text(t("mediator:toggles.done"), applicationData("done"));
      return { text: t("mediator:rayons.oblastQuestion") + chosenLine(state, q), inline: navRow(t, keyboard) };
    }
    case "rayons": {
      const oblast = q.regions.oblast(state.oblastCode ?? "")!;
      const entries = q.regions.rayonsOf(oblast.code).map((r) => ({ label: ticked(d.rayonCodes.includes(r.code), nameIn(r, q.locale)), value: r.kato }));
      const keyboard = pagedList(t, "rayon", entries, state.page);
      newRow(keyboard).text(t("mediator:rayons.anotherOblast"), applicationData("another")).text(t("mediator:toggles.done"), applicationData("done"));
      return { text: t("mediator:rayons.rayonQuestion", { oblast: nameIn(oblast, q.locale) }) + chosenLine(state, q), inline: navRow(t, keyboard) };
    }
    case "languages":
      return {
        text: t("mediator:languages.question"),
        inline: toggles(t, "language", SESSION_LANGUAGES.map((l) => ({ label: t(`intake:sessionLanguage.names.${l}`), value: l, on: d.languages.includes(l) })), 3),
      };
    case "specializations": {
      const entries = CATEGORIES.map((c) => ({ label: t(`intake:category.names.${c}`), value: c, on: d.specializations.includes(c) }));
      return { text: t("mediator:specializations.question"), inline: toggles(t, "spec", entries, 1, (k) => k.text(t("mediator:specializations.all"), applicationData("all"))) };
    }
    case "modes":
      return { text: t("mediator:modes.question"), inline: toggles(t, "mode", MODES.map((m) => ({ label: t(`intake:mode.names.${m}`), value: m, on: d.modes.includes(m) })), 1) };
    case "maxOpenCases": {
      const keyboard = new InlineKeyboard();
      MAX_CASES_CHOICES.forEach((n) => keyboard.text(ticked(d.maxOpenCases === n, String(n)), applicationData("cases", n)));
      return { text: t("mediator:maxOpenCases.question", { max: MAX_OPEN_CASES_LIMIT }), inline: navRow(t, keyboard) };
    }
    case "phone":
      return { text: t("mediator:phone.question"), reply: phoneKeyboard(t) };
    case "bio":
      return { text: t("mediator:bio.question"), inline: navRow(t, new InlineKeyboard()) };
    case "summary": {
      const keyboard = new InlineKeyboard();
      const fields = APPLICATION_FIELDS.filter((f) => f !== "registry" || d.kind === "professional");
      fields.forEach((field, i) => {
        keyboard.text(t("mediator:summary.edit", { field: t(`mediator:profileFields.${FIELD_LABEL[field]}`), interpolation: { escapeValue: false } }), applicationData("edit", field));
        if (i % 2 === 1) keyboard.row();
      });
      newRow(keyboard).text(t("mediator:summary.submit"), applicationData("submit")).row().text(t("mediator:nav.cancel"), applicationData("cancel"));
      return { text: summaryText(state, q), inline: keyboard };
    }
  }
}

/** The phone question's reply keyboard: share the contact, or go back / cancel by text buttons. */
export function phoneKeyboard(t: Translate): Keyboard {
  return new Keyboard().requestContact(t("mediator:phone.shareButton")).row().text(t("mediator:nav.back")).text(t("mediator:nav.cancel")).resized();
}
