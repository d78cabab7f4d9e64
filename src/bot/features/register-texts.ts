// How the register import speaks: the preview and its report file, the invitation links file with
// ready SMS/WhatsApp texts, the invitation card, and the register export. Names and values from the file
// are escaped in messages; CSV files carry plain text.
import type { Locale } from "../../config.js";
import { deepLinkUrl } from "../../domain/deep-link.js";
import type { EntryField, ImportPlan } from "../../domain/register-import/import-plan.js";
import { COLUMN_HEADER, REGISTER_COLUMNS, type RegisterColumn, type RowProblem } from "../../domain/register-import/register-file.js";
import { inviteState, type InviteView, type RegisterRow } from "../../domain/register-import/register.js";
import type { RegionDirectory } from "../../domain/region-directory.js";
import { nameIn } from "../../domain/region.js";
import { csvDocument } from "../../domain/statistics.js";
import { escapeHtml } from "../helpers/escape-html.js";
import { formatDate } from "../helpers/format-date.js";
import type { I18n, Translate } from "../i18n.js";

export interface RegisterTextContext {
  t: Translate;
  locale: Locale;
  regions: RegionDirectory;
  timeZone: string;
  /** For the texts sent to the invited person, always in Kazakh and Russian. */
  i18n: I18n;
}

/** How many rejected lines and updates the preview message lists; the report file has them all. */
const LISTED = 15;
const plain = { interpolation: { escapeValue: false } } as const;

const FIELD_KEY: Record<EntryField, string> = {
  fullName: "register:fields.fullName", phone: "register:fields.phone", kind: "register:fields.kind", registryNumber: "register:fields.registryNumber",
  rayonCodes: "register:fields.rayons", languages: "register:fields.languages", specializations: "register:fields.specializations",
  modes: "register:fields.modes", maxOpenCases: "register:fields.maxOpenCases",
};

/** "Abai District (Karaganda Region)": a rayon named so that same-named ones are told apart. */
export function rayonLabel(c: RegisterTextContext, code: string): string {
  const rayon = c.regions.rayon(code);
  if (!rayon) return code;
  const oblast = c.regions.oblast(rayon.oblastCode);
  return oblast && oblast.kind !== "city" ? `${nameIn(rayon, c.locale)} (${nameIn(oblast, c.locale)})` : nameIn(rayon, c.locale);
}

/** One problem of a line, as plain text (callers escape it for messages). */
export function problemText(c: RegisterTextContext, p: RowProblem): string {
  const { t } = c;
  const list = (codes: readonly string[]) => codes.map((code) => rayonLabel(c, code)).join("; ");
  switch (p.code) {
    case "name": return t("register:problem.name", plain);
    case "phone": return t("register:problem.phone", { value: p.value, ...plain });
    case "kind": return t("register:problem.kind", { value: p.value, ...plain });
    case "registryMissing": return t("register:problem.registryMissing", plain);
    case "registry": return t("register:problem.registry", { value: p.value, ...plain });
    case "noRayons": return t("register:problem.noRayons", plain);
    case "rayonUnknown":
      return p.suggestions.length > 0
        ? t("register:problem.rayonSuggest", { value: p.value, suggestions: list(p.suggestions), ...plain })
        : t("register:problem.rayonUnknown", { value: p.value, ...plain });
    case "rayonAmbiguous": return t("register:problem.rayonAmbiguous", { value: p.value, candidates: list(p.candidates), ...plain });
    case "noLanguages": return t("register:problem.noLanguages", plain);
    case "language": return t("register:problem.language", { value: p.value, ...plain });
    case "specialization": return t("register:problem.specialization", { value: p.value, ...plain });
    case "mode": return t("register:problem.mode", { value: p.value, ...plain });
    case "capacity": return t("register:problem.capacity", { value: p.value, ...plain });
    case "duplicateInFile": return t("register:problem.duplicateInFile", { line: p.line, ...plain });
    case "selfRegistered": return t("register:problem.selfRegistered", plain);
    case "conflict": return t("register:problem.conflict", plain);
  }
}

const changesText = (t: Translate, fields: readonly EntryField[]) => fields.map((f) => t(FIELD_KEY[f])).join(", ");

