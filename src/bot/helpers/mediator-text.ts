// How a mediator's profile reads in a message: shared by the application's summary card and the
// /mediator profile screen, so both describe it in the same words.
import type { Locale } from "../../config.js";
import type { MediatorCase } from "../../domain/mediator-case.js";
import type { ApplicationDraft } from "../../domain/mediator-application.js";
import type { RegionDirectory } from "../../domain/region-directory.js";
import { nameIn } from "../../domain/region.js";
import type { Translate } from "../i18n.js";
import { escapeHtml } from "./escape-html.js";
import { isOtherPartyStatus } from "../../domain/invitations.js";

export interface MediatorTextContext {
  t: Translate;
  locale: Locale;
  regions: RegionDirectory;
}

/** Lines of a profile, in this order; labels are mediator:profileFields.<field>. */
export const PROFILE_FIELDS = ["fullName", "kind", "registry", "rayons", "languages", "specializations", "modes", "maxOpenCases", "phone", "bio"] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

const BIO_PREVIEW = 300;

/** "Akmola Region: Burabay District, Zerendi District" per oblast, one oblast per line; escaped HTML. */
export function rayonsText({ locale, regions }: MediatorTextContext, rayonCodes: readonly string[]): string {
  const byOblast = new Map<string, string[]>();
  for (const code of rayonCodes) {
    const rayon = regions.rayon(code);
    const oblastCode = rayon?.oblastCode ?? "";
    byOblast.set(oblastCode, [...(byOblast.get(oblastCode) ?? []), rayon ? nameIn(rayon, locale) : code]);
  }
  return [...byOblast]
    .map(([oblastCode, names]) => {
      const oblast = regions.oblast(oblastCode);
      // A city of republican significance is its own oblast: name it once.
      if (oblast?.kind === "city" || !oblast) return escapeHtml(names.join(", "));
      return escapeHtml(`${nameIn(oblast, locale)}: ${names.join(", ")}`);
    })
    .join("\n");
}

/** Every answer as "<b>Label:</b> value"; what the person typed is escaped. Unanswered fields show "—". */
export function profileLines(c: MediatorTextContext, d: ApplicationDraft): string[] {
  const { t } = c;
  const list = (values: readonly string[], prefix: string) => (values.length ? values.map((v) => t(`${prefix}.${v}`)).join(", ") : "—");
  const bio = d.bio ? `<i>${escapeHtml(d.bio.length > BIO_PREVIEW ? `${d.bio.slice(0, BIO_PREVIEW)}…` : d.bio)}</i>` : "—";
  const values: Record<ProfileField, string | undefined> = {
    fullName: d.fullName ? escapeHtml(d.fullName) : "—",
    kind: d.kind ? t(`mediator:kind.words.${d.kind}`) : "—",
    // Only professionals have a register number.
    registry: d.kind === "professional" ? (d.registryNumber ? escapeHtml(d.registryNumber) : "—") : undefined,
    rayons: d.rayonCodes.length ? `\n${rayonsText(c, d.rayonCodes)}` : "—",
    languages: list(d.languages, "intake:sessionLanguage.names"),
    specializations: list(d.specializations, "requests:labels.category"),
    modes: list(d.modes, "requests:labels.mode"),
    maxOpenCases: d.maxOpenCases === undefined ? "—" : String(d.maxOpenCases),
    phone: d.phone ?? "—",
    bio,
  };
  // A multi-line value (the rayons) starts on its own line.
  return PROFILE_FIELDS.flatMap((f) => {
    const value = values[f];
    return value === undefined ? [] : [`<b>${t(`mediator:profileFields.${f}`)}:</b>${value.startsWith("\n") ? "" : " "}${value}`];
  });
}

/** What the profile screen says about the status; an active but paused mediator reads "paused". */
export function profileState(profile: { status: string; paused: boolean }): string {
  return profile.status === "active" && profile.paused ? "paused" : profile.status;
}

/** The /mediator screen: status, every field, and what the status means for the person. */
export function profileScreenText(c: MediatorTextContext, profile: ApplicationDraft & { status: string; paused: boolean; decisionReason: string | null }): string {
  const { t } = c;
  const state = profileState(profile);
  const reason = state === "rejected" && profile.decisionReason ? [`<b>${t("mediator:profile.reason")}:</b> ${escapeHtml(profile.decisionReason)}`] : [];
  return [
    t("mediator:profile.title"),
    `<b>${t("mediator:profile.statusLabel")}:</b> ${t(`mediator:profile.status.${state}`)}`,
    ...reason,
    "",
    ...profileLines(c, profile),
    "",
    t(`mediator:profile.hint.${state}`),
  ].join("\n");
}

/** One block per open case: code and status, dispute and place, the citizen's name and phone. */
export function caseBlock(c: MediatorTextContext, item: MediatorCase): string {
  const { t } = c;
  const rayon = c.regions.rayon(item.rayonCode);
  const oblast = rayon ? c.regions.oblast(rayon.oblastCode) : undefined;
  const place = rayon ? (oblast && oblast.kind !== "city" ? `${nameIn(rayon, c.locale)}, ${nameIn(oblast, c.locale)}` : nameIn(rayon, c.locale)) : item.rayonCode;
  const erased = t("requests:fields.erased");
  return [
    `<b>${escapeHtml(item.code)}</b> · ${t(`mediator:cases.status.${item.status}`)}`,
    ...(item.followUpOfCode ? [t("followup:followUp.caseMark", { code: item.followUpOfCode })] : []),
    `${t(`requests:labels.category.${item.category}`)} · ${escapeHtml(place)}`,
    `👤 ${item.citizenName ? escapeHtml(item.citizenName) : erased} · 📱 ${item.citizenPhone ? escapeHtml(item.citizenPhone) : erased}`,
    ...(isOtherPartyStatus(item.otherPartyStatus) ? [`👥 ${t("invitations:statusLabel")}: ${t(`invitations:status.${item.otherPartyStatus}`)}`] : []),
  ].join("\n");
}
