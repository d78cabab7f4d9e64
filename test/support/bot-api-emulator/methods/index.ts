// The method table. Telegram matches method names case-insensitively, so the
// table is keyed by lower-case name. Add a method by adding it to one of the
// group files (or a new one) and listing the group here.
import { botMethods } from "./bot.js";
import type { Handler } from "./common.js";
import { editMethods } from "./edit.js";
import { queryMethods } from "./query.js";
import { sendMethods } from "./send.js";

export type { CallContext, Handler } from "./common.js";

const groups = [botMethods, sendMethods, editMethods, queryMethods];

const table = new Map<string, Handler>(groups.flatMap((g) => Object.entries(g)).map(([name, h]) => [name.toLowerCase(), h]));

export function findMethod(name: string): Handler | undefined {
  return table.get(name.toLowerCase());
}

/** Names of all implemented methods (for docs, the playground, and "unknown method" hints). */
export const methodNames: string[] = groups.flatMap((g) => Object.keys(g)).sort();
