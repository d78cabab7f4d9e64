// The "/" command menu, one per role, described in each language from the catalogues — the single mechanism
// behind every menu the bot registers:
// - default scope (everyone's menu until a chat gets its own): the citizen's short list, per language_code
//   (kk, ru, en) and without one in the default language;
// - chat scope, for the people whose menu differs from that: active mediators (the citizen's list plus
//   their work), operators (the console first), and anyone who picked a language (the menu follows the
//   choice, not the phone). refreshCommandMenu recomputes a person's chat menu whenever their role or
//   language changes; at start-up the chats that may be stale (operators, active mediators, people who
//   picked a language) are refreshed when the menus themselves changed since the last start.
// Failures are logged as warnings and never stop anything: the commands still work when typed.
import { createHash } from "node:crypto";
import type { Api } from "grammy";
import type { BotCommand } from "grammy/types";
import { SUPPORTED_LOCALES, type Locale } from "../config.js";
import { isLocale, recipientLocale } from "../domain/locale.js";
import type { MediatorRepository } from "../domain/mediator.js";
import type { OperatorDirectory } from "../domain/operators.js";
import type { UserRepository } from "../domain/user.js";
import type { Logger } from "../logger.js";
import type { I18n, Translate } from "./i18n.js";
import { OPERATOR_COMMANDS, operatorCommandsFor } from "./operator-commands.js";

/** What everybody sees: short, for a villager's phone. /start and /claim are in /help only. */
export const CITIZEN_MENU = ["request", "myrequests", "about", "language", "mydata", "deletedata", "help"] as const;
/** Added for an active mediator (paused too: /resume is theirs). */
export const MEDIATOR_MENU = ["cases", "mediator", "pause", "resume", "assist"] as const;
/** Every command described in common:commands. */
export const COMMANDS = [...CITIZEN_MENU, ...MEDIATOR_MENU, "start", "claim"] as const;
type Command = (typeof COMMANDS)[number];
type MaybePromise<T> = T | Promise<T>;

export interface MenuRole {
  mediator: boolean;
  operator: boolean;
}
export const CITIZEN_ROLE: MenuRole = { mediator: false, operator: false };

export function commandsFor(t: Translate, role: MenuRole = CITIZEN_ROLE): BotCommand[] {
  const own = [...CITIZEN_MENU, ...(role.mediator ? MEDIATOR_MENU : [])].map((command) => ({ command, description: t(`commands.${command}`) }));
  if (!role.operator) return own;
  const console = operatorCommandsFor(t);
  return [...console, ...own.filter((c) => !console.some((o) => o.command === c.command))];
}

// Written out so that the catalogue test sees every key in use.
const HELP_LINES: Record<Command, string> = {
  start: "help.lines.start", request: "help.lines.request", myrequests: "help.lines.myrequests", about: "help.lines.about",
  language: "help.lines.language", mydata: "help.lines.mydata", deletedata: "help.lines.deletedata", mediator: "help.lines.mediator",
  claim: "help.lines.claim", help: "help.lines.help", cases: "help.lines.cases", pause: "help.lines.pause", resume: "help.lines.resume",
  assist: "help.lines.assist",
};
const CITIZEN_HELP: readonly Command[] = ["start", "request", "myrequests", "about", "language", "mydata", "deletedata", "mediator", "claim", "help"];
const MEDIATOR_HELP: readonly Command[] = ["cases", "pause", "resume", "assist"];

/** /help: the commands of the person's role, and nobody else's. */
export function helpText(t: Translate, role: MenuRole): string {
  const lines = (commands: readonly Command[]) => commands.map((c) => `/${c} — ${t(HELP_LINES[c])}`);
  const parts = [t("help.intro"), "", t("help.commandsTitle"), ...lines(CITIZEN_HELP)];
  if (role.mediator) parts.push("", t("help.mediatorTitle"), ...lines(MEDIATOR_HELP));
  if (role.operator) parts.push("", t("help.operatorHint"), ...OPERATOR_COMMANDS.map((c) => `/${c} — ${t(`operator:commands.${c}`)}`));
  parts.push("", t("help.safety"));
  return parts.join("\n");
}

export interface MenuDeps {
  i18n: I18n;
  users: Pick<UserRepository, "findByTelegramId">;
  mediators: Pick<MediatorRepository, "findByUserId">;
  operators: Pick<OperatorDirectory, "isOperator">;
  defaultLocale: Locale;
  logger: Logger;
}

