// The request lifecycle (design notes): one state machine, every transition listed here.
export const REQUEST_STATUSES = ["submitted", "offered", "accepted", "scheduled", "completed", "unmatched", "cancelled", "expired"] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export type ActorRole = "citizen" | "mediator" | "operator" | "system";

const TRANSITIONS: Record<RequestStatus, readonly RequestStatus[]> = {
  submitted: ["offered", "unmatched", "cancelled", "expired"],
  offered: ["accepted", "offered", "unmatched", "cancelled", "expired"],
  // → offered: an operator takes the case back from a suspended mediator and it goes to the next one.
  accepted: ["scheduled", "cancelled", "offered"],
  scheduled: ["completed", "accepted", "cancelled", "offered"],
  unmatched: ["offered", "cancelled", "expired"],
  completed: [],
  cancelled: [],
  expired: [],
};

/** Statuses in which the request is finished: nothing more happens to it. */
export const FINAL_STATUSES: readonly RequestStatus[] = ["completed", "cancelled", "expired"];

export function isRequestStatus(value: string): value is RequestStatus {
  return (REQUEST_STATUSES as readonly string[]).includes(value);
}

export function canTransition(from: RequestStatus, to: RequestStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** A citizen may withdraw a request at any point before it is finished. */
export function citizenCanCancel(status: RequestStatus): boolean {
  return canTransition(status, "cancelled");
}
