// Shared by the benchmark scripts: argument checks and a seeded random source, so runs are repeatable.

/** A wrong command-line argument: printed as one line, without a stack trace. */
export class UsageError extends Error {}

export function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${name} must be a positive whole number, e.g. --${name} ${fallback} (got "${value}").`);
  return n;
}

/** mulberry32: tiny, seeded, good enough to spread synthetic data. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
