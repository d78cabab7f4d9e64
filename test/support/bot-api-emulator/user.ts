// What a person in a Telegram client can do in the private chat with the bot:
// write, share things, tap buttons; plus ways for tests to look at the chat
// and wait until the bot has reacted.
import type { CallbackQuery, InlineKeyboardButton, KeyboardButton, Message, MessageEntity, ReplyKeyboardMarkup, Update } from "grammy/types";
import type { ChatState } from "./chats.js";
import type { EmulatorCore } from "./core.js";
import type { FileKind } from "./files.js";
import { mediaFields } from "./files.js";
import { buttonText, isInline, matches } from "./markup.js";
import { describeChat, toChatMessage } from "./render.js";
import type { CallbackAnswer, ChatMessage, EmulatedUser, MessageKind, WaitOptions } from "./types.js";

/** Where request_location buttons put the user unless the test says otherwise (Almaty). */
const DEFAULT_LOCATION = { latitude: 43.238949, longitude: 76.889709 };

/** Messages in our chats are always private-chat messages. */
type ShownMessage = NonNullable<CallbackQuery["message"]>;
type PrivateMessage = NonNullable<Update["message"]>;

const show = (p: string | RegExp): string => (typeof p === "string" ? JSON.stringify(p) : String(p));

export class EmulatedUserImpl implements EmulatedUser {
  constructor(
    private readonly core: EmulatorCore,
    private readonly chat: ChatState,
    private readonly location = DEFAULT_LOCATION,
  ) {}

  get id(): number {
    return this.chat.id;
  }

  // --- actions ------------------------------------------------------------------

  async sendText(text: string): Promise<void> {
    const entities = commandEntities(text);
    this.post("text", `sendText ${JSON.stringify(text)}`, { text, ...(entities.length ? { entities } : {}) }, text);
  }

  async sendContact(phone: string = this.chat.phone): Promise<void> {
    const { first_name, last_name, id } = this.chat.user;
    this.post("contact", `sendContact ${phone}`, {
      contact: { phone_number: phone, first_name, ...(last_name ? { last_name } : {}), user_id: id },
    });
  }

  async sendLocation(latitude: number, longitude: number): Promise<void> {
    this.post("location", `sendLocation ${latitude},${longitude}`, { location: { latitude, longitude } });
  }

  async sendVoice(durationSec = 3): Promise<void> {
    this.postFile("voice", { duration: durationSec });
  }

  async sendSticker(): Promise<void> {
    this.postFile("sticker");
  }

  async sendPhoto(): Promise<void> {
    this.postFile("photo");
  }

  async sendDocument(fileName: string, content: Buffer | string, mimeType?: string): Promise<void> {
    const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
    const file = this.core.files.add("document", { fileName, content: bytes, ...(mimeType !== undefined ? { mimeType } : {}) });
    this.post("document", `sendDocument ${JSON.stringify(fileName)}`, mediaFields(file), undefined, file);
  }

  async tap(pattern: string | RegExp, opts: { messageId?: number } = {}): Promise<void> {
    const { message, button } = this.findInlineButton(pattern, opts.messageId);
    if ("url" in button) {
      throw new Error(`Button "${button.text}" on message #${message.message_id} is a URL button (${button.url}); tapping it opens a link, the bot gets no callback query.`);
    }
    if (!("callback_data" in button)) {
      throw new Error(`Button "${button.text}" on message #${message.message_id} is not a callback button (${JSON.stringify(button)}); the emulator can only tap callback_data buttons.`);
    }
    this.act(`tap ${JSON.stringify(button.text)} on #${message.message_id}`);
    const id = this.core.newCallbackQueryId(this.id);
    this.core.callbackQueries.set(id, { chatId: this.id, answered: false });
    this.chat.lastCallbackQueryId = id;
    this.core.updates.push({
      callback_query: { id, from: this.chat.user, message: message as ShownMessage, chat_instance: this.chat.chatInstance, data: button.callback_data },
    });
  }

  /**
   * A callback query with arbitrary data on a bot message (default: the newest one), as a tampered
   * client or a keyboard from an older bot version would send it. Tests use it to prove the bot
   * re-checks every tap.
   */
  async sendCallbackData(data: string, opts: { messageId?: number } = {}): Promise<void> {
    const message = [...this.chat.messages.values()].filter((m) => m.fromBot && !m.deleted && (opts.messageId === undefined || m.message.message_id === opts.messageId)).at(-1);
    if (!message) throw new Error(`sendCallbackData(${JSON.stringify(data)}): no bot message to tap on.\n${describeChat(this.chat)}`);
    this.act(`callback data ${JSON.stringify(data)} on #${message.message.message_id}`);
    const id = this.core.newCallbackQueryId(this.id);
    this.core.callbackQueries.set(id, { chatId: this.id, answered: false });
    this.chat.lastCallbackQueryId = id;
    this.core.updates.push({
      callback_query: { id, from: this.chat.user, message: message.message as ShownMessage, chat_instance: this.chat.chatInstance, data },
    });
  }

