// Input a step does not take (a sticker, text where a tap is needed, an old button, a text over the step's
// maximum) is answered and then dropped from the conversation's replay log with `conversation.skip()`: the
// plugin rewinds the log to before that update, so the hint and the repeated question go out once and are
// not recorded. Otherwise every rejected message would stay in the log, which is parsed, replayed and
// rewritten on every later update (security review R1): a person could grow it without bound.
//
// Because the repeated question is not recorded, its message id is unknown to the conversation; taps are
// therefore accepted from the recorded question and from any later message (see isCurrentQuestion).

/** The part of a conversation handle this needs (the plugin's `skip`, which never returns). */
export interface Skippable {
  skip(options?: { next?: boolean }): Promise<never>;
}

/** Sends the answer to rejected input, then drops the update from the replay log (never returns). */
export async function rejectInput(conversation: Skippable, answer: () => Promise<unknown>): Promise<never> {
  await answer();
  return await conversation.skip({ next: false });
}

/**
 * True when a tap on messageId answers the question recorded as questionId: the question itself, or a
 * later copy of it sent while rejecting input (message ids in a chat only grow, and every new step records
 * its own question, so an older message is always an old step's keyboard).
 */
export function isCurrentQuestion(messageId: number | undefined, questionId: number | undefined): boolean {
  return messageId !== undefined && questionId !== undefined && messageId >= questionId;
}

/**
 * After an accepted tap on a repeat of the question, that message becomes the question (edits go to the
 * message the person is looking at) and the older copy loses its buttons. Returns the question's id.
 */
export async function adoptTappedQuestion(ctx: { callbackQuery?: { message?: { message_id: number; chat: { id: number } } }; api: { editMessageReplyMarkup(chatId: number, messageId: number): Promise<unknown> } }, questionId: number | undefined): Promise<number | undefined> {
  const message = ctx.callbackQuery?.message;
  if (!message || questionId === undefined || message.message_id === questionId) return questionId;
  await ctx.api.editMessageReplyMarkup(message.chat.id, questionId).catch(() => undefined);
  return message.message_id;
}
