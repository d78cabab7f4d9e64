// The update queue. Updates stay pending until confirmed: by a getUpdates
// call with a higher offset (long polling) or by a 2xx from the webhook.
// Only one consumer mode is active at a time, as on the real server.
import type { Update } from "grammy/types";
import { ApiError } from "./errors.js";
import { WebhookDelivery, type WebhookReply } from "./webhook.js";

export type UpdateBody = Omit<Update, "update_id">;

interface Poller {
  limit: number;
  resolve(updates: Update[]): void;
  reject(error: ApiError): void;
  timer: NodeJS.Timeout | undefined;
}

export class UpdateHub {
  // Real update ids are large and only ever increase; starting high catches
  // code that assumes small numbers without making logs unreadable.
  private nextUpdateId = 100_000;
  private pending: Update[] = [];
  private poller: Poller | undefined;
  readonly webhook: WebhookDelivery;

  constructor(onWebhookReply: (reply: WebhookReply) => void, now: () => number) {
    this.webhook = new WebhookDelivery(
      {
        peek: () => this.pending[0],
        all: () => this.pending,
        ack: (id) => (this.pending = this.pending.filter((u) => u.update_id !== id)),
        count: () => this.pending.length,
      },
      onWebhookReply,
      now,
    );
  }

  push(body: UpdateBody): Update {
    // A snapshot: later edits must not change an update that is already queued.
    const update = { update_id: this.nextUpdateId++, ...structuredClone(body) } as Update;
    this.pending.push(update);
    if (this.webhook.url) this.webhook.kick();
    else this.release();
    return update;
  }

  pendingIds(): number[] {
    return this.pending.map((u) => u.update_id);
  }

  pendingCount(): number {
    return this.pending.length;
  }

  dropPending(): void {
    this.pending = [];
  }

  /**
   * getUpdates semantics: confirm everything below `offset` (negative: keep only
   * the last -offset updates), answer at once if something is pending, else
   * hold the request up to `timeout` seconds.
   */
  getUpdates(opts: { offset?: number; limit?: number; timeout?: number }, onAbort: (cb: () => void) => void): Promise<Update[]> {
    if (this.webhook.url) {
      throw new ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    }
    const { offset } = opts;
    if (offset !== undefined && offset < 0) this.pending = this.pending.slice(offset);
    else if (offset !== undefined && offset > 0) this.pending = this.pending.filter((u) => u.update_id >= offset);

    const limit = Math.min(Math.max(opts.limit ?? 100, 1), 100);
    // A second poller means two bot instances; Telegram kicks out the older one.
    this.finishPoller((p) => p.reject(new ApiError(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running")));

    const timeoutSec = opts.timeout ?? 0;
    if (this.pending.length > 0 || timeoutSec <= 0) return Promise.resolve(this.pending.slice(0, limit));

    return new Promise<Update[]>((resolve, reject) => {
      const poller: Poller = { limit, resolve, reject, timer: undefined };
      poller.timer = setTimeout(() => this.finishPoller((p) => p.resolve([]), poller), timeoutSec * 1000);
      this.poller = poller;
      // The client gave up (bot.stop() aborts its poll): forget the waiter; the
      // updates stay pending for the next call.
      onAbort(() => this.finishPoller(() => {}, poller));
    });
  }

  /** Ends a pending long poll with an empty answer (used by close()). */
  endLongPoll(): void {
    this.finishPoller((p) => p.resolve([]));
  }

  private release(): void {
    this.finishPoller((p) => p.resolve(this.pending.slice(0, p.limit)));
  }

  private finishPoller(settle: (p: Poller) => void, only?: Poller): void {
    const p = this.poller;
    if (!p || (only && p !== only)) return;
    this.poller = undefined;
    clearTimeout(p.timer);
    settle(p);
  }
}
