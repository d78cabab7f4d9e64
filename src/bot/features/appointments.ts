// Appointment buttons: propose (opens the conversation), pick a slot or ask for other times (citizen),
// reschedule and cancel (either side), "I'll be there", the outcome (mediator) and the rating (citizen).
// Callback data is untrusted: the repository re-checks on every tap that this person may do this now.
import { Composer, InlineKeyboard } from "grammy";
import { CANCEL_REASONS, type AppointmentView } from "../../domain/appointments.js";
import { packAppointment, parseAppointment, type AppointmentAction } from "../callback-data/appointment.js";
import type { BotContext } from "../context.js";
import { AGREEMENT_OUTCOMES } from "../../domain/agreement.js";
import { AGREEMENT_TERMS_CONVERSATION, recordTermsKeyboard } from "../conversations/agreement-terms/agreement-terms.js";
import { APPOINTMENT_NOTE_CONVERSATION } from "../conversations/appointment-note/appointment-note.js";
import { PROPOSE_TIMES_CONVERSATION } from "../conversations/propose-times/propose-times.js";
import { carryOutCancel, refusalKey, type AppointmentActionDeps } from "../helpers/appointment-actions.js";

const HTML = { parse_mode: "HTML" as const };

export function createAppointmentsFeature(deps: AppointmentActionDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.on("callback_query:data", async (ctx, next) => {
    const action = parseAppointment(ctx.callbackQuery.data);
    if (!action) return next();
    if (!ctx.user) return ctx.answerCallbackQuery();
    return handle(ctx, action, ctx.user.id);
  });

  const refuse = async (ctx: BotContext, reason: string, dropButtons: boolean) => {
    await ctx.answerCallbackQuery({ text: ctx.t(refusalKey(reason)), show_alert: true });
    if (dropButtons) await ctx.editMessageReplyMarkup().catch(() => undefined);
  };
  const done = async (ctx: BotContext) => {
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup().catch(() => undefined);
  };

  async function handle(ctx: BotContext, action: AppointmentAction, userId: number) {
    const now = deps.now();
    switch (action.type) {
      case "propose":
        await ctx.answerCallbackQuery();
        return ctx.conversation.enter(PROPOSE_TIMES_CONVERSATION, { requestId: action.requestId });
      case "pick": {
        const result = await deps.appointments.pick(action.appointmentId, userId, action.round, action.slot, now);
        if (!result.ok) return refuse(ctx, result.reason, result.reason === "stale");
        await done(ctx);
        return deps.messages.confirmed(ctx.api, result.appointment, now);
      }
      case "other-times": {
        const result = await deps.appointments.askOtherTimes(action.appointmentId, userId, action.round, now);
        if (!result.ok) return refuse(ctx, result.reason, result.reason === "stale");
        await done(ctx);
        await ctx.reply(ctx.t("appointments:otherTimes.citizen"), HTML);
        return deps.messages.otherTimes(ctx.api, result.appointment);
      }
      case "reschedule": {
        const before = await deps.appointments.findById(action.appointmentId);
        const result = await deps.appointments.reschedule(action.appointmentId, userId, now);
        if (!result.ok) return refuse(ctx, result.reason, result.reason !== "not-yours");
        await done(ctx);
        await deps.messages.changed(ctx.api, result.appointment, result.by, { kind: "rescheduled" }, before?.startsAt ?? null);
        await ctx.reply(ctx.t(`appointments:rescheduled.self.${result.by}`), HTML);
        if (result.by === "mediator") return ctx.conversation.enter(PROPOSE_TIMES_CONVERSATION, { requestId: result.appointment.requestId });
        return;
      }
      case "cancel": {
        const view = await deps.appointments.findById(action.appointmentId);
        if (!view || !isParty(view, userId)) return refuse(ctx, view ? "not-yours" : "not-found", false);
        if (view.status !== "proposed" && view.status !== "confirmed") return refuse(ctx, "wrong-status", true);
        const keyboard = new InlineKeyboard();
        for (const reason of CANCEL_REASONS) keyboard.text(ctx.t(`appointments:cancel.reasons.${reason}`), packAppointment({ type: "cancel-reason", appointmentId: view.id, reason })).row();
        await ctx.answerCallbackQuery();
        return ctx.reply(ctx.t("appointments:cancel.question"), { ...HTML, reply_markup: keyboard });
      }
      case "cancel-reason":
        await done(ctx);
        if (action.reason === "other") return ctx.conversation.enter(APPOINTMENT_NOTE_CONVERSATION, { kind: "cancel-reason", appointmentId: action.appointmentId });
        return ctx.reply(await carryOutCancel(ctx.api, deps, ctx.t, action.appointmentId, userId, action.reason), HTML);
      case "attend":
        return ctx.answerCallbackQuery({ text: ctx.t("appointments:attendThanks") });
      case "outcome": {
        const result = await deps.appointments.recordOutcome(action.appointmentId, userId, action.outcome, now);
        if (!result.ok) return refuse(ctx, result.reason, result.reason === "answered");
        await done(ctx);
        const text = ctx.t("appointments:outcome.done", { outcome: ctx.t(`appointments:outcome.names.${action.outcome}`) });
        // An agreement: its terms are asked for right away; the button lets the mediator start again later.
        if ((AGREEMENT_OUTCOMES as readonly string[]).includes(action.outcome)) {
          await ctx.reply(text, { ...HTML, reply_markup: recordTermsKeyboard(ctx.t, action.appointmentId) });
          return ctx.conversation.enter(AGREEMENT_TERMS_CONVERSATION, { appointmentId: action.appointmentId });
        }
        if (action.outcome !== "postponed") return ctx.reply(text, HTML);
        return ctx.reply(`${text}\n${ctx.t("appointments:outcome.proposeAgain")}`, { ...HTML, reply_markup: deps.messages.proposeKeyboard(ctx.t, result.appointment.requestId) });
      }
      case "rate": {
        const result = await deps.appointments.recordRating(action.appointmentId, userId, action.rating, null, now);
        if (!result.ok) return refuse(ctx, result.reason, result.reason === "answered");
        await done(ctx);
        return ctx.conversation.enter(APPOINTMENT_NOTE_CONVERSATION, { kind: "comment", appointmentId: action.appointmentId });
      }
    }
  }

  return feature;
}

const isParty = (view: AppointmentView, userId: number) => view.citizen.userId === userId || view.mediator.userId === userId;
