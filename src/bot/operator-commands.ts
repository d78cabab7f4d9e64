// The operator console's commands. They reach only operators' own "/" menus: commands.ts registers a
// chat-scoped menu (scope "chat") for each operator, so nobody else's menu ever shows them.
import type { BotCommand } from "grammy/types";
import type { Translate } from "./i18n.js";

export const OPERATOR_COMMANDS = ["operator", "applications", "mediators", "broadcast", "stats", "case", "poster", "assist", "register", "operators", "audit"] as const;

export function operatorCommandsFor(t: Translate): BotCommand[] {
  return OPERATOR_COMMANDS.map((command) => ({ command, description: t(`operator:commands.${command}`) }));
}
