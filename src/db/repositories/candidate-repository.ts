// Loads the mediators matching may consider (src/domain/matching.ts), with all the rayons they serve, their
// open-case count and how fast they answered offers so far.
//
// candidatesFor is what matching uses: every filter of rankCandidates but the exact distance runs in the
// database, and the distance is bounded by a box on the rayon centres (index Rayon(latitude, longitude)), so
// it loads the candidates that will be ranked plus the few in the box's corners (about 160 per request for
// 130 ranked in `npm run bench:matching`, where loading everyone near and filtering in JavaScript loaded
// about 1,500). loadCandidates is that older, wider load (active mediators serving given rayons); the test
// that both rank alike keeps it honest (test/db/candidate-filter.test.ts).
//
// It runs for every submitted request and after every decline or expiry, so it is ONE raw query returning
// ONE row: the ORM needed four queries and ~200 ms for the old load (the relation filter repeated in each, an
// object per offer); raw SQL with a row per mediator ~1.5× this version, most of the difference being
// Prisma's per-row handling. So the database packs each candidate into a record — fields joined by the
// ASCII unit separator, records by the record separator, characters no code or timestamp contains — and
// this file unpacks them. The SQL is the same on SQLite (3.44+ for string_agg, 3.35+ for MATERIALIZED;
// better-sqlite3 bundles a newer one) and PostgreSQL (12+): quoted identifiers, COUNT, COALESCE, CAST AS
// TEXT, ||, LIKE, BETWEEN, string_agg, WITH … AS MATERIALIZED.
import type { Point } from "../../domain/geo.js";
import { searchBox, type SearchBox } from "../../domain/matching.js";
import type { CandidateFilter, CandidateMediator, MatchRequest } from "../../domain/matching-types.js";
import { MEDIATOR_KINDS, type MediatorKind } from "../../domain/mediator.js";
import { CATEGORIES, MODES, SESSION_LANGUAGES, type Category, type SessionLanguage, type SessionMode } from "../../domain/request.js";
import { Prisma } from "../../generated/sqlite/client.js";
import type { PrismaClient } from "../client.js";

/** Request statuses in which a case occupies its mediator (pending offers count too). */
const OPEN_REQUEST_STATUSES = ["accepted", "scheduled"];
/** Offer statuses that count as an answer, for the response time. */
const ANSWERED_OFFER_STATUSES = ["accepted", "declined"];

const UNIT = "\u001f";
const RECORD = "\u001e";
const FIELD_SQL = Prisma.raw(`'${UNIT}'`);
const RECORD_SQL = Prisma.raw(`'${RECORD}'`);
const FIELDS = 10;

export interface CandidateRepository {
  /**
   * Active, not paused mediators serving any of `rayonCodes` (with all the rayons they serve), by id; only
   * public ones when `filter.publicOnly`, never those whose user is in `filter.excludedUserIds`.
   */
  loadCandidates(rayonCodes: readonly string[], filter?: CandidateFilter): Promise<CandidateMediator[]>;
  /**
   * The mediators that may take `query.request`, filtered in the database: everything rankCandidates
   * checks except the exact distance (a box on the rayon centres stands in for it), so it returns the
   * ranked ones plus the few in the box's corners. A superset of what rankCandidates keeps from
   * loadCandidates, never less (see candidatesFor below).
   */
  candidatesFor(query: CandidateQuery): Promise<CandidateMediator[]>;
}

