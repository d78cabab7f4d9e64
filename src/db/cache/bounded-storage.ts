// A cap on the size of one chat's stored conversation state, in front of the conversation storage adapter.
// Rejected input is kept out of the replay log (src/bot/conversations/shared/reject-input.ts), but accepted
// steps still add to it (Back and forth, page after page of a list). The whole log is parsed, replayed and
// rewritten on every update, so its size is what an update costs: a state that would grow beyond maxBytes is
// deleted instead of written (the conversation ends), and onReset tells the person. Reads are capped too, so
// a state written before the cap existed costs one parse, not one per update.
import type { StorageAdapter } from "grammy";

export interface StateReset {
  /** The storage key (the chat id). */
  key: string;
  /** UTF-8 size of the state that was refused. */
  bytes: number;
}

export interface StorageBounds {
  maxBytes: number;
  /** Called after a state was dropped; must not throw (it is awaited inside the update). */
  onReset(reset: StateReset): Promise<void>;
}

export function createBoundedStorage<T>(inner: StorageAdapter<T>, bounds: StorageBounds): StorageAdapter<T> {
  if (!(bounds.maxBytes > 0)) throw new Error(`The conversation state cap must be a positive number of bytes (got ${bounds.maxBytes}).`);
  const sizeOf = (value: T) => Buffer.byteLength(JSON.stringify(value), "utf8");
  const drop = async (key: string, bytes: number) => {
    await inner.delete(key);
    await bounds.onReset({ key, bytes });
  };
  return {
    async read(key) {
      const value = await inner.read(key);
      if (value === undefined) return undefined;
      const bytes = sizeOf(value);
      if (bytes <= bounds.maxBytes) return value;
      await drop(key, bytes);
      return undefined;
    },
    async write(key, value) {
      const bytes = sizeOf(value);
      if (bytes <= bounds.maxBytes) return await inner.write(key, value);
      await drop(key, bytes);
    },
    delete: (key) => inner.delete(key),
  };
}
