// The screens of the terms conversation (pure): each stage's question and its inline keyboard. Callback data
// is "at:<what>[:<value>]" (at most "at:d:2026-12-07", well under 64 bytes).
import { InlineKeyboard } from "grammy";
import type { Locale } from "../../../config.js";
import { MAX_TERMS, TERM_ACTION_MAX_LENGTH, TERM_PARTIES } from "../../../domain/agreement.js";
import { formatDayLabel } from "../../helpers/format-date.js";
import type { Translate } from "../../i18n.js";
import { buttonData } from "../shared/conversation-input.js";
import { newRow } from "../shared/keyboard-rows.js";
import { formatDueDate, formatTenge, partyName, termLine } from "./term-lines.js";
import { canGoBack, MAX_PAGE, pageDates, type TermsState } from "./terms-state.js";

export const TERMS_PREFIX = "at";
/** Actions are shortened to this in the list while entering (keeps the messages and the replay log small). */
const LIST_PREVIEW_CHARS = 80;

export interface ScreenContext {
  t: Translate;
  locale: Locale;
  citizenName: string | null;
  requestCode: string;
  now: Date;
  timeZone: string;
}

const data = (what: string, value?: string | number) => buttonData(TERMS_PREFIX, what, value);

export interface TermsScreen {
  text: string;
  keyboard: InlineKeyboard;
}

export function termsScreen(s: TermsState, c: ScreenContext): TermsScreen {
  const { t } = c;
  const keyboard = new InlineKeyboard();
  const n = (s.editing ?? s.terms.length) + 1;
  const editing = s.editing !== null;
  const heading = t(editing ? "agreement:ask.editing" : "agreement:ask.term", { n, code: c.requestCode });
  let text: string;
  switch (s.stage) {
    case "party":
      text = `${heading}\n${t("agreement:ask.party")}`;
      for (const party of TERM_PARTIES) keyboard.text(partyName(t, party, c.citizenName), data("p", party)).row();
      break;
    case "action":
      text = `${heading}\n${t("agreement:ask.action", { who: partyName(t, s.draft.party, c.citizenName), max: TERM_ACTION_MAX_LENGTH })}`;
      if (editing) keyboard.text(t("agreement:buttons.keep"), data("keep"));
      break;
    case "date": {
      text = `${heading}\n${t("agreement:ask.date")}`;
      pageDates(s.page, c.now, c.timeZone).forEach((d, i) => {
        keyboard.text(formatDayLabel(d, c.locale), data("d", d));
        if (i % 2 === 1) keyboard.row();
      });
      newRow(keyboard);
      if (s.page > 0) keyboard.text(t("agreement:buttons.earlier"), data("pg", s.page - 1));
      if (s.page < MAX_PAGE) keyboard.text(t("agreement:buttons.later"), data("pg", s.page + 1));
      newRow(keyboard).text(t("agreement:buttons.noDate"), data("nd"));
      if (editing) keyboard.text(keepLabel(t, s.draft.dueDate ? formatDueDate(s.draft.dueDate, c.locale) : t("agreement:buttons.noDate")), data("keep"));
      break;
    }
    case "amount":
      text = `${heading}\n${t("agreement:ask.amount")}`;
      keyboard.text(t("agreement:buttons.noAmount"), data("skip"));
      if (editing && s.draft.amountTenge !== null) keyboard.text(keepLabel(t, formatTenge(s.draft.amountTenge, c.locale)), data("keep"));
      break;
    case "list":
      text = [t("agreement:list.title", { code: c.requestCode }), "", ...s.terms.map((term, i) => termLine(t, c.locale, i + 1, term, c.citizenName, LIST_PREVIEW_CHARS)), "", t("agreement:list.hint")].join("\n");
      if (s.terms.length < MAX_TERMS) keyboard.text(t("agreement:buttons.add"), data("add"));
      keyboard.text(t("agreement:buttons.edit"), data("edit")).row();
      keyboard.text(t("agreement:buttons.done"), data("done"));
      break;
    case "pick":
      text = t("agreement:ask.pick");
      s.terms.forEach((_, i) => {
        keyboard.text(String(i + 1), data("e", i + 1));
        if (i % 5 === 4) keyboard.row();
      });
      break;
  }
  newRow(keyboard);
  if (canGoBack(s)) keyboard.text(t("agreement:buttons.back"), data("back"));
  keyboard.text(t("agreement:buttons.cancel"), data("cancel"));
  return { text, keyboard };
}

const keepLabel = (t: Translate, value: string) => t("agreement:buttons.keepValue", { value, interpolation: { escapeValue: false } });
