// Intake buttons are "i:<what>[:<value>]"; reading an update is shared with the other conversations.
import type { Context } from "grammy";
import type { Translate } from "../../i18n.js";
import { buttonData, readConversationInput, type ConversationInput } from "../shared/conversation-input.js";

export type IntakeInput = ConversationInput;

const VOCABULARY = { prefix: "i", backKey: "intake:nav.back", cancelKey: "intake:nav.cancel" };

export function intakeData(what: string, value?: string | number): string {
  return buttonData(VOCABULARY.prefix, what, value);
}

export function readInput(ctx: Context, t: Translate, questionMessageId: number | undefined): IntakeInput {
  return readConversationInput(ctx, t, VOCABULARY, questionMessageId);
}