export function createCandidateRepository(prisma: PrismaClient): CandidateRepository {
  return {
    async loadCandidates(rayonCodes, filter = { publicOnly: false, excludedUserIds: [] }) {
      if (rayonCodes.length === 0) return [];
      const publicOnly = filter.publicOnly ? Prisma.sql`AND m."kind" = 'public'` : Prisma.empty;
      const notUsers = filter.excludedUserIds.length > 0 ? Prisma.sql`AND m."userId" NOT IN (${Prisma.join(filter.excludedUserIds)})` : Prisma.empty;
      const [packed] = await prisma.$queryRaw<{ candidates: string | null }[]>`
        SELECT ${packedRecords(OPEN_CASES_SQL)} AS "candidates"
        FROM "Mediator" m
        WHERE m."status" = 'active' AND m."paused" = FALSE ${publicOnly} ${notUsers}
          AND m."id" IN (SELECT s."mediatorId" FROM "MediatorRayon" s WHERE s."rayonCode" IN (${Prisma.join(rayonCodes)}))`;
      return unpack(packed?.candidates ?? null);
    },

    // Every filter of rankCandidates but the exact distance, in the database:
    // - status, pause, kind (free_only → public), the excluded users and mediators: exact;
    // - language, category, remote mode: the comma-separated column CONTAINS the code (LIKE '%code%'). The
    //   domain reads a column by splitting on commas and trimming, so whatever it finds the column contains:
    //   never too strict. No code is a substring of another (kk/ru/en, the categories, the modes), so for
    //   what the app writes it is exact; '_' in "in_person" is LIKE's any-character, again only looser;
    // - capacity: open cases < maxOpenCases, counted once per mediator in a materialized CTE;
    // - distance: a served rayon whose centre is inside the box around the request's rayon centre
    //   (searchBox: the exact bounding box of the circle, with a margin), through the Rayon(latitude,
    //   longitude) index; the box of the wider remote radius only for mediators offering the citizen's remote
    //   mode. The request's own rayon always counts (the domain matches it by code, not by distance).
    // What the box lets through in its corners, rankCandidates removes by the exact great-circle distance.
    async candidatesFor({ request, centre, radiusKm, remoteRadiusKm }) {
      const remote = request.mode !== "in_person" && remoteRadiusKm > radiusKm;
      const near = searchBox(centre, radiusKm);
      const far = remote ? searchBox(centre, remoteRadiusKm) : near;
      const kind = request.costPreference !== "either" ? Prisma.sql`AND m."kind" = 'public'` : Prisma.empty;
      const category = request.category === "other" ? Prisma.empty : Prisma.sql`AND m."specializations" LIKE ${`%${request.category}%`}`;
      const notUsers = request.excludedUserIds.length > 0 ? Prisma.sql`AND m."userId" NOT IN (${Prisma.join(request.excludedUserIds)})` : Prisma.empty;
      const notMediators = request.excludedMediatorIds.length > 0 ? Prisma.sql`AND m."id" NOT IN (${Prisma.join(request.excludedMediatorIds)})` : Prisma.empty;
      const nearOnly = remote
        ? Prisma.sql`AND (m."modes" LIKE ${`%${request.mode}%`} OR EXISTS (
              SELECT 1 FROM "MediatorRayon" n JOIN "Rayon" q ON q."code" = n."rayonCode"
              WHERE n."mediatorId" = m."id" AND (n."rayonCode" = ${request.rayonCode} OR (${inBox(Prisma.sql`q`, near)}))))`
        : Prisma.empty;
      const [packed] = await prisma.$queryRaw<{ candidates: string | null }[]>`
        WITH c AS MATERIALIZED (
          SELECT m."id", m."userId", m."kind", m."languages", m."specializations", m."modes", m."maxOpenCases", ${OPEN_CASES_SQL} AS "openCases"
          FROM "Mediator" m
          WHERE m."id" IN (
              SELECT s."mediatorId" FROM "Rayon" r JOIN "MediatorRayon" s ON s."rayonCode" = r."code" WHERE ${inBox(Prisma.sql`r`, far)}
              UNION SELECT s."mediatorId" FROM "MediatorRayon" s WHERE s."rayonCode" = ${request.rayonCode})
            AND m."status" = 'active' AND m."paused" = FALSE ${kind}
            AND m."languages" LIKE ${`%${request.language}%`} ${category} ${notUsers} ${notMediators} ${nearOnly}
        )
        SELECT ${packedRecords(Prisma.sql`m."openCases"`)} AS "candidates"
        FROM c m
        WHERE m."openCases" < m."maxOpenCases"`;
      return unpack(packed?.candidates ?? null);
    },
  };
}

/** What candidatesFor needs: the request as matching sees it (exclusions included) and its rayon's centre. */
export interface CandidateQuery {
  request: MatchRequest;
  centre: Point;
  radiusKm: number;
  remoteRadiusKm: number;
}

/**
 * The active, not paused mediators with these ids, packed and read exactly like the candidate queries (the
 * same record: served rayons, open cases, answers): one primary-key query. `npm run bench:matching` times it with the ids that
 * were ranked, as the floor the candidate query is compared with.
 */
export async function loadCandidatesById(prisma: PrismaClient, ids: readonly number[]): Promise<CandidateMediator[]> {
  if (ids.length === 0) return [];
  const [packed] = await prisma.$queryRaw<{ candidates: string | null }[]>`
    SELECT ${packedRecords(OPEN_CASES_SQL)} AS "candidates"
    FROM "Mediator" m WHERE m."id" IN (${Prisma.join(ids)}) AND m."status" = 'active' AND m."paused" = FALSE`;
  return unpack(packed?.candidates ?? null);
}

