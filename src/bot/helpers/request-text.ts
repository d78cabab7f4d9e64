// How a request reads in a message: shared by "My requests" and "Your data", so both describe it in the same words.
import type { Locale } from "../../config.js";
import type { RegionDirectory } from "../../domain/region-directory.js";
import { nameIn } from "../../domain/region.js";
import type { Translate } from "../i18n.js";
import { escapeHtml } from "./escape-html.js";
import { formatDate } from "./format-date.js";

export interface RequestTextContext {
  t: Translate;
  locale: Locale;
  regions: RegionDirectory;
  timeZone: string;
}

/** The fields a person sees; strings rather than literal unions so that exported data fits as well. */
export interface RequestView {
  code: string;
  status: string;
  category: string;
  rayonCode: string;
  submittedAt: Date;
  description: string | null;
  hasVoice: boolean;
  otherParty: string;
  otherPartyAware: string;
  inCourt: boolean;
  /** free_only | either; absent where the source does not carry it (older exports). */
  costPreference?: string;
  mode: string;
  sessionLanguage: string;
  contactName: string | null;
  contactPhone: string | null;
}

export function statusWord(t: Translate, status: string): string {
  return t(`requests:status.${status}`);
}

/** The rayon in the person's language; the code itself if the regions data no longer has it. */
export function rayonName(c: RequestTextContext, rayonCode: string): string {
  const rayon = c.regions.rayon(rayonCode);
  return rayon ? nameIn(rayon, c.locale) : rayonCode;
}

/** "Burabay District, Akmola Region"; a city of republican significance is its own oblast and is named once. */
export function placeName(c: RequestTextContext, rayonCode: string): string {
  const rayon = c.regions.rayon(rayonCode);
  const oblast = rayon && c.regions.oblast(rayon.oblastCode);
  if (!rayon || !oblast || oblast.kind === "city") return rayonName(c, rayonCode);
  return `${nameIn(rayon, c.locale)}, ${nameIn(oblast, c.locale)}`;
}

/** One short block for lists: code and date, rayon, status. */
export function requestListEntry(c: RequestTextContext, r: Pick<RequestView, "code" | "status" | "rayonCode" | "submittedAt">): string {
  return `<b>${escapeHtml(r.code)}</b> · ${formatDate(r.submittedAt, c.locale, c.timeZone)}\n${escapeHtml(rayonName(c, r.rayonCode))}\n${statusWord(c.t, r.status)}`;
}

/** Every field in words, one "<b>Label:</b> value" line each. Erased personal fields say so instead of going blank. */
export function requestFieldLines(c: RequestTextContext, r: RequestView): string[] {
  const { t } = c;
  const line = (labelKey: string, valueHtml: string) => `<b>${t(labelKey)}:</b> ${valueHtml}`;
  const description = r.description !== null ? `<i>${escapeHtml(r.description)}</i>` : r.hasVoice ? t("requests:fields.voice") : t("requests:fields.erased");
  const contact = [r.contactName, r.contactPhone].filter((v): v is string => v !== null && v !== "").map(escapeHtml).join(", ");
  return [
    line("requests:fields.status", statusWord(t, r.status)),
    line("requests:fields.submitted", formatDate(r.submittedAt, c.locale, c.timeZone)),
    line("requests:fields.category", t(`requests:labels.category.${r.category}`)),
    line("requests:fields.description", description),
    line("requests:fields.otherParty", `${t(`requests:labels.otherParty.${r.otherParty}`)} (${t(`requests:labels.awareness.${r.otherPartyAware}`)})`),
    line("requests:fields.inCourt", t(r.inCourt ? "requests:labels.yes" : "requests:labels.no")),
    ...(r.costPreference === "free_only" || r.costPreference === "either" ? [line("requests:fields.cost", t(`requests:labels.cost.${r.costPreference}`))] : []),
    line("requests:fields.place", escapeHtml(placeName(c, r.rayonCode))),
    line("requests:fields.mode", t(`requests:labels.mode.${r.mode}`)),
    line("requests:fields.sessionLanguage", t(`requests:labels.sessionLanguage.${r.sessionLanguage}`)),
    line("requests:fields.contact", contact === "" ? t("requests:fields.erased") : contact),
  ];
}

/**
 * Where the request stands, in a sentence: "Looking for a mediator in Burabay District", "Accepted by
 * Gulnar Seitkyzy (public mediator)". Empty for finished requests, whose status word says it all.
 */
export function liveStatus(c: RequestTextContext, r: { status: string; rayonCode: string; mediator: { fullName: string; kind: string } | null }): string {
  const place = escapeHtml(placeName(c, r.rayonCode));
  if (r.status === "submitted" || r.status === "offered") return c.t("requests:live.searching", { rayon: place, interpolation: { escapeValue: false } });
  if (r.status === "unmatched") return c.t("requests:live.unmatched", { rayon: place, interpolation: { escapeValue: false } });
  if ((r.status === "accepted" || r.status === "scheduled") && r.mediator) {
    const kind = r.mediator.kind === "professional" ? c.t("requests:live.kinds.professional") : c.t("requests:live.kinds.public");
    return c.t("requests:live.accepted", { name: escapeHtml(r.mediator.fullName), kind, interpolation: { escapeValue: false } });
  }
  return "";
}
