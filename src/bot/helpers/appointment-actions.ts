// Appointment changes that both a button and a typed answer can trigger: the repository decides whether
// this person may do it; the other side is told in their language; the actor gets a line to show.
import type { Api } from "grammy";
import type { AppointmentRepository } from "../../domain/appointments.js";
import type { Translate } from "../i18n.js";
import type { AppointmentMessages } from "../notifications/appointment-messages.js";

export interface AppointmentActionDeps {
  appointments: AppointmentRepository;
  messages: AppointmentMessages;
  now: () => Date;
}

const ANSWER_KEYS: Record<string, string> = {
  "not-found": "notFound", "not-yours": "notYours", "not-active": "notActive", "own-case": "ownCase", "wrong-status": "wrongStatus", stale: "stale", "too-early": "tooEarly", answered: "answered", invalid: "notFound",
};

/** The catalogue key that explains a refusal code to the person who tapped. */
export const refusalKey = (reason: string) => `appointments:answers.${ANSWER_KEYS[reason] ?? "notFound"}`;

/** Cancels with a reason (a button's code or typed words); returns what to tell the person who cancelled. */
export async function carryOutCancel(api: Api, deps: AppointmentActionDeps, t: Translate, appointmentId: number, userId: number, reason: string): Promise<string> {
  const before = await deps.appointments.findById(appointmentId);
  const result = await deps.appointments.cancel(appointmentId, userId, reason, deps.now());
  if (!result.ok) return t(refusalKey(result.reason));
  await deps.messages.changed(api, result.appointment, result.by, { kind: "cancelled", reason }, before?.startsAt ?? null);
  return t(`appointments:cancelled.self.${result.by}`);
}
