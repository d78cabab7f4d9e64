// Shared by the register import and join-link flow tests: the clock, the operator, and waiting for the
// bot's replies that mix documents and text.
import type { ChatMessage, EmulatedUser } from "./bot-api-emulator/types.js";
import { parseCsv } from "./csv.js";

export const NOW = new Date("2026-03-14T06:00:00.000Z");
export const OPERATOR = 7001;
/** The operators' daily digest would land in the operator's chat mid-test: it is due only at the end of the day. */
export const QUIET_DIGEST = "23:59";

/** The bot's new messages until `count` of them have arrived (documents may come a moment after the text; edits are left out). */
export async function until(user: EmulatedUser, count: number): Promise<ChatMessage[]> {
  const seen: ChatMessage[] = [];
  for (let i = 0; i < 20 && seen.length < count; i++) seen.push(...(await user.waitForReply({ timeoutMs: 30_000 })).filter((m) => !m.edited));
  return seen;
}

/** Waits until the bot has sent both a document and a text message (in either order, edits left out). */
export async function documentAndText(user: EmulatedUser): Promise<[ChatMessage, ChatMessage]> {
  const seen: ChatMessage[] = [];
  const doc = () => seen.find((m) => m.kind === "document");
  const text = () => seen.find((m) => m.kind === "text");
  for (let i = 0; i < 20 && !(doc() && text()); i++) seen.push(...(await user.waitForReply({ timeoutMs: 30_000 })).filter((m) => !m.edited));
  return [doc()!, text()!];
}

export const csvOf = (message: ChatMessage | undefined) => parseCsv(message!.document!.content!.toString("utf8"));
