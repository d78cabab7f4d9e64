// Operators' commands in the "/" menu: the citizen commands plus the console's, registered for each
// operator's own chat (scope "chat"), so nobody else's menu ever shows them.
import type { Api } from "grammy";
import type { BotCommand } from "grammy/types";
import type { Logger } from "../logger.js";
import { commandsFor } from "./commands.js";
import type { Translate } from "./i18n.js";

export const OPERATOR_COMMANDS = ["operator", "applications", "mediators", "broadcast", "stats", "case", "poster", "assist", "register", "operators", "audit"] as const;

export function operatorCommandsFor(t: Translate): BotCommand[] {
  return [...OPERATOR_COMMANDS.map((command) => ({ command, description: t(`operator:commands.${command}`) })), ...commandsFor(t)];
}

/** Failures (a person who never started the bot) only cost the menu entries; the commands still work when typed. */
export async function showOperatorCommands(api: Api, telegramId: bigint, t: Translate, logger: Logger): Promise<void> {
  await api.setMyCommands(operatorCommandsFor(t), { scope: { type: "chat", chat_id: Number(telegramId) } })
    .catch((error: Error) => logger.warn({ err: error.message }, "setMyCommands for an operator failed"));
}

export async function hideOperatorCommands(api: Api, telegramId: bigint, logger: Logger): Promise<void> {
  await api.deleteMyCommands({ scope: { type: "chat", chat_id: Number(telegramId) } })
    .catch((error: Error) => logger.warn({ err: error.message }, "deleteMyCommands for a former operator failed"));
}
