// The console's screens as text + keyboard, built from the database. Shared by the features (which show
// them after a tap or a command) and the prompt conversation (which shows them after typed text).
import type { InlineKeyboard } from "grammy";
import type { Locale } from "../../config.js";
import type { Matchmaker } from "../../domain/matchmaker.js";
import type { MediatorCaseRepository } from "../../domain/mediator-case.js";
import type { MediatorRepository, MediatorStatus } from "../../domain/mediator.js";
import type { AuditRepository, OperatorDirectory, OperatorRepository } from "../../domain/operators.js";
import { removable } from "../../domain/operator-team.js";
import type { RegionDirectory } from "../../domain/region-directory.js";
import type { UserRepository } from "../../domain/user.js";
import type { Logger } from "../../logger.js";
import type { ListedStatus } from "../callback-data/operator.js";
import type { I18n, Translate } from "../i18n.js";
import {
  createApplicationsKeyboard, createAuditKeyboard, createBackKeyboard, createMediatorCardKeyboard, createMediatorListKeyboard,
  createOperatorMenuKeyboard, createTeamKeyboard,
} from "../keyboards/operator.js";
import { escapeHtml } from "./escape-html.js";
import { auditEntryText, mediatorCardText, mediatorKindWord, mediatorListEntry, type OperatorTextContext } from "./operator-text.js";
import { splitMessage } from "./split-message.js";

export interface OperatorConsoleDeps {
  mediators: MediatorRepository;
  /** A suspended mediator's open cases, to reassign (matchmaker.reassign). */
  mediatorCases: MediatorCaseRepository;
  matchmaker: Matchmaker;
  audit: AuditRepository;
  users: UserRepository;
  operators: OperatorDirectory;
  operatorRepository: OperatorRepository;
  regions: RegionDirectory;
  i18n: I18n;
  logger: Logger;
  now: () => Date;
  defaultLocale: Locale;
  timeZone: string;
}

/** The operator looking at the console. */
export interface Viewer {
  t: Translate;
  locale: Locale;
  telegramId: bigint;
}

export interface Screen {
  text: string;
  keyboard: InlineKeyboard;
}

/** How many entries a list shows: the oldest applications first, so nobody waits forever at the back. */
export const LIST_LIMIT = 20;
const AUDIT_LIMIT = 20;

const textContext = (deps: OperatorConsoleDeps, v: Viewer): OperatorTextContext => ({ t: v.t, locale: v.locale, regions: deps.regions, timeZone: deps.timeZone });
const withNotice = (notice: string | undefined, text: string) => (notice ? `${notice}\n\n${text}` : text);

export async function renderMenu(deps: OperatorConsoleDeps, v: Viewer): Promise<Screen> {
  const pending = await deps.mediators.listByStatus("pending", LIST_LIMIT + 1);
  const count = pending.length > LIST_LIMIT ? `${LIST_LIMIT}+` : String(pending.length);
  return { text: v.t("operator:menu.text", { count }), keyboard: createOperatorMenuKeyboard(v.t) };
}

export async function renderQueue(deps: OperatorConsoleDeps, v: Viewer): Promise<Screen> {
  const found = await deps.mediators.listByStatus("pending", LIST_LIMIT + 1);
  const shown = found.slice(0, LIST_LIMIT);
  if (shown.length === 0) return { text: v.t("operator:queue.empty"), keyboard: createApplicationsKeyboard(v.t, []) };
  const c = textContext(deps, v);
  const blocks = [v.t("operator:queue.title"), ...shown.map((m, i) => mediatorListEntry(c, m, i + 1))];
  if (found.length > LIST_LIMIT) blocks.push(v.t("operator:list.truncated", { count: LIST_LIMIT }));
  const buttons = shown.map((m, i) => ({ id: m.id, label: `${i + 1}. ${m.fullName} · ${mediatorKindWord(v.t, m.kind)}` }));
  return { text: blocks.join("\n\n"), keyboard: createApplicationsKeyboard(v.t, buttons) };
}

