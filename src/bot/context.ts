import type { ConversationFlavor } from "@grammyjs/conversations";
import type { Context } from "grammy";
import type { Locale } from "../config.js";
import type { UserProfile } from "../domain/user.js";
import type { Translate } from "./i18n.js";

/** What our middleware adds to every update's context. */
export interface KelisimFlavor {
  /** Translate into the person's language (fixed for this update). */
  t: Translate;
  locale: Locale;
  /** The person who sent the update, when it came from a person. */
  user: UserProfile | undefined;
  /** True on the very first update we ever got from this person. */
  isNewUser: boolean;
}

/** The outside context: ours plus ctx.conversation (enter/exit conversations). */
export type BotContext = ConversationFlavor<Context & KelisimFlavor>;
