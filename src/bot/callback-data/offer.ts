// Callback data of offers (mediators) and manual assignment (operators): "of:<verb>:<id>[:<arg>]".
import { DECLINE_REASONS, type DeclineReason } from "../../domain/offers.js";

export type OfferAction =
  | { type: "accept"; offerId: number }
  | { type: "decline"; offerId: number }
  | { type: "decline-reason"; offerId: number; reason: DeclineReason }
  | { type: "assign-list"; requestId: number }
  | { type: "assign"; requestId: number; mediatorId: number };

const ID = /^[1-9]\d{0,8}$/;

export function packOffer(action: OfferAction): string {
  switch (action.type) {
    case "accept": return `of:a:${action.offerId}`;
    case "decline": return `of:d:${action.offerId}`;
    case "decline-reason": return `of:r:${action.offerId}:${action.reason}`;
    case "assign-list": return `of:l:${action.requestId}`;
    case "assign": return `of:s:${action.requestId}:${action.mediatorId}`;
  }
}

export function parseOffer(data: string | undefined): OfferAction | null {
  if (!data || data.length > 64) return null;
  const [head, verb, id, arg, ...rest] = data.split(":");
  if (head !== "of" || rest.length > 0 || !id || !ID.test(id)) return null;
  const n = Number(id);
  switch (verb) {
    case "a": return arg === undefined ? { type: "accept", offerId: n } : null;
    case "d": return arg === undefined ? { type: "decline", offerId: n } : null;
    case "r": return (DECLINE_REASONS as readonly string[]).includes(arg ?? "") ? { type: "decline-reason", offerId: n, reason: arg as DeclineReason } : null;
    case "l": return arg === undefined ? { type: "assign-list", requestId: n } : null;
    case "s": return arg !== undefined && ID.test(arg) ? { type: "assign", requestId: n, mediatorId: Number(arg) } : null;
    default: return null;
  }
}
