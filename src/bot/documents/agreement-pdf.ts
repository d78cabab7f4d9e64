// The agreement draft (дауды реттеу туралы келісім / соглашение об урегулировании спора): the parties, the
// mediator, the session date, the numbered terms (who, what, by when, how much), signatures, and plain notes on
// what happens next — only what the law notes verify (§5, §7). Kazakh and Russian, the case's language first.
import { documentLanguages, termWording, type AgreementDocument } from "../../domain/case-documents.js";
import type { AgreementTermView } from "../../domain/agreement.js";
import type { Translate, I18n } from "../i18n.js";
import {
  BLANK, draftMark, formatDay, formatTenge, paperTranslators, partyAndMediatorBlocks, placeText, preparedByBlock, RAW, sessionDateText, signatureBlock,
  type Block, type DocumentContent, type DocumentSection, type PaperLocale,
} from "./document-content.js";
import { renderDocumentPdf } from "./document-pdf.js";

function who(t: Translate, agreement: AgreementDocument, term: AgreementTermView): string {
  const named = (label: string, name: string | null) => (name ? `${label} (${name})` : label);
  switch (term.party) {
    case "citizen": return named(t("documents:paper.signatureFirst"), agreement.citizen.name);
    case "other_party": return named(t("documents:paper.signatureSecond"), agreement.otherParty.name);
    case "both": return t("documents:agreement.both");
  }
}

function termBlock(t: Translate, locale: PaperLocale, agreement: AgreementDocument, term: AgreementTermView, number: number): Block {
  const wording = termWording(term);
  const action = wording.kind === "typed" ? wording.text : wording.kind === "spoken" ? t("documents:agreement.spoken", { blank: BLANK }) : BLANK;
  const details = [
    term.dueDate ? t("documents:agreement.due", { date: formatDay(term.dueDate, locale) }) : t("documents:agreement.noDate"),
    ...(term.amountTenge !== null ? [t("documents:agreement.amount", { amount: formatTenge(term.amountTenge, locale) })] : []),
  ];
  return { type: "item", number, text: t("documents:agreement.term", { who: who(t, agreement, term), action, ...RAW }), details };
}

export function agreementContent(i18n: I18n, agreement: AgreementDocument, timeZone: string): DocumentContent {
  const translators = paperTranslators(i18n);
  const order = documentLanguages(agreement.caseLanguage);
  const section = (locale: PaperLocale): DocumentSection => {
    const t = translators[locale];
    const blocks: Block[] = [
      { type: "title", text: t("documents:agreement.title") },
      { type: "line", text: t("documents:paper.caseLine", { code: agreement.requestCode }) },
      { type: "line", text: t("documents:paper.place", { place: placeText(t, locale, agreement.session), ...RAW }) },
      { type: "line", text: t("documents:paper.sessionDate", { date: sessionDateText(locale, agreement.session, timeZone) }) },
      { type: "gap" },
      ...partyAndMediatorBlocks(t, agreement, agreement.mediator),
      { type: "heading", text: t("documents:agreement.intro") },
      ...agreement.terms.map((term, index) => termBlock(t, locale, agreement, term, index + 1)),
      signatureBlock(t),
      { type: "heading", text: t("documents:agreement.nextTitle") },
      ...[t("documents:agreement.nextVoluntary"), t("documents:agreement.nextCourt"), t("documents:agreement.nextFee")].map((text): Block => ({ type: "line", text: `• ${text}` })),
      { type: "gap" },
      preparedByBlock(t),
    ];
    return { locale, blocks };
  };
  const mark = draftMark(translators, order);
  return {
    title: `${translators[order[0]]("documents:agreement.title")} — ${agreement.requestCode} (${mark})`,
    draftMark: mark,
    caseMark: `Келісім · ${agreement.requestCode}`,
    sections: order.map(section),
  };
}

export function renderAgreementPdf(i18n: I18n, agreement: AgreementDocument, timeZone: string, now: Date): Promise<Buffer> {
  return renderDocumentPdf(agreementContent(i18n, agreement, timeZone), now);
}
