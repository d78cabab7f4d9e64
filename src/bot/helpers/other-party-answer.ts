// What follows the other party's answer, whether it came through the link or was recorded by staff: the
// citizen and the mediator are told, and an agreement on a case whose meeting is already confirmed brings
// that meeting (message and calendar file) to the other party.
import type { AppointmentRepository } from "../../domain/appointments.js";
import type { AnswerResult, InvitationRepository } from "../../domain/invitations.js";
import type { AuditRepository, OperatorDirectory } from "../../domain/operators.js";
import type { BotContext } from "../context.js";
import type { AppointmentMessages } from "../notifications/appointment-messages.js";
import type { InvitationNotices } from "../notifications/invitation-notices.js";

export interface OtherPartyAnswerDeps {
  invitations: InvitationRepository;
  operators: OperatorDirectory;
  audit: AuditRepository;
  appointments: AppointmentRepository;
  appointmentMessages: AppointmentMessages;
  notices: InvitationNotices;
  now: () => Date;
}

export async function announceAnswer(ctx: BotContext, deps: OtherPartyAnswerDeps, result: Extract<AnswerResult, { ok: true }>, now: Date): Promise<void> {
  await deps.notices.answered(ctx.api, result.notice, ctx.user?.id ?? null);
  if (result.notice.confirmedAppointmentId === null) return;
  const view = await deps.appointments.findById(result.notice.confirmedAppointmentId);
  if (view?.otherParty) await deps.appointmentMessages.confirmed(ctx.api, view, now, "other_party");
}