export async function renderMediatorList(deps: OperatorConsoleDeps, v: Viewer, status: ListedStatus): Promise<Screen> {
  const found = await deps.mediators.listByStatus(status, LIST_LIMIT + 1);
  const shown = found.slice(0, LIST_LIMIT);
  const title = v.t(status === "active" ? "operator:mediators.titleActive" : "operator:mediators.titleSuspended");
  const c = textContext(deps, v);
  const blocks = [title, ...(shown.length === 0 ? [v.t("operator:mediators.empty")] : shown.map((m, i) => mediatorListEntry(c, m, i + 1)))];
  if (found.length > LIST_LIMIT) blocks.push(v.t("operator:list.truncated", { count: LIST_LIMIT }));
  const buttons = shown.map((m, i) => ({ id: m.id, label: `${i + 1}. ${m.fullName}${m.paused ? " ⏸" : ""}` }));
  return { text: blocks.join("\n\n"), keyboard: createMediatorListKeyboard(v.t, status, buttons) };
}

/** A mediator in full with the decisions that apply now; "not found" (with a way back) for an unknown id. */
export async function renderCard(deps: OperatorConsoleDeps, v: Viewer, id: number, notice?: string): Promise<Screen> {
  const mediator = await deps.mediators.findById(id);
  if (!mediator) return { text: withNotice(notice, v.t("operator:card.notFound")), keyboard: createBackKeyboard(v.t, { type: "op-queue" }, "operator:buttons.backToApplications") };
  // A mediator who may not work their cases any more (suspended, erased) leaves them to be reassigned.
  const open = mediator.status === "active" ? [] : await deps.mediatorCases.listOpenCodes(id);
  const cases = open.length === 0 ? "" : `\n\n${v.t("operator:reassign.casesTitle", { total: open.length })}\n${open.map((c) => `• <code>${c.code}</code>`).join("\n")}`;
  return { text: withNotice(notice, mediatorCardText(textContext(deps, v), mediator) + cases), keyboard: createMediatorCardKeyboard(v.t, mediator, open) };
}

export async function renderTeam(deps: OperatorConsoleDeps, v: Viewer, notice?: string): Promise<Screen> {
  const ids = await deps.operators.all();
  const people = await Promise.all(ids.map(async (telegramId) => ({ telegramId, user: await deps.users.findByTelegramId(telegramId) })));
  const lines = people.map(({ telegramId, user }) => {
    const name = user && user.firstName !== "" ? escapeHtml(user.firstName) : v.t("operator:team.unknownName");
    const origin = v.t(deps.operators.isConfigured(telegramId) ? "operator:team.originConfigured" : "operator:team.originAdded");
    const you = telegramId === v.telegramId ? ` ${v.t("operator:team.you")}` : "";
    return `• ${name} — <code>${telegramId}</code> · ${origin}${you}`;
  });
  const removableOnes = people
    .filter(({ telegramId }) => removable(deps, v.telegramId, telegramId) === "ok")
    .map(({ telegramId, user }) => ({ telegramId, label: user && user.firstName !== "" ? user.firstName : String(telegramId) }));
  const text = [v.t("operator:team.title"), lines.join("\n"), v.t("operator:team.hint")].join("\n\n");
  return { text: withNotice(notice, text), keyboard: createTeamKeyboard(v.t, removableOnes) };
}

/** The latest entries, newest first, in as few messages as fit. */
export async function renderAudit(deps: OperatorConsoleDeps, v: Viewer): Promise<{ messages: string[]; keyboard: InlineKeyboard }> {
  const entries = await deps.audit.latest(AUDIT_LIMIT);
  const keyboard = createAuditKeyboard(v.t);
  if (entries.length === 0) return { messages: [v.t("operator:audit.empty")], keyboard };
  // Mediators are named in the log; everything else is shown by its id.
  const mediatorIds = [...new Set(entries.filter((e) => e.targetType === "mediator" && /^\d+$/.test(e.targetId)).map((e) => Number(e.targetId)))];
  const names = new Map<string, string>();
  for (const id of mediatorIds) {
    const mediator = await deps.mediators.findById(id);
    if (mediator) names.set(`mediator:${id}`, mediator.fullName);
  }
  const c = textContext(deps, v);
  return { messages: splitMessage([v.t("operator:audit.title", { count: entries.length }), ...entries.map((e) => auditEntryText(c, e, names))]), keyboard };
}

/** For a notice: a status in words, e.g. after "someone has already decided". */
export function statusNotice(v: Viewer, status: MediatorStatus | null): string {
  return status === null ? v.t("operator:card.notFound") : v.t("operator:decided.already", { status: v.t(`operator:status.${status}`) });
}
