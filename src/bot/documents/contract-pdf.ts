// The mediation contract draft (медиация туралы шарт / договор о медиации): the session's place and date, the
// parties with blank lines for their ID number and address, the mediator, the dispute to describe by hand,
// confidentiality, cost, start and usual term, signatures — Kazakh and Russian, the case's language first.
// Every legal sentence is a catalogue string listed in docs/claims.md.
import { documentLanguages, type ContractDocument } from "../../domain/case-documents.js";
import type { I18n } from "../i18n.js";
import {
  BLANK, draftMark, paperTranslators, partyAndMediatorBlocks, placeText, preparedByBlock, RAW, sessionDateText, signatureBlock,
  type Block, type DocumentContent, type DocumentSection, type PaperLocale,
} from "./document-content.js";
import { renderDocumentPdf } from "./document-pdf.js";

const CATEGORY_KEYS = {
  family: "requests:labels.category.family", neighbours: "requests:labels.category.neighbours", property: "requests:labels.category.property",
  labour: "requests:labels.category.labour", consumer: "requests:labels.category.consumer", inheritance: "requests:labels.category.inheritance",
  juvenile: "requests:labels.category.juvenile", other: "requests:labels.category.other",
} as const;

export function contractContent(i18n: I18n, contract: ContractDocument, timeZone: string): DocumentContent {
  const translators = paperTranslators(i18n);
  const order = documentLanguages(contract.caseLanguage);
  const section = (locale: PaperLocale): DocumentSection => {
    const t = translators[locale];
    const clauses = [
      t("documents:contract.voluntary"),
      t("documents:contract.neutral"),
      t("documents:contract.confidential"),
      contract.mediator.kind === "public" ? t("documents:contract.costPublic") : t("documents:contract.costProfessional", { blank: BLANK }),
      t("documents:contract.start"),
      t("documents:contract.term"),
    ];
    const blocks: Block[] = [
      { type: "title", text: t("documents:contract.title") },
      { type: "line", text: t("documents:paper.caseLine", { code: contract.requestCode }) },
      { type: "line", text: t("documents:paper.place", { place: placeText(t, locale, contract.session), ...RAW }) },
      { type: "line", text: t("documents:paper.date", { date: sessionDateText(locale, contract.session, timeZone) }) },
      { type: "gap" },
      ...partyAndMediatorBlocks(t, contract, contract.mediator),
      { type: "heading", text: t("documents:contract.intro") },
      { type: "line", text: t("documents:contract.dispute", { category: t(CATEGORY_KEYS[contract.category]), blank: BLANK }) },
      { type: "hint", text: `${BLANK}${BLANK}` },
      { type: "hint", text: t("documents:contract.disputeHint") },
      ...clauses.map((text, index): Block => ({ type: "item", number: index + 1, text })),
      signatureBlock(t),
      { type: "gap" },
      preparedByBlock(t),
    ];
    return { locale, blocks };
  };
  const mark = draftMark(translators, order);
  return {
    title: `${translators[order[0]]("documents:contract.title")} — ${contract.requestCode} (${mark})`,
    draftMark: mark,
    caseMark: `Келісім · ${contract.requestCode}`,
    sections: order.map(section),
  };
}

export function renderContractPdf(i18n: I18n, contract: ContractDocument, timeZone: string, now: Date): Promise<Buffer> {
  return renderDocumentPdf(contractContent(i18n, contract, timeZone), now);
}
