// Matching: which mediators may take a request, best first. Pure and synchronous — the repository loads the
// candidates (src/db/repositories/candidate-repository.ts, which already filters by everything below but
// the exact distance, and bounds that by `searchBox`), this file filters them exactly and orders them.
// It runs for every submitted request and after every decline or expiry, over up to thousands of
// candidates, so the hot loop avoids per-mediator allocations: no filter/map chains, no closures.
import { distanceKm, type Point } from "./geo.js";
import type { CandidateMediator, MatchingOptions, MatchRequest, RankedCandidate } from "./matching-types.js";
import type { Rayon } from "./region.js";

/** A candidate that passed the filters, with what the ordering compares. */
interface Scored {
  id: number;
  /** A professional (paid) mediator: after every public one. */
  paid: boolean;
  serves: boolean;
  km: number;
  open: number;
  max: number;
  /** Minutes; Infinity when unknown, so that no history sorts after any history. */
  response: number;
}

/**
 * The radius whose rayons can hold a candidate for this request: the remote radius applies only when the
 * citizen asked for phone or video, and it never narrows the in-person one.
 */
export function searchRadiusKm(request: Pick<MatchRequest, "mode">, options: Pick<MatchingOptions, "radiusKm" | "remoteRadiusKm">): number {
  return request.mode === "in_person" ? options.radiusKm : Math.max(options.radiusKm, options.remoteRadiusKm);
}

/**
 * Codes of the rayons whose centre lies within `radiusKm` of `centre` (great-circle, inclusive), in the
 * order given. The caller passes them to the candidate repository: a mediator can only match when one of
 * the rayons they serve is among these.
 */
export function rayonsWithin(centre: Point, radiusKm: number, rayons: readonly Rayon[]): string[] {
  const codes: string[] = [];
  for (const rayon of rayons) {
    if (distanceKm(centre, rayon) <= radiusKm) codes.push(rayon.code);
  }
  return codes;
}

/** Same as distanceKm's (src/domain/geo.ts). */
const EARTH_RADIUS_KM = 6371.0088;
/** Degrees added on every side: float rounding must never put a rayon on the circle outside its box. */
const BOX_MARGIN_DEGREES = 1e-6;

/** Bounds on a rayon centre, in degrees; null longitudes: no bound (a pole or the antimeridian is near). */
export interface SearchBox {
  minLatitude: number;
  maxLatitude: number;
  minLongitude: number | null;
  maxLongitude: number | null;
}

/**
 * The smallest latitude/longitude box holding every point within `radiusKm` (great-circle) of `centre`, a
 * little wider: the database narrows candidates by it (an index on the rayon centres), and the exact
 * distance decides afterwards. The longitude half-width is that of the circle's tangent meridians,
 * asin(sin r / cos φ) — wider than r / cos φ away from the equator (J. P. Matuschek, "Finding Points Within
 * a Distance of a Latitude/Longitude Using Bounding Coordinates").
 */
export function searchBox(centre: Point, radiusKm: number): SearchBox {
  const deg = 180 / Math.PI;
  const r = Math.max(0, radiusKm) / EARTH_RADIUS_KM; // angular radius, radians
  const minLatitude = centre.latitude - r * deg - BOX_MARGIN_DEGREES;
  const maxLatitude = centre.latitude + r * deg + BOX_MARGIN_DEGREES;
  const open = { minLatitude: Math.max(-90, minLatitude), maxLatitude: Math.min(90, maxLatitude), minLongitude: null, maxLongitude: null };
  if (minLatitude <= -90 || maxLatitude >= 90) return open; // the circle holds a pole: every longitude
  const ratio = Math.sin(r) / Math.cos(centre.latitude / deg);
  if (!(ratio < 1) || r >= Math.PI / 2) return open;
  const half = Math.asin(ratio) * deg + BOX_MARGIN_DEGREES;
  if (centre.longitude - half <= -180 || centre.longitude + half >= 180) return open; // across the antimeridian: no bound
  return { minLatitude, maxLatitude, minLongitude: centre.longitude - half, maxLongitude: centre.longitude + half };
}