  async pressReplyButton(pattern: string | RegExp): Promise<void> {
    const keyboard = this.chat.replyKeyboard;
    if (!keyboard) throw new Error(`pressReplyButton(${show(pattern)}): no reply keyboard is shown.\n${describeChat(this.chat)}`);
    const button = keyboard.keyboard.flat().find((b) => matches(buttonText(b), pattern));
    if (!button) {
      const visible = keyboard.keyboard.map((row) => row.map((b) => `[${buttonText(b)}]`).join(" ")).join("\n  ");
      throw new Error(`pressReplyButton(${show(pattern)}): no such button. The reply keyboard shows:\n  ${visible}`);
    }
    if (typeof button === "string" || isPlainButton(button)) return this.sendText(buttonText(button));
    if ("request_contact" in button && button.request_contact) return this.sendContact();
    if ("request_location" in button && button.request_location) return this.sendLocation(this.location.latitude, this.location.longitude);
    throw new Error(`pressReplyButton: button "${button.text}" needs a client feature the emulator lacks (${JSON.stringify(button)})`);
  }

  blockBot(): void {
    if (this.chat.blocked) return;
    this.chat.blocked = true;
    this.pushMemberStatus("member", "kicked");
  }

  unblockBot(): void {
    if (!this.chat.blocked) return;
    this.chat.blocked = false;
    this.pushMemberStatus("kicked", "member");
  }

  // --- observing ------------------------------------------------------------------

  messages(): ChatMessage[] {
    return this.chat.visible().map(toChatMessage);
  }

  lastBotMessage(): ChatMessage | undefined {
    const last = this.chat.visible().filter((m) => m.fromBot).at(-1);
    return last && toChatMessage(last);
  }

  /** The reply keyboard shown under the input field now, if any (a copy; used by the browser playground). */
  replyKeyboard(): ReplyKeyboardMarkup | undefined {
    return this.chat.replyKeyboard && structuredClone(this.chat.replyKeyboard);
  }

  callbackAnswers(): CallbackAnswer[] {
    return this.chat.callbackAnswers.map((a) => ({ ...a }));
  }

  /**
   * Resolves when the bot has changed the chat since the user's last action (or
   * since the previous waitForReply, so a second call waits for something new)
   * and then stayed quiet for quietMs. Returns the bot messages added or edited.
   */
  waitForReply({ timeoutMs = 5000, quietMs = 60 }: WaitOptions = {}): Promise<ChatMessage[]> {
    const failure = new Error(); // created here so the stack points at the test line
    return this.waitFor(timeoutMs, failure, (settle) => {
      if (this.chat.changedSinceMark.size === 0) return undefined;
      const idle = performance.now() - this.chat.lastChangeAt;
      if (idle < quietMs) return quietMs - idle; // ask to be checked again later
      const changed = [...this.chat.changedSinceMark]
        .map((id) => this.chat.messages.get(id))
        .filter((m) => m !== undefined && m.fromBot && !m.deleted)
        .sort((a, b) => a!.message.message_id - b!.message.message_id)
        .map((m) => toChatMessage(m!));
      this.chat.mark();
      settle(changed);
      return undefined;
    }, () => `waitForReply timed out after ${timeoutMs}ms: the bot did not change the chat after: ${this.chat.lastAction}`);
  }

  waitForCallbackAnswer({ timeoutMs = 5000 }: { timeoutMs?: number } = {}): Promise<CallbackAnswer> {
    const failure = new Error();
    const queryId = this.chat.lastCallbackQueryId;
    if (queryId === undefined) return Promise.reject(new Error("waitForCallbackAnswer: the user has not tapped any inline button yet"));
    return this.waitFor(timeoutMs, failure, (settle) => {
      const answer = this.chat.callbackAnswers.find((a) => a.callbackQueryId === queryId);
      if (answer) settle({ ...answer });
      return undefined;
    }, () => `waitForCallbackAnswer timed out after ${timeoutMs}ms: the bot did not answer the callback query of: ${this.chat.lastAction}`);
  }

  // --- internals --------------------------------------------------------------------

