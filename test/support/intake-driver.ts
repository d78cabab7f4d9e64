// Drives the intake as a person would, reading button labels from the catalogues so that the same
// script runs in every language.
import { readCatalogues } from "../../src/bot/i18n.js";
import type { Locale } from "../../src/config.js";
import type { ChatMessage, EmulatedUser } from "./bot-api-emulator/types.js";

const catalogues = readCatalogues();

/** A catalogue string by "namespace:dotted.path" in a language (no interpolation). */
export function label(locale: Locale, key: string): string {
  const [ns, path] = key.includes(":") ? key.split(":") as [string, string] : ["common", key];
  let node: unknown = catalogues[locale][ns];
  for (const part of path.split(".")) node = (node as Record<string, unknown>)?.[part];
  if (typeof node !== "string") throw new Error(`No catalogue string ${key} in ${locale}`);
  return node;
}

/** The text a template starts with, before its first placeholder or tag — for "is this that message?" checks. */
export function opening(locale: Locale, key: string): string {
  return label(locale, key).split(/\{\{|<|\n/)[0]!.trim();
}

export interface IntakeScript {
  description: { text: string } | { voiceSeconds: number };
  place: { oblast: string; rayon: RegExp } | { location: { latitude: number; longitude: number } };
  phone: { typed: string } | { contact: true };
  /** The cost question: "free only" (the default) or "either" (public first, a professional if none). */
  cost?: "free_only" | "either";
  /** Whether the matter is already in court (default no). */
  inCourt?: boolean;
}

/** Something the person can answer: the newest bot message carries buttons (inline or reply keyboard). */
function asking(user: EmulatedUser): boolean {
  const last = user.lastBotMessage();
  return !!last && (last.inlineButtons.flat().length > 0 || (last.replyMarkup !== undefined && "keyboard" in last.replyMarkup));
}

/**
 * Acts, then collects what the bot says until it is asking something again. A slow machine can pause
 * between two messages of one answer (a hint, then the question) longer than the emulator's quiet time.
 */
export async function act(user: EmulatedUser, action: () => Promise<void>): Promise<ChatMessage[]> {
  await action();
  const replies = await user.waitForReply();
  const deadline = Date.now() + 1500;
  while (!asking(user) && Date.now() < deadline) {
    replies.push(...(await user.waitForReply({ timeoutMs: Math.max(1, deadline - Date.now()) }).catch(() => [])));
  }
  return replies;
}

/** Taps `pattern` on the current question, turning list pages until it is visible. */
export async function tapInList(user: EmulatedUser, pattern: string | RegExp, next: string): Promise<void> {
  // The list can come a moment after a reply-keyboard hint (which already counts as "asking"): wait for it.
  const deadline = Date.now() + 3000;
  while ((user.lastBotMessage()?.inlineButtons.flat().length ?? 0) === 0 && Date.now() < deadline) {
    await user.waitForReply({ timeoutMs: Math.max(1, deadline - Date.now()) }).catch(() => []);
  }
  for (let page = 0; page < 5; page++) {
    const buttons = user.lastBotMessage()?.inlineButtons.flat() ?? [];
    if (buttons.some((b) => (typeof pattern === "string" ? b === pattern : pattern.test(b)))) return act(user, () => user.tap(pattern)).then(() => undefined);
    await act(user, () => user.tap(next));
  }
  throw new Error(`No button ${String(pattern)} on any page`);
}

/** From the main menu to the summary card. */
export async function fillIntake(user: EmulatedUser, locale: Locale, script: IntakeScript): Promise<void> {
  const L = (key: string) => label(locale, key);
  await act(user, () => user.tap(L("menu.request")));
  await act(user, () => user.tap(L("intake:consent.agree")));
  await act(user, () => user.tap(L("intake:category.names.neighbours")));
  if ("text" in script.description) await act(user, () => user.sendText((script.description as { text: string }).text));
  else await act(user, () => user.sendVoice((script.description as { voiceSeconds: number }).voiceSeconds));
  await act(user, () => user.tap(L("intake:otherParty.names.neighbour")));
  await act(user, () => user.tap(L("intake:awareness.names.knows")));
  await act(user, () => user.tap(L(script.inCourt ? "intake:inCourt.yes" : "intake:inCourt.no")));
  await act(user, () => user.tap(L(`intake:cost.names.${script.cost ?? "free_only"}`)));
  if ("location" in script.place) {
    const { latitude, longitude } = script.place.location;
    await act(user, () => user.sendLocation(latitude, longitude));
    await act(user, () => user.tap(L("intake:place.locationYes")));
  } else {
    await tapInList(user, script.place.oblast, L("intake:place.nextPage"));
    await tapInList(user, script.place.rayon, L("intake:place.nextPage"));
  }
  await act(user, () => user.tap(L("intake:mode.names.in_person")));
  await act(user, () => user.tap(L("intake:sessionLanguage.names.kk")));
  await act(user, () => user.sendText("Айгүл Серікқызы"));
  if ("contact" in script.phone) await act(user, () => user.pressReplyButton(L("intake:phone.shareButton")));
  else await act(user, () => user.sendText((script.phone as { typed: string }).typed));
}