/**
 * Orders the mediators who may take `request`, best first (design.md, "Matching").
 *
 * Hard filters — a mediator is left out unless all hold:
 * - status active and not paused;
 * - speaks the request's language and has capacity left (`openCases < maxOpenCases`);
 * - is not in `request.excludedMediatorIds` (declined this request or let an offer expire);
 * - is not the request's own citizen or filer (`request.excludedUserIds`);
 * - is public when the person asked for free help only (`costPreference` "free_only"). Whether the case
 *   is already in court does not matter: no rule limits court cases to professionals (law doc §4);
 * - lists the request's category among their specializations (category "other" matches anyone);
 * - serves the request's rayon, or one of their rayons' centres is within `options.radiusKm` of the
 *   request's rayon centre — within `options.remoteRadiusKm` instead when the citizen asked for phone or
 *   video and the mediator offers that mode. Rayons with an unknown centre are ignored.
 *
 * Order: public mediators before any professional (free help first, law doc §10); then serving the
 * request's rayon; then smaller distance; then lighter load (open cases as a share of capacity, then fewer
 * open cases); then faster past answers (no history counts as slowest); then lower id, so equal candidates
 * always come out in the same order whatever the input order.
 *
 * @returns the candidates in order; empty when the request's rayon has no known centre.
 */
export function rankCandidates(request: MatchRequest, mediators: readonly CandidateMediator[], options: MatchingOptions): RankedCandidate[] {
  const centre = options.rayonCentre(request.rayonCode);
  if (!centre) return [];
  const remoteMode = request.mode === "in_person" ? null : request.mode;
  const radius = options.radiusKm;
  const remoteRadius = Math.max(options.radiusKm, options.remoteRadiusKm);
  const anyCategory = request.category === "other";
  const excluded = request.excludedMediatorIds.length > 0 ? new Set(request.excludedMediatorIds) : null;
  const excludedUsers = request.excludedUserIds.length > 0 ? new Set(request.excludedUserIds) : null;
  const publicOnly = request.costPreference !== "either";
  // Mediators share a few hundred rayons: each rayon's distance is computed once per call (with the same
  // function as `rayonsWithin`, so both agree at the boundary). NaN marks a rayon whose centre is unknown.
  const kmByRayon = new Map<string, number>();

  const passed: Scored[] = [];
  for (const m of mediators) {
    if (!m.active || m.paused) continue;
    if (m.openCases >= m.maxOpenCases) continue;
    if (publicOnly && m.kind !== "public") continue;
    if (excluded !== null && excluded.has(m.id)) continue;
    if (excludedUsers !== null && excludedUsers.has(m.userId)) continue;
    if (!m.languages.includes(request.language)) continue;
    if (!anyCategory && !m.specializations.includes(request.category)) continue;

    let serves = false;
    let best = Infinity;
    const codes = m.rayonCodes;
    for (let i = 0; i < codes.length; i++) {
      const code = codes[i]!;
      if (code === request.rayonCode) {
        serves = true;
        best = 0;
        break;
      }
      let km = kmByRayon.get(code);
      if (km === undefined) {
        const point = options.rayonCentre(code);
        km = point ? distanceKm(centre, point) : NaN;
        kmByRayon.set(code, km);
      }
      if (km < best) best = km; // false for NaN: unknown centres are skipped
    }
    if (!serves) {
      const limit = remoteMode !== null && m.modes.includes(remoteMode) ? remoteRadius : radius;
      if (!(best <= limit)) continue;
    }
    passed.push({ id: m.id, paid: m.kind !== "public", serves, km: best, open: m.openCases, max: m.maxOpenCases, response: m.responseMinutes ?? Infinity });
  }

  passed.sort(compareScored);
  const ranked: RankedCandidate[] = new Array(passed.length);
  for (let i = 0; i < passed.length; i++) {
    const s = passed[i]!;
    ranked[i] = { mediatorId: s.id, distanceKm: s.km, servesRayon: s.serves };
  }
  return ranked;
}

function compareScored(a: Scored, b: Scored): number {
  if (a.paid !== b.paid) return a.paid ? 1 : -1;
  if (a.serves !== b.serves) return a.serves ? -1 : 1;
  if (a.km !== b.km) return a.km - b.km;
  // Load share compared exactly by cross-multiplying (both capacities are positive once filtered).
  const load = a.open * b.max - b.open * a.max;
  if (load !== 0) return load;
  if (a.open !== b.open) return a.open - b.open;
  if (a.response !== b.response) return a.response < b.response ? -1 : 1; // Infinity - Infinity is NaN
  return a.id - b.id;
}
