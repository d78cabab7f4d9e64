// Public types of the Bot API emulator. Kept in one file so tests, benchmarks
// and (later) the browser playground can import them without pulling in the
// server implementation.
import type {
  BotCommand,
  BotCommandScope,
  ForceReply,
  InlineKeyboardMarkup,
  ReplyKeyboardMarkup,
  ReplyKeyboardRemove,
  UserFromGetMe,
} from "grammy/types";

export interface EmulatorOptions {
  botInfo?: Partial<UserFromGetMe>;
  /** Only this token is accepted (others get 401). Any token if omitted. */
  token?: string;
  /** Clock in milliseconds (like Date.now); drives message dates and call timestamps. */
  now?: () => number;
  /** Enforce Telegram's limits (true: 30 msg/s overall, 1 msg/s per chat), answering 429 with retry_after. */
  rateLimits?: boolean | RateLimits;
}

export interface RateLimits {
  perSecond: number;
  perChatPerSecond: number;
}

export interface RandomFaultSpec {
  /** Share of message sends answered 500/502 (nothing delivered). */
  serverErrorRate?: number;
  /** Chats whose message sends get 403 "bot was blocked by the user". */
  blockedChatIds?: readonly number[];
  /** Hold every message send this long. */
  delayMs?: number;
  /** Same seed, same faults. */
  seed?: number;
  /** Share of message sends answered 429 with retry_after 1 (nothing delivered). */
  tooManyRequestsRate?: number;
  /**
   * Share of calls that are carried out and then answered 500 anyway (a reply lost on the way back):
   * a client that retries sends a second copy. Off by default.
   */
  lostAnswerRate?: number;
  /** Methods the random faults apply to (case-insensitive); default: message sends only. */
  methods?: readonly string[];
}

export interface UserInit {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  /** Phone shared by sendContact()/request_contact buttons when none is given. */
  phone_number?: string;
}

export interface ApiCall {
  method: string;
  payload: Record<string, unknown>;
  /** now() when the request arrived. */
  at: number;
  /** Set when the emulator answered with ok:false (validation error or injected fault). */
  error?: { code: number; description: string };
}

export interface FaultSpec {
  /** Method name (case-insensitive). If omitted: any method except getUpdates. */
  method?: string;
  /** How many matching calls to affect. Default 1. */
  times?: number;
  /** Error to answer with. If omitted, the call is only delayed (delayMs) and then served normally. */
  errorCode?: number;
  description?: string;
  retryAfter?: number;
  /** Hold the answer this long (a slow Bot API). */
  delayMs?: number;
}

export type MessageKind = "text" | "photo" | "document" | "location" | "contact" | "voice" | "sticker";

export type AnyReplyMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply;

export interface FileInfo {
  fileName?: string;
  size: number;
  /** Bytes, when they were uploaded (absent for file_id/URL re-sends and fake user files). */
  content?: Buffer;
}

/** A message as a Telegram client shows it. Always a snapshot: later edits do not mutate it. */
export interface ChatMessage {
  messageId: number;
  fromBot: boolean;
  /** Plain text as the user sees it (markup stripped, entities decoded); the caption for media. */
  text?: string;
  /** Raw text/caption as sent (with markup). */
  html?: string;
  parseMode?: string;
  replyMarkup?: AnyReplyMarkup;
  /** Texts of the inline buttons, by row. */
  inlineButtons: string[][];
  kind: MessageKind;
  document?: FileInfo;
  photo?: FileInfo;
  location?: { latitude: number; longitude: number };
  contact?: { phoneNumber: string; firstName: string; userId?: number };
  edited: boolean;
  /** Unix seconds. */
  date: number;
}

export interface CallbackAnswer {
  callbackQueryId: string;
  text?: string;
  showAlert?: boolean;
}

export interface WaitOptions {
  /** Give up after this long. Default 5000. */
  timeoutMs?: number;
  /** The bot counts as done after this long without further changes. Default 60. */
  quietMs?: number;
}

export interface EmulatedUser {
  readonly id: number;
  sendText(text: string): Promise<void>;
  sendContact(phone?: string): Promise<void>;
  sendLocation(lat: number, lon: number): Promise<void>;
  sendVoice(durationSec?: number): Promise<void>;
  sendSticker(): Promise<void>;
  sendPhoto(): Promise<void>;
  /** A file sent as a document (CSV, XLSX…), with these bytes behind getFile. */
  sendDocument(fileName: string, content: Buffer | string, mimeType?: string): Promise<void>;
  tap(buttonText: string | RegExp, opts?: { messageId?: number }): Promise<void>;
  pressReplyButton(text: string | RegExp): Promise<void>;
  /** A callback query with arbitrary data (a tampered client, or a keyboard from an older version). */
  sendCallbackData(data: string, opts?: { messageId?: number }): Promise<void>;
  waitForReply(opts?: WaitOptions): Promise<ChatMessage[]>;
  /** Resolves with the answer to this user's latest callback query (toast-only reactions). */
  waitForCallbackAnswer(opts?: { timeoutMs?: number }): Promise<CallbackAnswer>;
  messages(): ChatMessage[];
  lastBotMessage(): ChatMessage | undefined;
  callbackAnswers(): CallbackAnswer[];
  blockBot(): void;
  unblockBot(): void;
}

export interface BotApiEmulator {
  readonly apiRoot: string;
  readonly botInfo: UserFromGetMe;
  user(from: UserInit): EmulatedUser;
  readonly calls: ApiCall[];
  commands(scope?: { language_code?: string; scope?: BotCommandScope }): BotCommand[] | undefined;
  /** The "/" menu a private chat shows, resolved as Telegram does (chat → all private chats → default; language first). */
  menuOf(chatId: number, languageCode?: string): BotCommand[];
  injectFault(f: FaultSpec): void;
  /** Turn Telegram's rate limits on (or off with undefined) while running. */
  enforceRateLimits(limits?: RateLimits): void;
  /** Seeded random faults on message sends (or off with undefined). */
  injectRandomFaults(faults?: RandomFaultSpec): void;
  /** People who started the bot earlier (no updates are sent): the bot can message them right away. */
  addStartedUsers(users: readonly UserInit[]): void;
  /** Successful message sends per chat id (duplicate checks). */
  deliveredCounts(): Map<number, number>;
  /** Times (now()) of every 429 the rate limiter answered. */
  rateLimitedAt(): readonly number[];
  pendingUpdates(): number;
  /**
   * Queues any update as Telegram would deliver it (edited messages, inline queries, chat member changes,
   * channel posts, forged callback queries…), for fuzzers. Returns its update_id. A callback_query's id is
   * registered so answerCallbackQuery succeeds.
   */
  pushUpdate(body: Record<string, unknown>): number;
  /** Updates the bot has not confirmed yet (long polling: not below its last offset), oldest first. */
  pendingUpdateIds(): number[];
  /** Webhook mode: every `every`-th delivered update is posted a second time (a lost answer); undefined: off. */
  redeliverWebhookUpdates(every: number | undefined): void;
  /** Webhook mode: up to `connections` posts at once (Telegram's max_connections); default 1, in order. */
  deliverWebhookConcurrently(connections: number): void;
  close(): Promise<void>;
}
