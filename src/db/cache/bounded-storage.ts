// A cap on the size of one chat's stored conversation state, in front of the conversation storage adapter.
// Rejected input is kept out of the replay log (src/bot/conversations/shared/reject-input.ts), but accepted
// steps still add to it (Back and forth, page after page of a list). The whole log is parsed, replayed and
// rewritten on every update, so its size is what an update costs: a state that would grow beyond maxBytes is
// deleted instead of written (the conversation ends), and onReset tells the person. Reads are capped too, so
// a state written before the cap existed costs one parse, not one per update.
//
// Before it is measured and written, the state is compacted: the replay log keeps whole copies of the bot's own
// messages (every sent or edited question, with its text and keyboard, and again inside every button tap). No
// conversation reads those back: a replay needs only their ids and chats. Their text, entities, keyboards and
// captions are left out, which makes a finished intake or application about a third of its size. What people
// send (their messages) is kept whole.
import type { StorageAdapter } from "grammy";

/** Fields of a bot's own message that no replay reads (conversations use message_id and chat only). */
const BOT_MESSAGE_BODY = new Set(["text", "entities", "reply_markup", "caption", "caption_entities", "link_preview_options"]);

/** JSON of a conversation state without the bodies of the bot's own messages. */
export function compactStateJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, field: unknown) {
    const holder = this as { message_id?: unknown; from?: { is_bot?: unknown } };
    if (BOT_MESSAGE_BODY.has(key) && typeof holder.message_id === "number" && holder.from?.is_bot === true) return undefined;
    return field;
  });
}

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

/**
 * Optional side of a storage adapter that hands over the stored JSON itself. The chain bounded → cached →
 * database passes one string along instead of parsing and re-serialising the state at every link (measured
 * with `npm run bench`, issue #17: the state was parsed twice and serialised four times per update).
 */
export interface JsonStorage {
  readJson(key: string): Promise<string | undefined>;
  writeJson(key: string, json: string): Promise<void>;
}

export const hasJsonStorage = (adapter: object): adapter is JsonStorage =>
  typeof (adapter as Partial<JsonStorage>).readJson === "function" && typeof (adapter as Partial<JsonStorage>).writeJson === "function";

export function createBoundedStorage<T>(inner: StorageAdapter<T> | (StorageAdapter<T> & JsonStorage), bounds: StorageBounds): StorageAdapter<T> {
  if (!(bounds.maxBytes > 0)) throw new Error(`The conversation state cap must be a positive number of bytes (got ${bounds.maxBytes}).`);
  const sizeOf = (json: string) => Buffer.byteLength(json, "utf8");
  const drop = async (key: string, bytes: number) => {
    await inner.delete(key);
    await bounds.onReset({ key, bytes });
  };
  if (hasJsonStorage(inner)) {
    return {
      async read(key) {
        const json = await inner.readJson(key);
        if (json === undefined) return undefined;
        const bytes = sizeOf(json);
        if (bytes <= bounds.maxBytes) return JSON.parse(json) as T;
        await drop(key, bytes);
        return undefined;
      },
      async write(key, value) {
        const json = compactStateJson(value);
        const bytes = sizeOf(json);
        if (bytes <= bounds.maxBytes) return await inner.writeJson(key, json);
        await drop(key, bytes);
      },
      delete: (key) => inner.delete(key),
    };
  }
  return {
    async read(key) {
      const value = await inner.read(key);
      if (value === undefined) return undefined;
      const bytes = sizeOf(JSON.stringify(value));
      if (bytes <= bounds.maxBytes) return value;
      await drop(key, bytes);
      return undefined;
    },
    async write(key, value) {
      const json = compactStateJson(value);
      const bytes = sizeOf(json);
      if (bytes <= bounds.maxBytes) return await inner.write(key, JSON.parse(json) as T);
      await drop(key, bytes);
    },
    delete: (key) => inner.delete(key),
  };
}
