// Bot-level methods: identity, commands, profile texts, menu button, and how
// updates are received (getUpdates / webhook).
import type { BotCommand, BotCommandScope } from "grammy/types";
import type { EmulatorCore } from "../core.js";
import { badRequest } from "../errors.js";
import { canonical } from "../markup.js";
import { optBool, optJson, optNum, optStr, type Params } from "../params.js";
import type { Handler } from "./common.js";

// --- commands -----------------------------------------------------------------

/** Storage key: commands are kept per scope and language, like on Telegram. */
export function commandsKey(scope: BotCommandScope | undefined, languageCode: string | undefined): string {
  return `${canonical(scope ?? { type: "default" })}|${languageCode ?? ""}`;
}

function commandsTarget(p: Params): string {
  const scope = optJson<BotCommandScope>(p, "scope", () => badRequest("can't parse BotCommandScope JSON object"));
  const lang = optStr(p, "language_code") ?? "";
  if (lang !== "" && !/^[a-z]{2}$/.test(lang)) throw badRequest("invalid language code specified");
  return commandsKey(scope, lang);
}

const setMyCommands: Handler = (core, p) => {
  const commands = optJson<BotCommand[]>(p, "commands", () => badRequest("can't parse commands JSON object"));
  if (!Array.isArray(commands)) throw badRequest("parameter \"commands\" is required");
  if (commands.length > 100) throw badRequest("too many commands specified");
  for (const c of commands) {
    if (typeof c.command !== "string" || !/^[a-z0-9_]{1,32}$/.test(c.command)) throw badRequest("BOT_COMMAND_INVALID");
    if (typeof c.description !== "string" || c.description.length < 1 || c.description.length > 256) {
      throw badRequest("BOT_COMMAND_DESCRIPTION_INVALID");
    }
  }
  core.commands.set(commandsTarget(p), commands.map(({ command, description }) => ({ command, description })));
  return true;
};

const getMyCommands: Handler = (core, p) => core.commands.get(commandsTarget(p)) ?? [];

const deleteMyCommands: Handler = (core, p) => {
  core.commands.delete(commandsTarget(p));
  return true;
};

// --- profile texts (stored per language, echoed by the getters) ---------------------

function profileText(field: string, max: number): [Handler, Handler] {
  const key = (p: Params): string => `${field}|${optStr(p, "language_code") ?? ""}`;
  const set: Handler = (core, p) => {
    const value = optStr(p, field) ?? "";
    if (value.length > max) throw badRequest(`${field} is too long`);
    core.settings.set(key(p), value);
    return true;
  };
  const get: Handler = (core, p) => ({ [field]: (core.settings.get(key(p)) as string | undefined) ?? "" });
  return [set, get];
}

const [setMyName, getMyName] = profileText("name", 64);
const [setMyDescription, getMyDescription] = profileText("description", 512);
const [setMyShortDescription, getMyShortDescription] = profileText("short_description", 120);

// --- menu button ------------------------------------------------------------------

function menuKey(core: EmulatorCore, p: Params): string {
  const chatId = optNum(p, "chat_id");
  if (chatId !== undefined) core.chats.forBot(chatId, { allowBlocked: true });
  return `menu_button|${chatId ?? "default"}`;
}

const setChatMenuButton: Handler = (core, p) => {
  const button = optJson<{ type: string }>(p, "menu_button", () => badRequest("can't parse menu button JSON object"));
  core.settings.set(menuKey(core, p), button ?? { type: "default" });
  return true;
};

const getChatMenuButton: Handler = (core, p) =>
  core.settings.get(menuKey(core, p)) ?? core.settings.get("menu_button|default") ?? { type: "commands" };

// --- receiving updates -------------------------------------------------------------

const getUpdates: Handler = (core, p, ctx) =>
  core.updates.getUpdates(
    {
      ...(optNum(p, "offset") !== undefined ? { offset: optNum(p, "offset")! } : {}),
      ...(optNum(p, "limit") !== undefined ? { limit: optNum(p, "limit")! } : {}),
      ...(optNum(p, "timeout") !== undefined ? { timeout: optNum(p, "timeout")! } : {}),
    },
    ctx.onAbort,
  );

const setWebhook: Handler = (core, p) => {
  const url = optStr(p, "url") ?? "";
  if (optBool(p, "drop_pending_updates")) core.updates.dropPending();
  if (url === "") {
    core.updates.webhook.delete();
    return true;
  }
  if (!/^https?:\/\/[^\s/]+/i.test(url)) throw badRequest("bad webhook: An HTTPS URL must be provided for webhook");
  const secret = optStr(p, "secret_token");
  if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) throw badRequest("bad webhook: secret token contains unallowed characters");
  // A poll still waiting would never be answered otherwise.
  core.updates.endLongPoll();
  const maxConnections = optNum(p, "max_connections");
  core.updates.webhook.set(url, {
    ...(secret !== undefined ? { secretToken: secret } : {}),
    ...(maxConnections !== undefined ? { maxConnections } : {}),
  });
  return true;
};

const deleteWebhook: Handler = (core, p) => {
  if (optBool(p, "drop_pending_updates")) core.updates.dropPending();
  core.updates.webhook.delete();
  return true;
};

export const botMethods: Record<string, Handler> = {
  getMe: (core) => core.botInfo,
  logOut: () => true,
  close: () => true,
  setMyCommands,
  getMyCommands,
  deleteMyCommands,
  setMyName,
  getMyName,
  setMyDescription,
  getMyDescription,
  setMyShortDescription,
  getMyShortDescription,
  setChatMenuButton,
  getChatMenuButton,
  getUpdates,
  setWebhook,
  deleteWebhook,
  getWebhookInfo: (core) => core.updates.webhook.info(),
};