const OPEN_CASES_SQL = Prisma.sql`(
    (SELECT COUNT(*) FROM "MediationRequest" r WHERE r."mediatorId" = m."id" AND r."status" IN (${Prisma.join(OPEN_REQUEST_STATUSES)}))
    + (SELECT COUNT(*) FROM "Offer" p WHERE p."mediatorId" = m."id" AND p."status" = 'pending'))`;

/** `alias`'s latitude and longitude inside the box (an open side is no condition). */
function inBox(alias: Prisma.Sql, box: SearchBox): Prisma.Sql {
  const latitude = Prisma.sql`${alias}."latitude" BETWEEN ${box.minLatitude} AND ${box.maxLatitude}`;
  return box.minLongitude === null || box.maxLongitude === null
    ? latitude
    : Prisma.sql`${latitude} AND ${alias}."longitude" BETWEEN ${box.minLongitude} AND ${box.maxLongitude}`;
}

// Record: id, user id, kind, languages, specializations, modes, maxOpenCases, served rayons ("a,b"), open cases,
// answers ("offeredAt/respondedAt,…" as the database writes timestamps as text). A NULL anywhere would
// drop the whole record, hence COALESCE on every subquery that may find nothing. `openCases` is the SQL of
// the open-case count of mediator `m`.
function packedRecords(openCases: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`string_agg(
            CAST(m."id" AS TEXT) || ${FIELD_SQL} || CAST(m."userId" AS TEXT) || ${FIELD_SQL} || m."kind" || ${FIELD_SQL} || m."languages" || ${FIELD_SQL}
            || m."specializations" || ${FIELD_SQL} || m."modes" || ${FIELD_SQL} || CAST(m."maxOpenCases" AS TEXT) || ${FIELD_SQL}
            || COALESCE((SELECT string_agg(mr."rayonCode", ',') FROM "MediatorRayon" mr WHERE mr."mediatorId" = m."id"), '') || ${FIELD_SQL}
            || CAST(${openCases} AS TEXT) || ${FIELD_SQL}
            || COALESCE((
                 SELECT string_agg(CAST(o."offeredAt" AS TEXT) || '/' || CAST(o."respondedAt" AS TEXT), ',') FROM "Offer" o
                 WHERE o."mediatorId" = m."id" AND o."status" IN (${Prisma.join(ANSWERED_OFFER_STATUSES)}) AND o."respondedAt" IS NOT NULL
               ), ''),
            ${RECORD_SQL})`;
}

/** The candidates of a packed result (every query keeps only active, not paused mediators), by id. */
function unpack(packed: string | null): CandidateMediator[] {
  if (!packed) return [];
  // Mediators share a few dozen distinct lists: each distinct column value is parsed once per call.
  const languages = new Map<string, SessionLanguage[]>();
  const specializations = new Map<string, Category[]>();
  const modes = new Map<string, SessionMode[]>();
  const result: CandidateMediator[] = [];
  for (const record of packed.split(RECORD)) {
    const f = record.split(UNIT);
    const id = Number(f[0]);
    if (f.length !== FIELDS || !Number.isInteger(id)) continue; // cannot happen with codes; never misread a neighbour
    result.push({
      id,
      userId: Number(f[1]),
      kind: mediatorKind(f[2]!),
      active: true, // the queries' filter
      paused: false,
      languages: parseCodesOnce(f[3]!, SESSION_LANGUAGES, languages),
      specializations: parseCodesOnce(f[4]!, CATEGORIES, specializations),
      modes: parseCodesOnce(f[5]!, MODES, modes),
      maxOpenCases: Number(f[6]),
      // string_agg's order is unspecified: sorted, so the same data always gives the same object.
      rayonCodes: f[7] ? f[7].split(",").sort() : [],
      openCases: Number(f[8]),
      responseMinutes: f[9] ? medianResponseMinutes(f[9]) : null,
    });
  }
  return result.sort((a, b) => a.id - b.id);
}

/** Median minutes between offer and answer, from "offeredAt/respondedAt,…" (read in place, no substrings). */
function medianResponseMinutes(answers: string): number {
  const minutes: number[] = [];
  for (let start = 0; start < answers.length; ) {
    let end = answers.indexOf(",", start);
    if (end < 0) end = answers.length;
    const slash = answers.indexOf("/", start);
    if (slash < 0 || slash > end) throw unexpectedTimestamp(answers.slice(start, end));
    minutes.push((storedInstant(answers, slash + 1, end) - storedInstant(answers, start, slash)) / 60_000);
    start = end + 1;
  }
  return median(minutes);
}

