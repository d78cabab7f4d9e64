// The follow-up on agreement terms, as messages: the question "Was this done?" (sent by the job), and after an
// answer the notice to the case's mediator and the person's options. Each in the recipient's own language
// (recipientLocale); the term's typed text is escaped (HTML parse mode). No names or phone numbers.
import { InlineKeyboard, type Api } from "grammy";
import type { Locale } from "../../config.js";
import { TERM_ANSWERS, type CheckRecipient, type TermAnswer, type TermParty } from "../../domain/agreement.js";
import { recipientLocale } from "../../domain/locale.js";
import type { Addressee, AnswerNotice, TermCheckRepository, TermCheckSender, TermSummary } from "../../domain/term-checks.js";
import { packTermCheck } from "../callback-data/term-check.js";
import { escapeHtml } from "../helpers/escape-html.js";
import type { I18n } from "../i18n.js";

export interface TermCheckMessagesDeps {
  i18n: I18n;
  defaultLocale: Locale;
  timeZone: string;
}

const HTML = { parse_mode: "HTML" as const, link_preview_options: { is_disabled: true } };
/** Catalogue keys by stored value (literal, so the catalogue test sees them used). */
export const ANSWER_KEYS: Record<TermAnswer, string> = {
  done: "followup:buttons.done", partly: "followup:buttons.partly", not_yet: "followup:buttons.notYet", not_done: "followup:buttons.notDone",
};
const PARTY_KEYS: Record<TermParty, string> = { citizen: "followup:term.party.citizen", other_party: "followup:term.party.otherParty", both: "followup:term.party.both" };
const WHO_KEYS: Record<CheckRecipient, string> = { citizen: "followup:mediator.who.citizen", other_party: "followup:mediator.who.otherParty" };
const INTL: Record<Locale, string> = { kk: "kk-KZ", ru: "ru-RU", en: "en-GB" };

/** A local date YYYY-MM-DD as people write it ("5 December 2026"); the date is already local, so no zone shift. */
export function formatLocalDate(date: string, locale: Locale): string {
  return new Intl.DateTimeFormat(INTL[locale], { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" }).format(new Date(`${date}T00:00:00Z`));
}

export function createTermCheckMessages(deps: TermCheckMessagesDeps) {
  const localeOf = (person: Addressee | null) => recipientLocale(person, deps.defaultLocale);

  /** Who / what / by when / amount; `viewer` marks the reader's own part with "(you)". */
  function termBlock(locale: Locale, term: TermSummary, viewer: CheckRecipient | null): string {
    const t = deps.i18n.t(locale);
    const label = (key: string) => `<b>${t(key)}:</b>`;
    const party = t(PARTY_KEYS[term.party]);
    const who = viewer !== null && term.party === viewer ? t("followup:term.you", { who: party }) : party;
    const what = term.action !== null ? `<i>${escapeHtml(term.action)}</i>` : t("followup:term.spoken", { position: term.position });
    const lines = [
      `${label("followup:term.who")} ${who}`,
      `${label("followup:term.what")} ${what}`,
      `${label("followup:term.when")} ${term.dueDate ? formatLocalDate(term.dueDate, locale) : t("followup:term.noDate")}`,
    ];
    if (term.amountTenge !== null) lines.push(`${label("followup:term.amount")} ${new Intl.NumberFormat(INTL[locale]).format(term.amountTenge)} ₸`);
    return lines.join("\n");
  }

  function answerLabel(locale: Locale, answer: TermAnswer): string {
    return deps.i18n.t(locale)(ANSWER_KEYS[answer]);
  }

  return {
    termBlock,
    answerLabel,

    /** The question with its four answers; the buttons carry only the row id and the answer's letter. */
    question(locale: Locale, q: { checkId: number; round: number; requestCode: string; recipient: CheckRecipient; term: TermSummary }) {
      const t = deps.i18n.t(locale);
      const title = t(q.round > 1 ? "followup:question.again" : "followup:question.title", { code: q.requestCode, position: q.term.position });
      const text = `${title}\n\n${termBlock(locale, q.term, q.recipient)}\n\n${t("followup:question.footer")}`;
      const keyboard = new InlineKeyboard();
      TERM_ANSWERS.forEach((answer, i) => {
        keyboard.text(t(ANSWER_KEYS[answer]), packTermCheck({ type: "answer", checkId: q.checkId, answer }));
        if (i === 1) keyboard.row(); // two rows of two
      });
      return { text, keyboard };
    },

    /** "Not done" / "Partly": the person's options (only [V] sentences of the law notes §7) and the one-tap follow-up. */
    options(locale: Locale, requestId: number, requestCode: string) {
      const t = deps.i18n.t(locale);
      return {
        text: t("followup:options.text", { code: requestCode }),
        keyboard: new InlineKeyboard().text(t("followup:options.button"), packTermCheck({ type: "follow-up", requestId })),
      };
    },

    /** Tells the case's mediator which term, which party, which answer (no names, no phone numbers). */
    async notifyMediator(api: Api, notice: AnswerNotice): Promise<boolean> {
      if (!notice.mediator) return false;
      const locale = localeOf(notice.mediator);
      const t = deps.i18n.t(locale);
      const head = t("followup:mediator.notice", {
        code: notice.requestCode, position: notice.term.position, who: t(WHO_KEYS[notice.recipient]), answer: answerLabel(locale, notice.answer),
      });
      const tail = notice.answer === "not_done" || notice.answer === "partly" ? `\n\n${t("followup:mediator.followUpOffered")}` : "";
      await api.sendMessage(Number(notice.mediator.telegramId), `${head}\n\n${termBlock(locale, notice.term, null)}${tail}`, HTML);
      return true;
    },

    localeOf,
  };
}

export type TermCheckMessages = ReturnType<typeof createTermCheckMessages>;

/** Turns one claimed row into the question in the recipient's language, or "skip" when it is not to be asked. */
export function createTermCheckSender(api: Api, deps: { termChecks: Pick<TermCheckRepository, "question">; messages: TermCheckMessages }): TermCheckSender {
  return {
    async send(check) {
      const q = await deps.termChecks.question(check.id);
      if (q.cancel !== null) return "skip";
      const locale = deps.messages.localeOf(q.recipient);
      const { text, keyboard } = deps.messages.question(locale, { checkId: q.checkId, round: q.round, requestCode: q.requestCode, recipient: check.recipient, term: q.term });
      await api.sendMessage(Number(q.recipient.telegramId), text, { ...HTML, reply_markup: keyboard });
      return "sent";
    },
  };
}
