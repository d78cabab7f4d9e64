// Distances between points on the Earth, for "nearest rayon" and (later) matching radius.
const EARTH_RADIUS_KM = 6371.0088;

export interface Point {
  latitude: number;
  longitude: number;
}

/** Great-circle distance in kilometres (haversine). */
export function distanceKm(a: Point, b: Point): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * The unit whose centre is closest to `point`, with its distance; ties go to the earlier unit, so the
 * answer is deterministic. Units' points are centroids, so this is a suggestion the person confirms.
 */
export function nearest<T extends Point>(point: Point, units: readonly T[]): { unit: T; km: number } | null {
  let best: { unit: T; km: number } | null = null;
  for (const unit of units) {
    const km = distanceKm(point, unit);
    if (!best || km < best.km) best = { unit, km };
  }
  return best;
}
