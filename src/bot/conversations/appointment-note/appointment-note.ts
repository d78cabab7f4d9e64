// A few words after a button: the comment that may follow a rating, or the reason for cancelling a
// meeting when none of the offered reasons fits. A conversation so that the waiting survives a restart;
// anything else the person does (another button, a command) closes the question and is handled as usual.
import type { Conversation } from "@grammyjs/conversations";
import { InlineKeyboard, type Context } from "grammy";
import { NOTE_MAX_LENGTH } from "../../../domain/appointments.js";
import type { BotContext } from "../../context.js";
import { carryOutCancel, refusalKey, type AppointmentActionDeps } from "../../helpers/appointment-actions.js";
import type { I18n } from "../../i18n.js";
import { buttonData } from "../shared/conversation-input.js";
import { rejectInput } from "../shared/reject-input.js";

export const APPOINTMENT_NOTE_CONVERSATION = "appointment-note";

export type NoteTask = { kind: "comment" | "cancel-reason"; appointmentId: number };

const HTML = { parse_mode: "HTML" as const };
const P = "an";

function parseTask(raw: unknown): NoteTask | null {
  const task = raw as Partial<{ kind: unknown; appointmentId: unknown }> | null;
  if ((task?.kind === "comment" || task?.kind === "cancel-reason") && Number.isSafeInteger(task.appointmentId)) return { kind: task.kind, appointmentId: task.appointmentId as number };
  return null;
}

export function createAppointmentNoteConversation(deps: AppointmentActionDeps & { i18n: I18n }) {
  return async function appointmentNote(conversation: Conversation<BotContext, Context>, ctx: Context, raw: unknown): Promise<void> {
    const task = parseTask(raw);
    const who = await conversation.external((outer) => ({ locale: outer.locale, userId: outer.user?.id ?? null }));
    if (!task || who.userId === null) return;
    const userId = who.userId;
    const t = deps.i18n.t(who.locale);
    const comment = task.kind === "comment";
    const prompt = await ctx.reply(t(comment ? "appointments:rating.askComment" : "appointments:cancel.askOther", { max: NOTE_MAX_LENGTH }), {
      ...HTML, reply_markup: new InlineKeyboard().text(t(comment ? "appointments:rating.skip" : "appointments:cancel.keep"), buttonData(P, "skip")),
    });
    const dropButtons = (c: Context) => c.api.editMessageReplyMarkup(prompt.chat.id, prompt.message_id).catch(() => undefined);

    for (;;) {
      const current = await conversation.wait();
      const data = current.callbackQuery?.data;
      const text = current.message?.text?.trim();
      if ((data !== undefined && data !== buttonData(P, "skip")) || text?.startsWith("/")) {
        await dropButtons(current);
        return await conversation.halt({ next: true });
      }
      if (data !== undefined) {
        await current.answerCallbackQuery().catch(() => undefined);
        await dropButtons(current);
        await current.reply(t(comment ? "appointments:rating.thanks" : "appointments:cancel.kept"), HTML);
        return;
      }
      // Rejected input is answered and not recorded (shared/reject-input.ts).
      if (!text) return await rejectInput(conversation, () => current.reply(t("appointments:note.textOnly"), HTML));
      if ([...text].length > NOTE_MAX_LENGTH) return await rejectInput(conversation, () => current.reply(t("appointments:note.tooLong", { max: NOTE_MAX_LENGTH }), HTML));
      const reply = await conversation.external(async (outer) => {
        if (!comment) return carryOutCancel(outer.api, deps, t, task.appointmentId, userId, text);
        const saved = await deps.appointments.addRatingComment(task.appointmentId, userId, text, deps.now());
        return t(saved.ok ? "appointments:rating.thanks" : refusalKey(saved.reason));
      });
      await dropButtons(current);
      await current.reply(reply, HTML);
      return;
    }
  };
}