// A DateTime as text, in the forms the two databases write it: SQLite (Prisma's adapter) stores ISO 8601
// with an offset, "2026-11-25T09:30:00.000+00:00"; PostgreSQL renders timestamp(3) without a zone, in UTC,
// as "2026-11-25 09:30:00.5" under the ISO DateStyle (the default, which @prisma/adapter-pg relies on too).
// Read digit by digit: thousands of timestamps per call, and a regular expression or Date.parse on
// substrings costs several times more.
// Character codes of "-", ":", ".", "+", " ", "T", "Z".
const DASH = 45, COLON = 58, DOT = 46, PLUS = 43, SPACE = 32, LETTER_T = 84, LETTER_Z = 90;

/** Epoch milliseconds of `text[from, to)`, "YYYY-MM-DD[T ]HH:MM:SS[.fff…][Z|±HH[:MM]]". */
function storedInstant(text: string, from: number, to: number): number {
  const separator = text.charCodeAt(from + 10);
  if (
    to - from >= 19 && text.charCodeAt(from + 4) === DASH && text.charCodeAt(from + 7) === DASH && (separator === LETTER_T || separator === SPACE)
    && text.charCodeAt(from + 13) === COLON && text.charCodeAt(from + 16) === COLON
  ) {
    let i = from + 19;
    let ms = 0;
    if (i < to && text.charCodeAt(i) === DOT) {
      const start = ++i;
      while (i < to && isDigit(text.charCodeAt(i))) i++;
      const used = Math.min(3, i - start); // beyond milliseconds: dropped, as Date does
      ms = used === 0 ? NaN : digits(text, start, used) * (used === 1 ? 100 : used === 2 ? 10 : 1);
    }
    let offsetMinutes = 0;
    if (i < to && text.charCodeAt(i) === LETTER_Z) i++;
    else if (i < to && (text.charCodeAt(i) === PLUS || text.charCodeAt(i) === DASH)) {
      const sign = text.charCodeAt(i) === DASH ? -1 : 1;
      const hours = i + 3 <= to ? digits(text, i + 1, 2) : NaN;
      i += 3;
      let minutes = 0;
      if (i < to) {
        if (text.charCodeAt(i) === COLON) i++;
        minutes = i + 2 <= to ? digits(text, i, 2) : NaN;
        i += 2;
      }
      offsetMinutes = sign * (hours * 60 + minutes);
    }
    const seconds = digits(text, from + 11, 2) * 3600 + digits(text, from + 14, 2) * 60 + digits(text, from + 17, 2) - offsetMinutes * 60;
    const utc = daysFromCivil(digits(text, from, 4), digits(text, from + 5, 2), digits(text, from + 8, 2)) * 86_400_000 + seconds * 1000 + ms;
    if (i === to && Number.isFinite(utc)) return utc;
  }
  throw unexpectedTimestamp(text.slice(from, to));
}

function unexpectedTimestamp(text: string): Error {
  return new Error(
    `Unexpected timestamp text "${text}" from the database. PostgreSQL must use DateStyle ISO ` +
      `(ALTER DATABASE … SET datestyle TO 'ISO, MDY'); SQLite must keep Prisma's default ISO 8601 format.`,
  );
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil); month 1–12. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  return era * 146_097 + yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear - 719_468;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** The number written by `count` digits at `from`; NaN when one is not a digit. */
function digits(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const code = text.charCodeAt(i);
    if (!isDigit(code)) return NaN;
    value = value * 10 + (code - 48);
  }
  return value;
}

/** `parseCodes` through a cache (the arrays are shared between candidates; nobody mutates them). */
function parseCodesOnce<T extends string>(value: string, known: readonly T[], cache: Map<string, T[]>): T[] {
  let codes = cache.get(value);
  if (!codes) {
    codes = parseCodes(value, known);
    cache.set(value, codes);
  }
  return codes;
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

// An unknown kind must never be offered as free help: it counts as professional (the query's publicOnly
// filter leaves it out too).
function mediatorKind(value: string): MediatorKind {
  return isOneOf(value, MEDIATOR_KINDS) ? value : "professional";
}

/** Median of a non-empty list (mean of the middle two for an even count); sorts the list in place. */
function median(values: number[]): number {
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 === 1 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}
