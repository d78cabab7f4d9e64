import type {
  AppointmentRepository, AppointmentStatus, AppointmentView, ChangeResult, Outcome, Side,
} from "../../domain/appointments.js";
import { OUTCOMES, RATINGS } from "../../domain/appointments.js";
import { MODES, type SessionMode } from "../../domain/request.js";
import { otherPartyReminders, partyLocale } from "../../domain/invitations.js";
import { DEFAULT_DURATION_MINUTES, MAX_SLOTS, planReminders } from "../../domain/scheduling.js";
import type { Prisma } from "../../generated/sqlite/client.js";
import type { PrismaClient } from "../client.js";
import { citizenOrErased } from "./erased-citizen.js";

type Tx = Prisma.TransactionClient;

const viewSelect = {
  id: true, requestId: true, status: true, round: true, mode: true, place: true, slots: true, startsAt: true, durationMinutes: true,
  outcome: true, rating: true, ratingComment: true,
  request: {
    select: {
      code: true, status: true, contactName: true, contactPhone: true, otherPartyStatus: true,
      otherPartyUser: { select: { id: true, telegramId: true, locale: true, telegramLanguage: true } },
      citizen: { select: { id: true, telegramId: true, locale: true, telegramLanguage: true } },
      mediator: { select: { fullName: true, phone: true, user: { select: { id: true, telegramId: true, locale: true, telegramLanguage: true } } } },
    },
  },
} as const;

function parseSlots(json: string): Date[] {
  try {
    const list = JSON.parse(json) as unknown;
    return Array.isArray(list) ? list.filter((s): s is string => typeof s === "string").map((s) => new Date(s)) : [];
  } catch {
    return [];
  }
}

async function load(tx: Tx | PrismaClient, id: number): Promise<AppointmentView | null> {
  const row = await tx.appointment.findUnique({ where: { id }, select: viewSelect });
  if (!row || !row.request.mediator) return null;
  const { request } = row;
  const m = request.mediator!;
  return {
    id: row.id, requestId: row.requestId, requestCode: request.code, requestStatus: request.status,
    status: row.status as AppointmentStatus, round: row.round,
    mode: (MODES as readonly string[]).includes(row.mode) ? (row.mode as SessionMode) : "in_person",
    place: row.place, slots: parseSlots(row.slots), startsAt: row.startsAt, durationMinutes: row.durationMinutes,
    outcome: (OUTCOMES as readonly string[]).includes(row.outcome ?? "") ? (row.outcome as Outcome) : null,
    rating: row.rating, ratingComment: row.ratingComment,
    citizen: { userId: citizenOrErased(request.citizen).id, telegramId: citizenOrErased(request.citizen).telegramId, locale: partyLocale(citizenOrErased(request.citizen).locale, citizenOrErased(request.citizen).telegramLanguage), name: request.contactName, phone: request.contactPhone },
    mediator: { userId: m.user.id, telegramId: m.user.telegramId, locale: partyLocale(m.user.locale, m.user.telegramLanguage), fullName: m.fullName, phone: m.phone },
    otherParty: request.otherPartyStatus === "agreed" && request.otherPartyUser
      // They came through a link and may never have chosen a language: their Telegram language then.
      ? { userId: request.otherPartyUser.id, telegramId: request.otherPartyUser.telegramId, locale: partyLocale(request.otherPartyUser.locale, request.otherPartyUser.telegramLanguage) }
      : null,
  };
}

const sideOf = (view: AppointmentView, userId: number): Side | null =>
  view.mediator.userId === userId ? "mediator" : view.citizen.userId === userId ? "citizen" : null;

/** Moves the request between statuses with its history row; false when it was not in `from` any more. */
async function moveRequest(tx: Tx, requestId: number, from: string, to: string, actor: { userId: number; role: Side }, now: Date, closed = false): Promise<boolean> {
  const moved = await tx.mediationRequest.updateMany({ where: { id: requestId, status: from }, data: { status: to, ...(closed ? { closedAt: now } : {}) } });
  if (moved.count === 0) return false;
  await tx.requestStatusChange.create({ data: { requestId, fromStatus: from, toStatus: to, actorId: actor.userId, actorRole: actor.role, createdAt: now } });
  return true;
}

const cancelReminders = (tx: Tx, appointmentId: number) =>
  tx.reminder.updateMany({ where: { appointmentId, status: "pending" }, data: { status: "cancelled" } });

/** Rolls a transaction back with a result code (so a half-done change never stays). */
class Refused extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

async function refusable<T>(work: Promise<T>): Promise<T | { ok: false; reason: string }> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof Refused) return { ok: false, reason: error.reason };
    throw error;
  }
}