  /**
   * Re-runs `check` on every chat change (and when it asks for a re-check after
   * N ms) until it settles, the timeout hits, or the emulator closes.
   */
  private waitFor<T>(
    timeoutMs: number,
    failure: Error,
    check: (settle: (value: T) => void) => number | undefined,
    timeoutMessage: () => string,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let recheck: NodeJS.Timeout | undefined;
      let done = false;
      const finish = (): void => {
        done = true;
        clearTimeout(recheck);
        clearTimeout(overall);
        unsubscribe();
      };
      const fail = (message: string): void => {
        finish();
        failure.message = `${message}\n${describeChat(this.chat)}`;
        reject(failure);
      };
      const run = (): void => {
        if (done) return;
        if (this.core.closed) return fail("The emulator was closed while waiting.");
        clearTimeout(recheck);
        const again = check((value) => {
          finish();
          resolve(value);
        });
        if (again !== undefined && !done) recheck = setTimeout(run, again);
      };
      const overall = setTimeout(() => fail(timeoutMessage()), timeoutMs);
      const unsubscribe = this.chat.subscribe(run);
      run();
    });
  }

  /** Every user action opens the chat (and, like Telegram's "Restart", unblocks the bot). */
  private act(description: string): void {
    if (this.core.closed) throw new Error(`${description}: the emulator is closed`);
    this.chat.started = true;
    this.unblockBot();
    this.chat.mark(description);
  }

  private post(kind: MessageKind, description: string, fields: Partial<Message>, raw?: string, file?: ReturnType<EmulatorCore["files"]["add"]>): void {
    this.act(description);
    const message = {
      message_id: this.chat.nextMessageId(),
      from: this.chat.user,
      chat: this.chat.chat,
      date: this.core.unixTime(),
      ...fields,
    } as Message;
    this.chat.add({ message, fromBot: false, kind, edited: false, deleted: false, ...(raw !== undefined ? { raw } : {}), ...(file ? { file } : {}) });
    this.core.updates.push({ message: message as PrivateMessage });
  }

  private postFile(kind: Exclude<FileKind, "document">, extra: { duration?: number } = {}): void {
    // Small fake bytes so getFile + download work end to end.
    const file = this.core.files.add(kind, { content: Buffer.from(`emulated ${kind} from user ${this.id}`) });
    this.post(kind, `send${kind[0]!.toUpperCase()}${kind.slice(1)}`, mediaFields(file, extra), undefined, file);
  }

  private pushMemberStatus(from: "member" | "kicked", to: "member" | "kicked"): void {
    if (!this.chat.started) return;
    const bot = this.core.botUser();
    const member = (status: "member" | "kicked") =>
      status === "kicked" ? { status, user: bot, until_date: 0 } : { status, user: bot };
    this.core.updates.push({
      my_chat_member: {
        chat: this.chat.chat,
        from: this.chat.user,
        date: this.core.unixTime(),
        old_chat_member: member(from),
        new_chat_member: member(to),
      },
    });
  }

  private findInlineButton(pattern: string | RegExp, messageId?: number): { message: Message; button: InlineKeyboardButton } {
    const candidates =
      messageId !== undefined
        ? [this.chat.find(messageId)].filter((m) => m !== undefined)
        : this.chat.visible().filter((m) => m.fromBot).reverse(); // newest first
    for (const { message } of candidates) {
      if (!isInline(message.reply_markup)) continue;
      const button = message.reply_markup.inline_keyboard.flat().find((b) => matches(b.text, pattern));
      if (button) return { message, button };
    }
    const where = messageId !== undefined ? `message #${messageId}` : "any bot message";
    throw new Error(`tap(${show(pattern)}): no inline button matches on ${where}. Visible inline buttons (newest first):\n${this.visibleButtons()}\n${describeChat(this.chat)}`);
  }

  private visibleButtons(): string {
    const lines = this.chat
      .visible()
      .filter((m) => isInline(m.message.reply_markup))
      .reverse()
      .map((m) => `  #${m.message.message_id}: ${inlineRows(m.message).join(" / ")}`);
    return lines.length ? lines.join("\n") : "  (none)";
  }
}

const inlineRows = (m: Message): string[] =>
  isInline(m.reply_markup) ? m.reply_markup.inline_keyboard.map((row) => row.map((b) => `[${b.text}]`).join(" ")) : [];

function isPlainButton(b: KeyboardButton): boolean {
  return typeof b === "string" || Object.keys(b).every((k) => k === "text" || k === "style" || k === "icon_custom_emoji_id");
}

/** Telegram marks every /command in a text as a bot_command entity. */
function commandEntities(text: string): MessageEntity[] {
  const entities: MessageEntity[] = [];
  for (const m of text.matchAll(/(^|\s)(\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?)(?=$|\s)/g)) {
    entities.push({ type: "bot_command", offset: m.index + m[1]!.length, length: m[2]!.length });
  }
  return entities;
}