/** An operator (configured or added) and/or an active mediator (paused or not); anyone else is a citizen. */
export async function menuRoleOf(deps: Pick<MenuDeps, "mediators" | "operators">, telegramId: bigint, userId: number | null): Promise<MenuRole> {
  const [operator, mediator] = await Promise.all([
    deps.operators.isOperator(telegramId),
    userId === null ? null : deps.mediators.findByUserId(userId),
  ]);
  return { operator, mediator: mediator?.status === "active" };
}

/**
 * Sets a person's own "/" menu from who they are now, in their language (recipientLocale). A citizen who
 * never picked a language gets no chat menu: the default scope already speaks their Telegram language.
 */
export async function refreshCommandMenu(api: Api, deps: MenuDeps, telegramId: bigint): Promise<void> {
  const scope = { type: "chat" as const, chat_id: Number(telegramId) };
  try {
    const user = await deps.users.findByTelegramId(telegramId);
    const role = await menuRoleOf(deps, telegramId, user?.id ?? null);
    if (!role.operator && !role.mediator && !isLocale(user?.locale)) await api.deleteMyCommands({ scope });
    else await api.setMyCommands(commandsFor(deps.i18n.t(recipientLocale(user, deps.defaultLocale)), role), { scope });
  } catch (error) {
    deps.logger.warn({ err: (error as Error).message }, "could not update a chat's command menu; it may be out of date");
  }
}

export interface StartupMenuDeps extends MenuDeps {
  users: Pick<UserRepository, "findByTelegramId" | "chatsWithChosenLanguage">;
  mediators: Pick<MediatorRepository, "findByUserId" | "listByStatus">;
  operators: Pick<OperatorDirectory, "isOperator" | "all">;
  /** Remembers which menus were registered last (a StorageEntry row), so unchanged menus are not re-sent to every chat. */
  store?: { read(key: string): MaybePromise<string | undefined>; write(key: string, value: string): MaybePromise<void> };
}

/** At most this many active mediators, and as many people who picked a language, get their chat menu refreshed at one start-up. */
const STARTUP_REFRESH_LIMIT = 5_000;

/** Every menu in every language, hashed: a change of commands or descriptions changes it. */
export function menusFingerprint(i18n: I18n): string {
  const roles: MenuRole[] = [CITIZEN_ROLE, { mediator: true, operator: false }, { mediator: false, operator: true }, { mediator: true, operator: true }];
  const all = SUPPORTED_LOCALES.map((locale) => roles.map((role) => commandsFor(i18n.t(locale), role)));
  return createHash("sha256").update(JSON.stringify(all)).digest("hex").slice(0, 16);
}

/**
 * At start-up: the default menus (the first call is the default scope without a language), then, when the
 * menus changed since the last start, the chat menus of operators, active mediators and people who picked a
 * language (one call each, one after another, in the background).
 */
export async function registerCommands(api: Api, deps: StartupMenuDeps): Promise<void> {
  const citizen = (locale: Locale) => commandsFor(deps.i18n.t(locale));
  try {
    await api.setMyCommands(citizen(deps.defaultLocale));
    for (const locale of SUPPORTED_LOCALES) await api.setMyCommands(citizen(locale), { language_code: locale });
  } catch (error) {
    deps.logger.warn({ err: (error as Error).message }, "setMyCommands failed; the command menu may be out of date");
    return;
  }
  try {
    const fingerprint = menusFingerprint(deps.i18n);
    if (deps.store && (await deps.store.read("fingerprint")) === fingerprint) return;
    const mediators = await deps.mediators.listByStatus("active", STARTUP_REFRESH_LIMIT);
    const chose = await deps.users.chatsWithChosenLanguage(STARTUP_REFRESH_LIMIT);
    const chats = [...new Set([...(await deps.operators.all()), ...mediators.map((m) => m.telegramId), ...chose])];
    for (const telegramId of chats) await refreshCommandMenu(api, deps, telegramId);
    await deps.store?.write("fingerprint", fingerprint);
    deps.logger.info({ chats: chats.length }, "chat command menus refreshed (operators, mediators, people who picked a language)");
  } catch (error) {
    deps.logger.warn({ err: (error as Error).message }, "could not refresh the command menus of operators and mediators");
  }
}