export function createAppointmentRepository(prisma: PrismaClient): AppointmentRepository {
  /** Reschedule and cancel share everything but the final status of the appointment. */
  async function change(appointmentId: number, userId: number, now: Date, cancel: { reason: string } | null): Promise<ChangeResult> {
    const result = await refusable(prisma.$transaction(async (tx) => {
      const view = await load(tx, appointmentId);
      if (!view) throw new Refused("not-found");
      const by = sideOf(view, userId);
      if (!by) throw new Refused("not-yours");
      if (view.status !== "proposed" && view.status !== "confirmed") throw new Refused("wrong-status");
      const data = cancel
        ? { status: "cancelled", cancelledAt: now, cancelledBy: by, cancelReason: cancel.reason }
        : { status: "proposed", round: view.round + 1, slots: "[]", startsAt: null, confirmedAt: null };
      const changed = await tx.appointment.updateMany({ where: { id: appointmentId, status: view.status, round: view.round }, data });
      if (changed.count === 0) throw new Refused("wrong-status");
      await cancelReminders(tx, appointmentId);
      if (view.requestStatus === "scheduled") await moveRequest(tx, view.requestId, "scheduled", "accepted", { userId, role: by }, now);
      return { ok: true as const, appointment: (await load(tx, appointmentId))!, by };
    }));
    return result as ChangeResult;
  }

  return {
    async proposalContext(requestId, mediatorUserId) {
      const r = await prisma.mediationRequest.findFirst({
        // Only an active profile works its cases (paused still does: pausing stops new requests only).
        where: { id: requestId, status: { in: ["accepted", "scheduled"] }, mediator: { userId: mediatorUserId, status: "active" } },
        select: { code: true, mode: true },
      });
      return r ? { requestId, requestCode: r.code, mode: (MODES as readonly string[]).includes(r.mode) ? (r.mode as SessionMode) : "in_person" } : null;
    },

    async propose(requestId, mediatorUserId, slots, mode, place, now) {
      if (slots.length === 0 || slots.length > MAX_SLOTS || slots.some((s) => Number.isNaN(s.getTime()) || s.getTime() <= now.getTime())) return { ok: false, reason: "bad-slots" };
      const result = await refusable(prisma.$transaction(async (tx) => {
        const request = await tx.mediationRequest.findUnique({ where: { id: requestId }, select: { status: true, mediator: { select: { userId: true, status: true } } } });
        if (!request) throw new Refused("not-found");
        if (request.mediator?.userId !== mediatorUserId) throw new Refused("not-yours");
        if (request.mediator.status !== "active") throw new Refused("not-active");
        if (request.status !== "accepted" && request.status !== "scheduled") throw new Refused("wrong-status");
        const fields = { mode, place: mode === "in_person" ? place : null, slots: JSON.stringify(slots.map((s) => s.toISOString())), proposedAt: now, startsAt: null, confirmedAt: null };
        const open = await tx.appointment.findFirst({ where: { requestId, status: { in: ["proposed", "confirmed"] } }, orderBy: { id: "desc" }, select: { id: true, status: true, round: true } });
        let id: number;
        if (open) {
          const changed = await tx.appointment.updateMany({ where: { id: open.id, status: open.status, round: open.round }, data: { ...fields, status: "proposed", round: open.round + 1 } });
          if (changed.count === 0) throw new Refused("wrong-status");
          await cancelReminders(tx, open.id);
          id = open.id;
        } else {
          id = (await tx.appointment.create({ data: { requestId, status: "proposed", durationMinutes: DEFAULT_DURATION_MINUTES, ...fields }, select: { id: true } })).id;
        }
        if (request.status === "scheduled") await moveRequest(tx, requestId, "scheduled", "accepted", { userId: mediatorUserId, role: "mediator" }, now);
        return { ok: true as const, appointment: (await load(tx, id))!, rescheduled: open !== null };
      }));
      return result as Awaited<ReturnType<AppointmentRepository["propose"]>>;
    },

    async pick(appointmentId, citizenUserId, round, slotIndex, now) {
      const result = await refusable(prisma.$transaction(async (tx) => {
        const view = await load(tx, appointmentId);
        if (!view) throw new Refused("not-found");
        if (view.citizen.userId !== citizenUserId) throw new Refused("not-yours");
        const startsAt = view.slots[slotIndex];
        if (view.status !== "proposed" || view.round !== round || !startsAt || startsAt.getTime() <= now.getTime()) throw new Refused("stale");
        // Conditional on status and round: a second tap, or a reschedule in between, finds nothing to confirm.
        const confirmed = await tx.appointment.updateMany({ where: { id: appointmentId, status: "proposed", round }, data: { status: "confirmed", startsAt, confirmedAt: now } });
        if (confirmed.count === 0) throw new Refused("stale");
        if (!(await moveRequest(tx, view.requestId, "accepted", "scheduled", { userId: citizenUserId, role: "citizen" }, now))) throw new Refused("stale");
        const plan = planReminders(startsAt, view.durationMinutes, now);
        // The other party, once they agreed in Telegram, is reminded like the citizen.
        const rows = [...plan, ...(view.otherParty ? otherPartyReminders(plan) : [])];
        await tx.reminder.createMany({
          data: rows.map((r) => ({ requestId: view.requestId, appointmentId, kind: r.kind, recipient: r.recipient, dueAt: r.dueAt, status: "pending" })),
        });
        return { ok: true as const, appointment: (await load(tx, appointmentId))! };
      }));
      return result as Awaited<ReturnType<AppointmentRepository["pick"]>>;
    },

    async askOtherTimes(appointmentId, citizenUserId, round) {
      const view = await load(prisma, appointmentId);
      if (!view) return { ok: false, reason: "not-found" };
      if (view.citizen.userId !== citizenUserId) return { ok: false, reason: "not-yours" };
      const withdrawn = await prisma.appointment.updateMany({ where: { id: appointmentId, status: "proposed", round, NOT: { slots: "[]" } }, data: { slots: "[]" } });
      if (withdrawn.count === 0) return { ok: false, reason: "stale" };
      return { ok: true, appointment: (await load(prisma, appointmentId))! };
    },

    reschedule: (appointmentId, userId, now) => change(appointmentId, userId, now, null),
    cancel: (appointmentId, userId, reason, now) => change(appointmentId, userId, now, { reason: reason.slice(0, 500) }),

    async recordOutcome(appointmentId, mediatorUserId, outcome, now) {
      const result = await refusable(prisma.$transaction(async (tx) => {
        const view = await load(tx, appointmentId);
        if (!view) throw new Refused("not-found");
        if (view.mediator.userId !== mediatorUserId) throw new Refused("not-yours");
        // A suspended (or erased) mediator records nothing more; the case waits for an operator to reassign it.
        if ((await tx.mediator.count({ where: { userId: mediatorUserId, status: "active" } })) === 0) throw new Refused("not-active");
        if (view.status !== "confirmed" || view.outcome !== null) throw new Refused("answered");
        if (!view.startsAt || view.startsAt.getTime() > now.getTime()) throw new Refused("too-early");
        const done = await tx.appointment.updateMany({ where: { id: appointmentId, status: "confirmed", outcome: null }, data: { status: "completed", outcome, outcomeAt: now } });
        if (done.count === 0) throw new Refused("answered");
        const actor = { userId: mediatorUserId, role: "mediator" as const };
        if (outcome === "postponed") await moveRequest(tx, view.requestId, "scheduled", "accepted", actor, now);
        else await moveRequest(tx, view.requestId, "scheduled", "completed", actor, now, true);
        // Nothing more to ask the mediator about this appointment.
        await tx.reminder.updateMany({ where: { appointmentId, status: "pending", kind: { in: ["outcome_ask", "nudge_outcome"] } }, data: { status: "cancelled" } });
        if (outcome === "postponed") await tx.reminder.updateMany({ where: { appointmentId, status: "pending" }, data: { status: "cancelled" } });
        return { ok: true as const, appointment: (await load(tx, appointmentId))! };
      }));
      return result as Awaited<ReturnType<AppointmentRepository["recordOutcome"]>>;
    },

    async recordRating(appointmentId, citizenUserId, rating, comment, now) {
      if (!(RATINGS as readonly number[]).includes(rating)) return { ok: false, reason: "invalid" };
      const view = await load(prisma, appointmentId);
      if (!view) return { ok: false, reason: "not-found" };
      if (view.citizen.userId !== citizenUserId) return { ok: false, reason: "not-yours" };
      // A mediator who is also the case's citizen does not rate their own work.
      if (view.mediator.userId === citizenUserId) return { ok: false, reason: "own-case" };
      if (view.status !== "confirmed" && view.status !== "completed") return { ok: false, reason: "too-early" };
      if (!view.startsAt || view.startsAt.getTime() > now.getTime()) return { ok: false, reason: "too-early" };
      const rated = await prisma.appointment.updateMany({ where: { id: appointmentId, rating: null }, data: { rating, ratingComment: comment, ratedAt: now } });
      if (rated.count === 0) return { ok: false, reason: "answered" };
      return { ok: true, appointment: (await load(prisma, appointmentId))! };
    },

    async addRatingComment(appointmentId, citizenUserId, comment) {
      const view = await load(prisma, appointmentId);
      if (!view) return { ok: false, reason: "not-found" };
      if (view.citizen.userId !== citizenUserId) return { ok: false, reason: "not-yours" };
      const added = await prisma.appointment.updateMany({ where: { id: appointmentId, NOT: { rating: null }, ratingComment: null }, data: { ratingComment: comment } });
      if (added.count === 0) return { ok: false, reason: "answered" };
      return { ok: true, appointment: (await load(prisma, appointmentId))! };
    },

    findById: (appointmentId) => load(prisma, appointmentId),

    async proposeNudgeTarget(requestId) {
      const r = await prisma.mediationRequest.findUnique({
        where: { id: requestId },
        select: { code: true, status: true, _count: { select: { appointments: true } }, mediator: { select: { user: { select: { id: true, telegramId: true, locale: true, telegramLanguage: true } } } } },
      });
      if (!r || r.status !== "accepted" || r._count.appointments > 0 || !r.mediator) return null;
      return { requestCode: r.code, mediator: { userId: r.mediator.user.id, telegramId: r.mediator.user.telegramId, locale: partyLocale(r.mediator.user.locale, r.mediator.user.telegramLanguage) } };
    },
  };
}
