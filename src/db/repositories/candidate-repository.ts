// Loads the mediators matching may consider (src/domain/matching.ts): active, not paused, serving one of
// the given rayons, with all the rayons they serve, their open-case count and how fast they answered
// offers so far.
//
// Raw SQL, because it runs for every submitted request and after every decline or expiry: the ORM needs
// four queries and ~200 ms for 1,000 candidates out of 10,000 mediators (relation filters repeated in every
// query, a row object per offer), these two take ~15 ms (`npm run bench:matching`). The SQL is the same on
// SQLite (3.44+, for string_agg) and PostgreSQL: quoted identifiers, COUNT, string_agg, bound parameters.
import type { CandidateMediator } from "../../domain/matching-types.js";
import { MEDIATOR_KINDS, type MediatorKind } from "../../domain/mediator.js";
import { CATEGORIES, MODES, SESSION_LANGUAGES } from "../../domain/request.js";
import { Prisma } from "../../generated/sqlite/client.js";
import type { PrismaClient } from "../client.js";

/** Request statuses in which a case occupies its mediator (pending offers count too). */
const OPEN_REQUEST_STATUSES = ["accepted", "scheduled"];
/** Offer statuses that count as an answer, for the response time. */
const ANSWERED_OFFER_STATUSES = ["accepted", "declined"];

export interface CandidateRepository {
  /** Active, not paused mediators serving any of `rayonCodes` (with all the rayons they serve), by id. */
  loadCandidates(rayonCodes: readonly string[]): Promise<CandidateMediator[]>;
}

interface CandidateRow {
  id: number;
  kind: string;
  status: string;
  paused: boolean | number; // SQLite has no boolean type
  languages: string;
  specializations: string;
  modes: string;
  maxOpenCases: number;
  rayonCodes: string | null;
  openCases: bigint | number | string; // COUNT is 64-bit
}

interface AnsweredRow {
  mediatorId: number;
  offeredAt: Date;
  respondedAt: Date;
}

export function createCandidateRepository(prisma: PrismaClient): CandidateRepository {
  return {
    async loadCandidates(rayonCodes) {
      if (rayonCodes.length === 0) return [];
      // The same candidate set in both queries, so no long list of ids travels back to the database.
      const candidates = Prisma.sql`
        FROM "Mediator" m
        WHERE m."status" = 'active' AND m."paused" = FALSE
          AND m."id" IN (SELECT s."mediatorId" FROM "MediatorRayon" s WHERE s."rayonCode" IN (${Prisma.join(rayonCodes)}))`;
      const rows = await prisma.$queryRaw<CandidateRow[]>`
        SELECT m."id", m."kind", m."status", m."paused", m."languages", m."specializations", m."modes", m."maxOpenCases",
          (SELECT string_agg(mr."rayonCode", ',') FROM "MediatorRayon" mr WHERE mr."mediatorId" = m."id") AS "rayonCodes",
          (SELECT COUNT(*) FROM "MediationRequest" r WHERE r."mediatorId" = m."id" AND r."status" IN (${Prisma.join(OPEN_REQUEST_STATUSES)}))
            + (SELECT COUNT(*) FROM "Offer" p WHERE p."mediatorId" = m."id" AND p."status" = 'pending') AS "openCases"
        ${candidates}
        ORDER BY m."id"`;
      if (rows.length === 0) return [];
      // The answers themselves: a duration in SQL would differ between the two databases, a median too.
      const answered = await prisma.$queryRaw<AnsweredRow[]>`
        SELECT o."mediatorId", o."offeredAt", o."respondedAt"
        FROM "Offer" o
        WHERE o."status" IN (${Prisma.join(ANSWERED_OFFER_STATUSES)}) AND o."respondedAt" IS NOT NULL
          AND o."mediatorId" IN (SELECT m."id" ${candidates})`;

      const minutes = new Map<number, number[]>();
      for (const offer of answered) {
        const value = (toDate(offer.respondedAt).getTime() - toDate(offer.offeredAt).getTime()) / 60_000;
        const list = minutes.get(offer.mediatorId);
        if (list) list.push(value);
        else minutes.set(offer.mediatorId, [value]);
      }

      const result: CandidateMediator[] = new Array(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!;
        const history = minutes.get(row.id);
        result[i] = {
          id: row.id,
          kind: mediatorKind(row.kind),
          active: row.status === "active",
          paused: Boolean(row.paused),
          languages: parseCodes(row.languages, SESSION_LANGUAGES),
          specializations: parseCodes(row.specializations, CATEGORIES),
          modes: parseCodes(row.modes, MODES),
          // string_agg's order is unspecified: sorted, so the same data always gives the same object.
          rayonCodes: row.rayonCodes ? row.rayonCodes.split(",").sort() : [],
          openCases: Number(row.openCases),
          maxOpenCases: row.maxOpenCases,
          responseMinutes: history ? median(history) : null,
        };
      }
      return result;
    },
  };
}

// Raw results come back typed by column: DateTime columns as Date on both databases. Kept defensive,
// since a string here would otherwise turn every duration into NaN without a word.
function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

/** The codes of a comma-separated column that the domain knows, each once; anything else is dropped. */
function parseCodes<T extends string>(value: string, known: readonly T[]): T[] {
  const codes: T[] = [];
  for (const part of value.split(",")) {
    const code = part.trim();
    if (isOneOf(code, known) && !codes.includes(code)) codes.push(code);
  }
  return codes;
}

function isOneOf<T extends string>(value: string, known: readonly T[]): value is T {
  return (known as readonly string[]).includes(value);
}

// An unknown kind must not open court cases (professional only) to anyone: it counts as public.
function mediatorKind(value: string): MediatorKind {
  return isOneOf(value, MEDIATOR_KINDS) ? value : "public";
}

/** Median of a non-empty list (mean of the middle two for an even count); sorts the list in place. */
function median(values: number[]): number {
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 === 1 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}
