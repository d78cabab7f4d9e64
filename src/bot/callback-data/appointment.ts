// Callback data of appointments: "ap:<verb>:<id>[:<arg>[:<arg>]]". Untrusted: parsed strictly here and
// re-authorised by the repository on every tap.
import { CANCEL_REASONS, OUTCOMES, RATINGS, type CancelReason, type Outcome } from "../../domain/appointments.js";
import { MAX_SLOTS } from "../../domain/scheduling.js";

export type AppointmentAction =
  | { type: "propose"; requestId: number }
  | { type: "pick"; appointmentId: number; round: number; slot: number }
  | { type: "other-times"; appointmentId: number; round: number }
  | { type: "reschedule"; appointmentId: number }
  | { type: "cancel"; appointmentId: number }
  | { type: "cancel-reason"; appointmentId: number; reason: CancelReason }
  | { type: "attend"; appointmentId: number }
  | { type: "outcome"; appointmentId: number; outcome: Outcome }
  | { type: "rate"; appointmentId: number; rating: number };

const ID = /^[1-9]\d{0,8}$/;

export function packAppointment(action: AppointmentAction): string {
  switch (action.type) {
    case "propose": return `ap:p:${action.requestId}`;
    case "pick": return `ap:k:${action.appointmentId}:${action.round}:${action.slot}`;
    case "other-times": return `ap:o:${action.appointmentId}:${action.round}`;
    case "reschedule": return `ap:r:${action.appointmentId}`;
    case "cancel": return `ap:c:${action.appointmentId}`;
    case "cancel-reason": return `ap:x:${action.appointmentId}:${action.reason}`;
    case "attend": return `ap:y:${action.appointmentId}`;
    case "outcome": return `ap:u:${action.appointmentId}:${action.outcome}`;
    case "rate": return `ap:s:${action.appointmentId}:${action.rating}`;
  }
}

export function parseAppointment(data: string | undefined): AppointmentAction | null {
  if (!data || data.length > 64) return null;
  const [head, verb, id, a, b, ...rest] = data.split(":");
  if (head !== "ap" || rest.length > 0 || !id || !ID.test(id)) return null;
  const n = Number(id);
  const none = a === undefined && b === undefined;
  switch (verb) {
    case "p": return none ? { type: "propose", requestId: n } : null;
    case "k": {
      const slot = Number(b);
      return a !== undefined && ID.test(a) && b !== undefined && /^\d$/.test(b) && slot < MAX_SLOTS ? { type: "pick", appointmentId: n, round: Number(a), slot } : null;
    }
    case "o": return a !== undefined && ID.test(a) && b === undefined ? { type: "other-times", appointmentId: n, round: Number(a) } : null;
    case "r": return none ? { type: "reschedule", appointmentId: n } : null;
    case "c": return none ? { type: "cancel", appointmentId: n } : null;
    case "x": return b === undefined && (CANCEL_REASONS as readonly string[]).includes(a ?? "") ? { type: "cancel-reason", appointmentId: n, reason: a as CancelReason } : null;
    case "y": return none ? { type: "attend", appointmentId: n } : null;
    case "u": return b === undefined && (OUTCOMES as readonly string[]).includes(a ?? "") ? { type: "outcome", appointmentId: n, outcome: a as Outcome } : null;
    case "s": return b === undefined && (RATINGS as readonly number[]).map(String).includes(a ?? "") ? { type: "rate", appointmentId: n, rating: Number(a) } : null;
    default: return null;
  }
}
