// Webhook delivery: POSTs pending updates one at a time (like max_connections=1,
// which keeps order deterministic) and retries failures after a short,
// growing delay. A JSON body with a "method" in the webhook's answer is
// executed as an API call, as Telegram does for webhook replies.
import http from "node:http";
import https from "node:https";
import type { Update } from "grammy/types";
import { sleep } from "./sleep.js";

export interface WebhookReply {
  method: string;
  payload: Record<string, unknown>;
}

interface Source {
  peek(): Update | undefined;
  /** Every pending update, oldest first (concurrent delivery picks the first one not in flight). */
  all(): readonly Update[];
  ack(updateId: number): void;
  count(): number;
}

const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 2000;

export class WebhookDelivery {
  url: string | undefined;
  private secret: string | undefined;
  private maxConnections = 40;
  private lastError: { date: number; message: string } | undefined;
  private running = false;
  // Bumped on every set/delete so a delivery loop for an old URL stops.
  private generation = 0;
  private readonly closing = new AbortController();
  // Opt-in (redeliver()): every n-th successfully delivered update is posted once more.
  private redeliverEvery: number | undefined;
  private deliveredCount = 0;
  // Opt-in (concurrently()): up to this many posts at once, as Telegram does up to max_connections.
  private concurrency = 1;
  private workers = 0;
  private readonly inFlight = new Set<number>();

  constructor(
    private readonly source: Source,
    private readonly onReply: (reply: WebhookReply) => void,
    private readonly now: () => number,
  ) {}

  set(url: string, opts: { secretToken?: string; maxConnections?: number }): void {
    this.url = url;
    this.secret = opts.secretToken;
    this.maxConnections = opts.maxConnections ?? 40;
    this.lastError = undefined;
    this.generation++;
    this.kick();
  }

  delete(): void {
    this.url = undefined;
    this.secret = undefined;
    this.generation++;
  }

  info(): Record<string, unknown> {
    return {
      url: this.url ?? "",
      has_custom_certificate: false,
      pending_update_count: this.source.count(),
      ...(this.url ? { max_connections: this.maxConnections, ip_address: "127.0.0.1" } : {}),
      ...(this.lastError ? { last_error_date: this.lastError.date, last_error_message: this.lastError.message } : {}),
    };
  }

  /** Starts the delivery loop unless it is already running. */
  kick(): void {
    if (this.concurrency > 1) return this.fillWorkers();
    if (this.running || !this.url || this.closing.signal.aborted) return;
    this.running = true;
    void this.deliverAll(this.generation).finally(() => (this.running = false));
  }

  /**
   * Posts every `every`-th update a second time after its successful delivery, as Telegram does when
   * the answer to the first one was lost (a timeout, a dropped connection). Undefined turns it off.
   */
  redeliver(every: number | undefined): void {
    this.redeliverEvery = every;
  }

  /**
   * Posts up to `connections` updates at the same time (Telegram's max_connections; it then keeps no
   * order between them). 1, the default, posts one at a time in order.
   */
  concurrently(connections: number): void {
    this.concurrency = Math.max(1, connections);
    this.kick();
  }

  close(): void {
    this.closing.abort();
  }

  private async deliverAll(generation: number): Promise<void> {
    let retryMs = FIRST_RETRY_MS;
    while (generation === this.generation && this.url && !this.closing.signal.aborted) {
      const update = this.source.peek();
      if (!update) return;
      const error = await this.deliver(this.url, update);
      if (error === undefined) {
        this.source.ack(update.update_id);
        retryMs = FIRST_RETRY_MS;
        this.deliveredCount++;
        if (this.redeliverEvery && this.deliveredCount % this.redeliverEvery === 0) await this.deliver(this.url, update);
        continue;
      }
      if (this.closing.signal.aborted) return;
      this.lastError = { date: Math.floor(this.now() / 1000), message: error };
      await sleep(retryMs, this.closing.signal);
      retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
    }
  }

  private nextUndelivered(): Update | undefined {
    return this.source.all().find((u) => !this.inFlight.has(u.update_id));
  }

  private fillWorkers(): void {
    while (this.url && !this.closing.signal.aborted && this.workers < this.concurrency && this.nextUndelivered()) {
      this.workers++;
      void this.deliverConcurrently(this.generation).finally(() => this.workers--);
    }
  }

  /** One of `concurrency` workers: like deliverAll, but takes the oldest update nobody is posting. */
  private async deliverConcurrently(generation: number): Promise<void> {
    let retryMs = FIRST_RETRY_MS;
    while (generation === this.generation && this.url && !this.closing.signal.aborted) {
      const update = this.nextUndelivered();
      if (!update) return;
      this.inFlight.add(update.update_id);
      const error = await this.deliver(this.url, update);
      this.inFlight.delete(update.update_id);
      if (error === undefined) {
        this.source.ack(update.update_id);
        retryMs = FIRST_RETRY_MS;
        this.deliveredCount++;
        if (this.redeliverEvery && this.deliveredCount % this.redeliverEvery === 0) await this.deliver(this.url, update);
        continue;
      }
      if (this.closing.signal.aborted) return;
      this.lastError = { date: Math.floor(this.now() / 1000), message: error };
      await sleep(retryMs, this.closing.signal);
      retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
    }
  }

  /** Returns undefined on success, else Telegram's last_error_message wording. */
  private deliver(url: string, update: Update): Promise<string | undefined> {
    const body = Buffer.from(JSON.stringify(update));
    const headers: Record<string, string | number> = { "content-type": "application/json", "content-length": body.length };
    if (this.secret) headers["x-telegram-bot-api-secret-token"] = this.secret;
    const client = url.startsWith("https:") ? https : http;

    return new Promise((resolve) => {
      const req = client.request(url, { method: "POST", headers, signal: this.closing.signal }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", () => resolve("Connection reset by peer"));
        res.on("end", () => {
          const status = res.statusCode ?? 0;
          if (status < 200 || status >= 300) return resolve(`Wrong response from the webhook: ${status} ${res.statusMessage ?? ""}`.trim());
          this.handleReply(Buffer.concat(chunks), res.headers["content-type"]);
          resolve(undefined);
        });
      });
      req.on("error", (e: NodeJS.ErrnoException) =>
        resolve(e.code === "ECONNREFUSED" ? "Connection refused" : `Connection error: ${e.message}`),
      );
      req.end(body);
    });
  }

  private handleReply(body: Buffer, contentType: string | undefined): void {
    if (body.length === 0 || !contentType?.includes("application/json")) return;
    try {
      const parsed = JSON.parse(body.toString("utf8")) as Record<string, unknown>;
      if (typeof parsed.method === "string") {
        const { method, ...payload } = parsed;
        this.onReply({ method, payload });
      }
    } catch {
      // Telegram ignores bodies it cannot parse.
    }
  }
}
