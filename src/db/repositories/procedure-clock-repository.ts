// The procedure clock's queries (src/domain/procedure-clock.ts). Due cases are found from the open requests
// (@@index([status, submittedAt]) narrows them to accepted/scheduled, a set that stays small however many
// cases are closed) with a held session old enough among their appointments (@@index([requestId, status])).
// The reminder is claimed by a conditional update of procedureRemindedAt (null → now): of two job runs, two
// instances, or a run after a restart, exactly one sees count 1 and sends it.
import {
  contractStart, HELD_SESSION_STATUSES, PROCEDURE_OPEN_STATUSES, PROCEDURE_REMINDER_DAY, procedureCutoff, procedureDay,
  type LongProcedure, type ProcedureClockRepository,
} from "../../domain/procedure-clock.js";
import type { PrismaClient } from "../client.js";

/** A held session that started at or before `cutoff` (no_show is not a held session; no outcome yet is). */
function heldBefore(cutoff: Date) {
  return {
    status: { in: [...HELD_SESSION_STATUSES] },
    startsAt: { lte: cutoff },
    OR: [{ outcome: null }, { outcome: { not: "no_show" } }],
  };
}

export function createProcedureClockRepository(prisma: PrismaClient): ProcedureClockRepository {
  async function open(now: Date, day: number, extra: object, take?: number) {
    const rows = await prisma.mediationRequest.findMany({
      where: { status: { in: [...PROCEDURE_OPEN_STATUSES] }, appointments: { some: heldBefore(procedureCutoff(now, day)) }, ...extra },
      orderBy: { submittedAt: "asc" },
      ...(take === undefined ? {} : { take }),
      select: {
        id: true, code: true, rayonCode: true, rayon: { select: { nameKk: true, nameRu: true, nameEn: true } },
        // The held sessions' facts, to compute the first one's start.
        appointments: { where: { status: { in: [...HELD_SESSION_STATUSES] } }, select: { status: true, startsAt: true, outcome: true } },
        mediator: { select: { id: true, user: { select: { telegramId: true, locale: true, telegramLanguage: true } } } },
      },
    });
    return rows.flatMap((row) => {
      const since = contractStart(row.appointments, now);
      if (since === null) return [];
      const long: LongProcedure = { requestId: row.id, code: row.code, rayonCode: row.rayonCode, rayon: row.rayon, since, days: procedureDay(since, now) };
      return [{ long, mediator: row.mediator }];
    });
  }

  return {
    async findDue(now, limit) {
      const rows = await open(now, PROCEDURE_REMINDER_DAY, { procedureRemindedAt: null, mediator: { status: "active" } }, limit);
      return rows.flatMap(({ long, mediator }) => mediator === null ? [] : [{
        ...long,
        mediatorId: mediator.id,
        mediatorTelegramId: mediator.user.telegramId,
        mediatorLanguage: { locale: mediator.user.locale, telegramLanguage: mediator.user.telegramLanguage },
      }]);
    },

    async claim(requestId, now) {
      const claimed = await prisma.mediationRequest.updateMany({ where: { id: requestId, procedureRemindedAt: null }, data: { procedureRemindedAt: now } });
      return claimed.count === 1;
    },

    async overdue(now, day) {
      const rows = await open(now, day, {});
      return rows.map((r) => r.long).sort((a, b) => a.since.getTime() - b.since.getTime() || a.requestId - b.requestId);
    },
  };
}