/** The preview: counts, the first rejected lines and updates, and what confirming will do. */
export function previewText(c: RegisterTextContext, fileName: string, plan: ImportPlan): string {
  // Fewer lines when long reasons would pass Telegram's limit; the report file has them all anyway.
  for (let listed = LISTED; ; listed -= 3) {
    const text = previewWith(c, fileName, plan, listed);
    if (text.length <= PREVIEW_LIMIT || listed <= 3) return text;
  }
}

const PREVIEW_LIMIT = 3900;
const LINE_LIMIT = 240;
const clip = (text: string) => (text.length > LINE_LIMIT ? `${text.slice(0, LINE_LIMIT - 1)}…` : text);

function previewWith(c: RegisterTextContext, fileName: string, plan: ImportPlan, listed: number): string {
  const { t } = c;
  const rows = plan.creates.length + plan.updates.length + plan.unchanged.length + plan.rejected.length;
  const parts = [
    t("register:preview.title", { file: fileName }),
    t("register:preview.counts", { rows, created: plan.creates.length, updated: plan.updates.length, unchanged: plan.unchanged.length, rejected: plan.rejected.length }),
  ];
  if (plan.rejected.length > 0) {
    const lines = plan.rejected.slice(0, listed).map((r) => `• ${t("register:preview.line", { line: r.line })}: ${escapeHtml(clip(r.problems.map((p) => problemText(c, p)).join("; ")))}`);
    const more = plan.rejected.length > listed ? [t("register:preview.more", { count: plan.rejected.length - listed })] : [];
    parts.push([t("register:preview.rejectedTitle"), ...lines, ...more].join("\n"));
  }
  if (plan.updates.length > 0) {
    const lines = plan.updates.slice(0, listed).map((u) => `• ${t("register:preview.line", { line: u.line })}, ${escapeHtml(clip(u.entry.fullName))}: ${changesText(t, u.changes)}`);
    const more = plan.updates.length > listed ? [t("register:preview.more", { count: plan.updates.length - listed })] : [];
    parts.push([t("register:preview.updatesTitle"), ...lines, ...more].join("\n"));
  }
  const nothing = plan.creates.length === 0 && plan.updates.length === 0;
  parts.push(t(nothing ? "register:preview.nothingToDo" : "register:preview.confirmHint"));
  return parts.join("\n\n");
}

/** import-report.csv: every line of the file with what the import does with it and why. */
export function reportCsv(c: RegisterTextContext, plan: ImportPlan): string {
  const { t } = c;
  const rows: Array<[number, string, string, string]> = [
    ...plan.creates.map((e) => [e.line, "new", e.entry.fullName, ""] as [number, string, string, string]),
    ...plan.updates.map((u) => [u.line, "update", u.entry.fullName, changesText(t, u.changes)] as [number, string, string, string]),
    ...plan.unchanged.map((u) => [u.line, "unchanged", u.entry.fullName, ""] as [number, string, string, string]),
    ...plan.rejected.map((r) => [r.line, "rejected", "", r.problems.map((p) => problemText(c, p)).join("; ")] as [number, string, string, string]),
  ];
  rows.sort((a, b) => a[0] - b[0]);
  return csvDocument(["line", "result", "full_name", "details"], rows);
}

/** The invited person's texts come in both languages of the country, whatever the operator's language. */
export const INVITE_TEXT_LOCALES = ["kk", "ru"] as const;

export function inviteLink(botUsername: string, code: string): string {
  return deepLinkUrl(botUsername, { kind: "mediator_invite", code });
}

/** The SMS/WhatsApp text for one person, in one language (plain text). */
export function inviteMessage(t: Translate, invite: { fullName: string }, link: string, expires: string): string {
  return t("register:inviteText", { name: invite.fullName, link, date: expires, ...plain });
}

