// Turns one claimed reminder row into a message, in the recipient's language. Whether it is still
// relevant is decided here, at sending time: a moved or cancelled appointment, an outcome already given,
// a rating already left → "skip"; a "before" reminder whose moment passed while the bot was down → "missed".
import type { Api } from "grammy";
import type { AppointmentRepository } from "../../domain/appointments.js";
import type { ReminderSender } from "../../domain/reminders.js";
import type { AppointmentMessages } from "./appointment-messages.js";

export interface ReminderSenderDeps {
  appointments: AppointmentRepository;
  messages: AppointmentMessages;
}

const FINISHED = ["completed", "cancelled", "expired"];

export function createReminderSender(api: Api, deps: ReminderSenderDeps): ReminderSender {
  return {
    async send(reminder, now) {
      if (reminder.kind === "nudge_propose") {
        const target = await deps.appointments.proposeNudgeTarget(reminder.requestId);
        if (!target) return "skip";
        await deps.messages.nudgePropose(api, target.mediator, reminder.requestId, target.requestCode);
        return "sent";
      }
      if (reminder.appointmentId === null || reminder.recipient === "operators") return "skip";
      const view = await deps.appointments.findById(reminder.appointmentId);
      if (!view || !view.startsAt) return "skip";
      switch (reminder.kind) {
        case "before_24h":
        case "before_2h":
          if (view.status !== "confirmed" || FINISHED.includes(view.requestStatus)) return "skip";
          // Due while the bot was down and the meeting already began: never sent late.
          if (view.startsAt.getTime() <= now.getTime()) return "missed";
          // The other party left the case (erased their data, or a later answer was "declined").
          if (reminder.recipient === "other_party" && !view.otherParty) return "skip";
          await deps.messages.beforeReminder(api, view, reminder.recipient, reminder.kind);
          return "sent";
        case "outcome_ask":
        case "nudge_outcome":
          if (view.status !== "confirmed" || view.outcome !== null || reminder.recipient !== "mediator") return "skip";
          await deps.messages.outcomeAsk(api, view, reminder.kind === "nudge_outcome");
          return "sent";
        case "rating_ask":
          if (reminder.recipient !== "citizen" || view.rating !== null || view.outcome === "postponed") return "skip";
          if (view.status !== "confirmed" && view.status !== "completed") return "skip";
          await deps.messages.ratingAsk(api, view);
          return "sent";
      }
    },
  };
}
