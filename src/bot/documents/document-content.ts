// The words of a case document, laid out as simple blocks per language (Kazakh and Russian, whatever the reader's
// own language), from the `documents` catalogue. No pdfkit here: document-pdf.ts draws the blocks.
import type { DocumentParty, DocumentSession, DocumentMediator } from "../../domain/case-documents.js";
import { formatDate } from "../helpers/format-date.js";
import type { I18n, Translate } from "../i18n.js";

/** A line to complete by hand. */
export const BLANK = "______________________________";

export type PaperLocale = "kk" | "ru";

export type Block =
  | { type: "title"; text: string }
  | { type: "heading"; text: string }
  | { type: "line"; text: string }
  | { type: "hint"; text: string }
  | { type: "gap" }
  | { type: "item"; number: number; text: string; details?: string[] }
  | { type: "signatures"; title: string; labels: string[]; hint: string };

export interface DocumentSection {
  locale: PaperLocale;
  blocks: Block[];
}

export interface DocumentContent {
  /** PDF metadata title. */
  title: string;
  /** "ЖОБА / ПРОЕКТ", printed in every page's header and across the page. */
  draftMark: string;
  /** "Келісім · KL-7F3K2", the other side of the header. */
  caseMark: string;
  sections: DocumentSection[];
}

/** Plain text for the PDF: names are printed as typed, not HTML-escaped. */
export const RAW = { interpolation: { escapeValue: false } } as const;

/** Kazakh and Russian translators, whatever the reader's language. */
export function paperTranslators(i18n: I18n): Record<PaperLocale, Translate> {
  const translate = (locale: PaperLocale) => i18n.t(locale);
  return { kk: translate("kk"), ru: translate("ru") };
}

export function draftMark(t: Record<PaperLocale, Translate>, order: readonly PaperLocale[]): string {
  return order.map((locale) => t[locale]("documents:draftMark")).join(" / ");
}

/** A local calendar day "YYYY-MM-DD" (a term's due date) as the language writes it. */
export function formatDay(isoDate: string, locale: PaperLocale): string {
  return formatDate(new Date(`${isoDate}T00:00:00Z`), locale, "UTC");
}

/** Tenge with a plain space between thousands (the font and text search both handle it). */
export function formatTenge(amount: number, locale: PaperLocale): string {
  return new Intl.NumberFormat(locale === "kk" ? "kk-KZ" : "ru-RU", { maximumFractionDigits: 0 }).format(amount).replace(/\s/g, " ");
}

const MODE_KEYS = { in_person: "requests:labels.mode.in_person", phone: "requests:labels.mode.phone", video: "requests:labels.mode.video" } as const;

/** Where: the rayon, then the meeting place (in person) or how the meeting is held. */
export function placeText(t: Translate, locale: PaperLocale, session: DocumentSession): string {
  const rayon = locale === "kk" ? session.rayon.nameKk : session.rayon.nameRu;
  if (session.mode === "in_person") return session.place ? `${rayon}, ${session.place}` : rayon;
  const modeKey = MODE_KEYS[session.mode as keyof typeof MODE_KEYS];
  return modeKey ? `${rayon} (${t(modeKey)})` : rayon;
}

export function sessionDateText(locale: PaperLocale, session: DocumentSession, timeZone: string): string {
  return session.startsAt ? formatDate(session.startsAt, locale, timeZone) : BLANK;
}

const KIND_KEYS = { public: "mediator:kind.words.public", professional: "mediator:kind.words.professional" } as const;

/** The two parties (with blank lines for what the bot does not hold) and the mediator. */
export function partyAndMediatorBlocks(t: Translate, parties: { citizen: DocumentParty; otherParty: DocumentParty }, mediator: DocumentMediator): Block[] {
  const name = (party: DocumentParty) => party.name ?? BLANK;
  const identity = [t("documents:paper.idNumber", { blank: BLANK }), t("documents:paper.address", { blank: BLANK })];
  return [
    { type: "line", text: t("documents:paper.partyFirst", { name: name(parties.citizen), ...RAW }) },
    ...identity.map((text): Block => ({ type: "hint", text })),
    { type: "line", text: t("documents:paper.partySecond", { name: name(parties.otherParty), ...RAW }) },
    ...identity.map((text): Block => ({ type: "hint", text })),
    { type: "line", text: t("documents:paper.mediator", { name: mediator.fullName, kind: t(KIND_KEYS[mediator.kind]), ...RAW }) },
    { type: "hint", text: t("documents:paper.registry", { number: mediator.registryNumber ?? BLANK, ...RAW }) },
  ];
}

export function signatureBlock(t: Translate): Block {
  return {
    type: "signatures",
    title: t("documents:paper.signatures"),
    labels: [t("documents:paper.signatureFirst"), t("documents:paper.signatureSecond"), t("documents:paper.signatureMediator")],
    hint: t("documents:paper.signatureHint"),
  };
}

export function preparedByBlock(t: Translate): Block {
  return { type: "hint", text: t("documents:paper.preparedBy") };
}
