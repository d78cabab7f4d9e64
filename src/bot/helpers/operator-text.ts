// How the operator console writes mediators and audit entries. Everything a person typed (names, bios,
// reasons) is escaped here; placeholders passed to t(…) are escaped by i18next itself.
import type { Locale } from "../../config.js";
import type { MediatorProfile, MediatorStatus } from "../../domain/mediator.js";
import { OPERATOR_AUDIT_ACTIONS } from "../../domain/operator-team.js";
import type { AuditEntryView } from "../../domain/operators.js";
import type { Translate } from "../i18n.js";
import { escapeHtml } from "./escape-html.js";
import { formatDate } from "./format-date.js";
import { placeName, rayonName, type RequestTextContext } from "./request-text.js";

export type OperatorTextContext = RequestTextContext;

export function mediatorStatusWord(t: Translate, status: MediatorStatus): string {
  return t(`operator:status.${status}`);
}

export function mediatorKindWord(t: Translate, kind: MediatorProfile["kind"]): string {
  return t(`operator:kinds.${kind}`);
}

/** Every field of an application or profile, one "<b>Label:</b> value" line each. */
export function mediatorCardText(c: OperatorTextContext, m: MediatorProfile): string {
  const { t } = c;
  const line = (labelKey: string, valueHtml: string) => `<b>${t(labelKey)}:</b> ${valueHtml}`;
  const words = (values: readonly string[], family: string) => values.map((v) => t(`${family}.${v}`)).join(", ") || "—";
  const status = mediatorStatusWord(t, m.status) + (m.paused && m.status === "active" ? ` · ${t("operator:card.paused")}` : "");
  const lines = [
    `👤 <b>${escapeHtml(m.fullName)}</b>`,
    line("operator:fields.status", status),
    line("operator:fields.kind", mediatorKindWord(t, m.kind)),
    line("operator:fields.registryNumber", m.registryNumber ? escapeHtml(m.registryNumber) : "—"),
    line("operator:fields.rayons", m.rayonCodes.map((code) => escapeHtml(placeName(c, code))).join("; ") || "—"),
    line("operator:fields.languages", words(m.languages, "requests:labels.sessionLanguage")),
    line("operator:fields.specializations", words(m.specializations, "requests:labels.category")),
    line("operator:fields.modes", words(m.modes, "requests:labels.mode")),
    line("operator:fields.capacity", String(m.maxOpenCases)),
    line("operator:fields.phone", escapeHtml(m.phone)),
    line("operator:fields.bio", m.bio.trim() === "" ? "—" : `<i>${escapeHtml(m.bio)}</i>`),
    line("operator:fields.appliedOn", formatDate(m.createdAt, c.locale, c.timeZone)),
  ];
  if (m.decisionReason && (m.status === "rejected" || m.status === "suspended")) lines.push(line("operator:fields.reason", `<i>${escapeHtml(m.decisionReason)}</i>`));
  return lines.join("\n");
}

/** One short block for lists: name and kind, then up to three rayons. */
export function mediatorListEntry(c: OperatorTextContext, m: MediatorProfile, index: number): string {
  const shown = m.rayonCodes.slice(0, 3).map((code) => escapeHtml(rayonName(c, code)));
  const more = m.rayonCodes.length > 3 ? ` ${c.t("operator:list.more", { count: m.rayonCodes.length - 3 })}` : "";
  const paused = m.paused && m.status === "active" ? ` · ${c.t("operator:card.paused")}` : "";
  return `${index}. <b>${escapeHtml(m.fullName)}</b> · ${mediatorKindWord(c.t, m.kind)}${paused}\n${shown.join(", ") || "—"}${more}`;
}

const INTL_LOCALES: Record<Locale, string> = { kk: "kk-KZ", ru: "ru-RU", en: "en-GB" };

export function formatDateTime(date: Date, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(INTL_LOCALES[locale], { timeZone, day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(date);
}

function reasonOf(details: string | null): string | null {
  if (details === null) return null;
  try {
    const parsed = JSON.parse(details) as unknown;
    const reason = typeof parsed === "object" && parsed !== null ? (parsed as { reason?: unknown }).reason : undefined;
    return typeof reason === "string" && reason !== "" ? reason : null;
  } catch {
    return null;
  }
}

/**
 * One audit entry: when and who, then what in words. `targetNames` gives readable names for targets
 * (mediators by id); actions recorded by other features are shown by their code.
 */
export function auditEntryText(c: OperatorTextContext, entry: AuditEntryView, targetNames: ReadonlyMap<string, string>): string {
  const { t } = c;
  const actor = entry.actor
    ? `${escapeHtml(entry.actor.firstName || "—")} (${entry.actor.telegramId})`
    : t("operator:audit.system");
  const target = `${targetNames.get(`${entry.targetType}:${entry.targetId}`) ?? ""} #${entry.targetId}`.trim();
  const known = (OPERATOR_AUDIT_ACTIONS as readonly string[]).includes(entry.action);
  const what = known ? t(`operator:audit.actions.${entry.action}`, { target }) : `${escapeHtml(entry.action)} · ${escapeHtml(entry.targetType)} ${escapeHtml(target)}`;
  const reason = reasonOf(entry.details);
  const lines = [`🕓 <b>${formatDateTime(entry.createdAt, c.locale, c.timeZone)}</b> · ${actor}`, what];
  if (reason !== null) lines.push(`<i>${escapeHtml(reason)}</i>`);
  return lines.join("\n");
}
