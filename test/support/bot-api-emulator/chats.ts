// Chat state: the private chats between the bot and emulated users, their
// messages as a Telegram client would show them, and an activity log that
// lets tests wait until the bot has finished reacting.
import type { Chat, Message, ReplyKeyboardMarkup, User } from "grammy/types";
import { Errors } from "./errors.js";
import type { StoredFile } from "./files.js";
import type { AnyReplyMarkup, CallbackAnswer, MessageKind, UserInit } from "./types.js";

export interface StoredMessage {
  /** The Message object as currently shown (edits applied). */
  message: Message;
  fromBot: boolean;
  kind: MessageKind;
  /** Text or caption exactly as sent (with markup). */
  raw?: string;
  parseMode?: string;
  /** Markup as sent; edits replace the inline keyboard. */
  markup?: AnyReplyMarkup;
  file?: StoredFile;
  edited: boolean;
  deleted: boolean;
}

export class ChatState {
  readonly user: User;
  readonly chat: Chat.PrivateChat;
  readonly phone: string;
  /** The user has written to the bot at least once; before that the bot cannot reach them. */
  started = false;
  blocked = false;
  /** Reply keyboard currently shown under the input field. */
  replyKeyboard: ReplyKeyboardMarkup | undefined;
  readonly messages = new Map<number, StoredMessage>();
  private lastMessageId = 0;
  /** Stable per chat, like Telegram's chat_instance in callback queries. */
  readonly chatInstance: string;
  readonly callbackAnswers: CallbackAnswer[] = [];
  lastCallbackQueryId: string | undefined;

  // Activity since the "mark" (the user's last action or the last waitForReply):
  // which bot messages changed, when, and which bot calls failed — the latter
  // makes timeouts explain themselves ("the bot got 400 can't parse entities").
  readonly changedSinceMark = new Set<number>();
  lastChangeAt = 0;
  lastAction = "nothing yet";
  readonly errorsSinceMark: string[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(init: UserInit) {
    this.user = {
      id: init.id,
      is_bot: false,
      first_name: init.first_name,
      ...(init.last_name !== undefined ? { last_name: init.last_name } : {}),
      ...(init.username !== undefined ? { username: init.username } : {}),
      ...(init.language_code !== undefined ? { language_code: init.language_code } : {}),
    };
    this.chat = {
      id: init.id,
      type: "private",
      first_name: init.first_name,
      ...(init.last_name !== undefined ? { last_name: init.last_name } : {}),
      ...(init.username !== undefined ? { username: init.username } : {}),
    };
    this.chatInstance = (-(4_611_686_018_427_387_904n + BigInt(init.id) * 7_919n)).toString();
    // Deterministic fake Kazakh mobile number unless the test gives one.
    this.phone = init.phone_number ?? `+7701${String(Math.abs(init.id) % 10_000_000).padStart(7, "0")}`;
  }

  get id(): number {
    return this.chat.id;
  }

  /** Message ids are per chat and shared by both sides, as in Telegram private chats. */
  nextMessageId(): number {
    return ++this.lastMessageId;
  }

  add(stored: StoredMessage): void {
    this.messages.set(stored.message.message_id, stored);
    if (stored.fromBot) this.botChanged(stored.message.message_id);
  }

  /** A live (not deleted) message, or undefined. */
  find(messageId: number): StoredMessage | undefined {
    const m = this.messages.get(messageId);
    return m && !m.deleted ? m : undefined;
  }

  visible(): StoredMessage[] {
    return [...this.messages.values()].filter((m) => !m.deleted);
  }

  botChanged(messageId: number): void {
    this.changedSinceMark.add(messageId);
    this.lastChangeAt = performance.now();
    this.notify();
  }

  botFailed(method: string, description: string): void {
    this.errorsSinceMark.push(`${method}: ${description}`);
    this.notify();
  }

  /** Called for every user action and when waitForReply hands out the changes. */
  mark(action?: string): void {
    if (action !== undefined) this.lastAction = action;
    this.changedSinceMark.clear();
    this.errorsSinceMark.length = 0;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(): void {
    for (const l of [...this.listeners]) l();
  }
}

export class ChatStore {
  private readonly chats = new Map<number, ChatState>();

  getOrCreate(init: UserInit): ChatState {
    let chat = this.chats.get(init.id);
    if (!chat) {
      chat = new ChatState(init);
      this.chats.set(init.id, chat);
    }
    return chat;
  }

  get(chatId: number): ChatState | undefined {
    return this.chats.get(chatId);
  }

  /**
   * The chat a bot call targets, or Telegram's error: unknown or never started
   * → 400 chat not found (the bot has never seen the user); blocked → 403.
   */
  forBot(chatId: number | undefined, opts: { allowBlocked?: boolean } = {}): ChatState {
    const chat = chatId === undefined ? undefined : this.chats.get(chatId);
    if (!chat || !chat.started) throw Errors.chatNotFound();
    if (chat.blocked && !opts.allowBlocked) throw Errors.blocked();
    return chat;
  }

  all(): ChatState[] {
    return [...this.chats.values()];
  }
}