/** invite-links.csv: who, which phone, their link, until when, and the texts to send in Kazakh and Russian. */
export function invitesCsv(c: RegisterTextContext, botUsername: string, invites: readonly InviteView[]): string {
  // An import gives every link the same expiry: format each date once, not hundreds of times.
  const dates = new Map<string, string>();
  const date = (at: Date, locale: Locale) => {
    const key = `${locale}:${at.getTime()}`;
    if (!dates.has(key)) dates.set(key, formatDate(at, locale, c.timeZone));
    return dates.get(key)!;
  };
  return csvDocument(["full_name", "phone", "link", "expires", "sms_kk", "sms_ru", "whatsapp"], invites.map((invite) => {
    const link = inviteLink(botUsername, invite.code);
    const [kk, ru] = INVITE_TEXT_LOCALES.map((locale) => inviteMessage(c.i18n.t(locale), invite, link, date(invite.expiresAt, locale))) as [string, string];
    const whatsapp = `https://wa.me/${invite.phone.replace(/\D/g, "")}?text=${encodeURIComponent(`${kk}\n\n${ru}`)}`;
    return [invite.fullName, invite.phone, link, invite.expiresAt.toISOString().slice(0, 10), kk, ru, whatsapp];
  }));
}

const STATUS_KEY: Record<string, string> = {
  active: "register:rowStatus.active", paused: "register:rowStatus.paused", pending: "register:rowStatus.pending", rejected: "register:rowStatus.rejected",
  suspended: "register:rowStatus.suspended", invited: "register:rowStatus.invited", invite_expired: "register:rowStatus.inviteExpired",
  invite_revoked: "register:rowStatus.inviteRevoked",
};

/**
 * register.csv: the import's columns first (so an edited export can be imported again; rayons as KATO
 * codes, which are never ambiguous), then status, rayon names and the work figures.
 */
export function registerCsv(c: RegisterTextContext, rows: readonly RegisterRow[]): string {
  const header = [...REGISTER_COLUMNS.map((col: RegisterColumn) => COLUMN_HEADER[col]), "status", "status_text", "rayon_names", "open_cases", "acceptance_rate", "avg_response_minutes", "joined"];
  return csvDocument(header, rows.map((r) => [
    r.fullName, r.phone, r.kind, r.registryNumber, r.rayonCodes.map((code) => c.regions.rayon(code)?.kato ?? code).join(";"), r.languages.join(","),
    r.specializations.join(","), r.modes.join(","), r.maxOpenCases, r.status, STATUS_KEY[r.status] ? c.t(STATUS_KEY[r.status]!) : r.status,
    r.rayonCodes.map((code) => rayonLabel(c, code)).join("; "), r.openCases,
    r.acceptanceRate === null ? null : `${Math.round(r.acceptanceRate * 100)}%`, r.averageResponseMinutes, r.joinedAt ? r.joinedAt.toISOString().slice(0, 10) : null,
  ]));
}

const STATE_KEY = { waiting: "register:state.waiting", expired: "register:state.expired", joined: "register:state.joined", revoked: "register:state.revoked" } as const;

/** An invitation as operators see it: who, where, its state, and for a waiting one the link and texts. */
export function inviteCardText(c: RegisterTextContext, invite: InviteView, now: Date, botUsername: string, notice?: string): string {
  const { t } = c;
  const state = inviteState(invite, now);
  const lines = [
    ...(notice ? [notice, ""] : []),
    `<b>${escapeHtml(invite.fullName)}</b>`,
    `${t("mediator:profileFields.phone")}: ${escapeHtml(invite.phone)}`,
    `${t("mediator:profileFields.kind")}: ${t(invite.kind === "professional" ? "register:kind.professional" : "register:kind.public")}${invite.registryNumber ? ` · ${escapeHtml(invite.registryNumber)}` : ""}`,
    `${t("mediator:profileFields.rayons")}: ${escapeHtml(invite.rayonCodes.map((code) => rayonLabel(c, code)).join("; "))}`,
    `${t("register:card.state")}: ${t(STATE_KEY[state])}`,
  ];
  if (state === "joined" && invite.joinedAt) lines.push(t("register:card.joinedOn", { date: formatDate(invite.joinedAt, c.locale, c.timeZone) }));
  if (state === "waiting") {
    const link = inviteLink(botUsername, invite.code);
    const expires = (locale: Locale) => formatDate(invite.expiresAt, locale, c.timeZone);
    lines.push(t("register:card.expiresOn", { date: expires(c.locale) }), "", t("register:card.link"), escapeHtml(link));
    lines.push("", t("register:card.textsTitle"));
    for (const locale of INVITE_TEXT_LOCALES) lines.push(`<code>${escapeHtml(inviteMessage(c.i18n.t(locale), invite, link, expires(locale)))}</code>`);
  }
  return lines.join("\n");
}
