// Write-through memory cache in front of a grammY StorageAdapter (the conversations' state). Reads are served
// from memory; writes and deletes go to the database first and then to memory, so the database always holds
// what the cache holds. Correct ONLY while one process handles a chat's updates and nothing else writes these
// keys: long polling (Telegram allows a single getUpdates consumer). The one other writer, erasing a person's
// data, must call forget(). Webhook instances share chats through leases and keep reading the database.
import type { StorageAdapter } from "grammy";
import { hasJsonStorage, type JsonStorage } from "./bounded-storage.js";
import { LruCache } from "./lru-cache.js";

export interface CachedStorage<T> extends StorageAdapter<T>, JsonStorage {
  /** Drops what memory holds for key, after someone wrote it behind the adapter's back. */
  forget(key: string): void;
}

/** Values are held as JSON, as the database holds them: the caller mutates what read() returns. */
const ABSENT = null;

export interface CacheBounds {
  maxKeys: number;
  /** Upper bound of the memory the held JSON takes (about 2 bytes per character, plus the key). */
  maxBytes?: number;
}

/** Memory a held entry takes, roughly: JavaScript strings are UTF-16. */
const heldSize = (json: string | null, key: string) => 2 * ((json?.length ?? 0) + key.length) + 64;

export function createCachedStorage<T>(inner: StorageAdapter<T>, options: CacheBounds): CachedStorage<T> {
  const cache = new LruCache<string | typeof ABSENT>(options.maxKeys, options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes, sizeOf: heldSize });
  // Bumped by every change, so a read that was waiting on the database never caches what a change replaced.
  let generation = 0;
  const innerJson = hasJsonStorage(inner) ? inner : undefined;
  const readJson = async (key: string): Promise<string | undefined> => {
    const held = cache.get(key);
    if (held !== undefined) return held === ABSENT ? undefined : held;
    const before = generation;
    let json: string | undefined;
    if (innerJson) json = await innerJson.readJson(key);
    else {
      const value = await inner.read(key);
      json = value === undefined ? undefined : JSON.stringify(value);
    }
    if (generation === before) cache.set(key, json === undefined ? ABSENT : json);
    return json;
  };
  const writeJson = async (key: string, json: string, value?: T): Promise<void> => {
    // Unchanged state (a step that only re-asked) is not written again: the database already holds it.
    if (cache.get(key) === json) return;
    generation++;
    cache.delete(key);
    if (innerJson) await innerJson.writeJson(key, json);
    else await inner.write(key, value === undefined ? (JSON.parse(json) as T) : value);
    cache.set(key, json);
  };
  return {
    async read(key) {
      const json = await readJson(key);
      return json === undefined ? undefined : (JSON.parse(json) as T);
    },
    async write(key, value) {
      await writeJson(key, JSON.stringify(value), value);
    },
    readJson,
    writeJson: (key, json) => writeJson(key, json),
    async delete(key) {
      generation++;
      cache.delete(key);
      await inner.delete(key);
      cache.set(key, ABSENT);
    },
    forget(key) {
      generation++;
      cache.delete(key);
    },
  };
}
