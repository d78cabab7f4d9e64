// Application buttons are "ma:<what>[:<value>]"; reading an update is shared with the other conversations.
import type { Context } from "grammy";
import type { Translate } from "../../i18n.js";
import { buttonData, readConversationInput, type ConversationInput } from "../shared/conversation-input.js";

export type ApplicationInput = ConversationInput;

const VOCABULARY = { prefix: "ma", backKey: "mediator:nav.back", cancelKey: "mediator:nav.cancel" };

export function applicationData(what: string, value?: string | number): string {
  return buttonData(VOCABULARY.prefix, what, value);
}

export function readInput(ctx: Context, t: Translate, questionMessageId: number | undefined): ApplicationInput {
  return readConversationInput(ctx, t, VOCABULARY, questionMessageId);
}
