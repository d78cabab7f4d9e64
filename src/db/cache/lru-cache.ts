// A bounded map that forgets the least recently used key first: Map keeps insertion order, so a hit is
// moved to the end by deleting and re-inserting it, and the oldest key is the first one iterated.
// Bounded by a number of keys and, when sizeOf is given, by the total size of what it holds: a few large
// values (conversation states near their cap) must not pin memory that the key bound alone would allow.

export interface LruBounds<V> {
  /** Upper bound of the summed sizeOf of all held values (e.g. bytes). */
  maxBytes?: number;
  sizeOf?: (value: V, key: string) => number;
}

export class LruCache<V> {
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private heldBytes = 0;
  private readonly maxBytes: number;
  private readonly sizeOf: (value: V, key: string) => number;

  constructor(readonly maxKeys: number, bounds: LruBounds<V> = {}) {
    if (!Number.isInteger(maxKeys) || maxKeys < 1) throw new Error(`LruCache needs a positive whole number of keys (got ${maxKeys}).`);
    if (bounds.maxBytes !== undefined && !(bounds.maxBytes > 0)) throw new Error(`LruCache needs a positive maxBytes (got ${bounds.maxBytes}).`);
    if (bounds.maxBytes !== undefined && !bounds.sizeOf) throw new Error("LruCache with maxBytes needs sizeOf to measure its values.");
    this.maxBytes = bounds.maxBytes ?? Number.POSITIVE_INFINITY;
    this.sizeOf = bounds.sizeOf ?? (() => 0);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The summed size of the held values (0 without sizeOf). */
  get bytes(): number {
    return this.heldBytes;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** The value, marked as just used; undefined when the key is not held. */
  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Holds value as the most recent; a value larger than maxBytes on its own is not held at all. */
  set(key: string, value: V): void {
    this.delete(key);
    const bytes = this.sizeOf(value, key);
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { value, bytes });
    this.heldBytes += bytes;
    while (this.entries.size > this.maxKeys || this.heldBytes > this.maxBytes) {
      const oldest = this.entries.keys().next().value as string;
      this.delete(oldest);
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.heldBytes -= entry.bytes;
  }
}
