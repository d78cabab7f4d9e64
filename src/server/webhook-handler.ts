// POST <WEBHOOK_URL's path>: where Telegram (through the load balancer) delivers updates.
//
// Why claim → 200 → handle in the background, rather than answering after the handler (grammY's
// webhookCallback does that, with a timeout): Telegram waits about a minute for the answer and retries
// anything that is not a 2xx, and a conversation step on a slow database, or a chat waiting for another
// instance's lease, can take long. So the update is first claimed in the database (ProcessedUpdate: the
// insert succeeds once per update_id across all instances), then answered 200 right away, then handled
// by the dispatcher in per-chat order. A redelivery, or the same update on another instance, finds the
// claim taken and is answered 200 without being handled again.
// The price: an instance that dies between the claim and the end of handling loses that update (at most
// once, like the reminders). Stopping cleanly never loses one: new posts get 503 (Telegram retries,
// reaching another instance), and what was claimed is drained before the process exits.
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Update } from "grammy/types";
import type { UpdateDispatcher } from "../bot/webhook-dispatcher.js";
import type { ProcessedUpdateRepository } from "../domain/update-claims.js";
import type { Logger } from "../logger.js";

/** Telegram's updates are small; anything this large is not one. */
const MAX_BODY_BYTES = 1_000_000;
export const SECRET_HEADER = "x-telegram-bot-api-secret-token";

export interface WebhookHandlerDeps {
  secret: string;
  claims: ProcessedUpdateRepository;
  dispatcher: UpdateDispatcher;
  instance: string;
  logger: Logger;
  /** Wall clock for the claim's createdAt (pruning). */
  clock?: () => Date;
  /** Called for every delivery skipped as already taken (metrics). */
  onDuplicate?: () => void;
}

export interface WebhookHandler {
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** From now on, posts get 503; resolves when requests already past that point have dispatched. */
  stopAccepting(): Promise<void>;
}

/** Constant-time comparison of the header with the secret (hashing first makes the lengths equal). */
export function secretMatches(received: string | string[] | undefined, secret: string): boolean {
  if (typeof received !== "string") return false;
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(received), digest(secret));
}

export function createWebhookHandler(deps: WebhookHandlerDeps): WebhookHandler {
  const clock = deps.clock ?? (() => new Date());
  let accepting = true;
  const pending = new Set<Promise<void>>();

  const reply = (res: ServerResponse, status: number, body?: Record<string, unknown>) => {
    res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(body ? JSON.stringify(body) : "{}");
  };

  const receive = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    if (body === undefined) return reply(res, 413, { error: "too large" });
    const update = parseUpdate(body);
    if (!update) return reply(res, 400, { error: "not an update" });
    let claimed: boolean;
    try {
      claimed = await deps.claims.claim(update.update_id, deps.instance, clock());
    } catch (error) {
      // Not claimed, not handled: a 5xx makes Telegram deliver it again (perhaps to another instance).
      deps.logger.error({ updateId: update.update_id, err: (error as Error).message }, "could not claim a webhook update");
      return reply(res, 500, { error: "database unavailable" });
    }
    if (!claimed) {
      deps.onDuplicate?.();
      deps.logger.debug({ updateId: update.update_id }, "duplicate webhook update skipped");
      return reply(res, 200);
    }
    deps.dispatcher.dispatch(update);
    reply(res, 200);
  };

  return {
    handle(req, res) {
      if (!secretMatches(req.headers[SECRET_HEADER], deps.secret)) {
        deps.logger.warn("webhook request with a wrong or missing secret token refused");
        req.resume();
        return reply(res, 401, { error: "unauthorized" });
      }
      if (!accepting) {
        req.resume();
        return reply(res, 503, { error: "stopping" });
      }
      const work = receive(req, res).catch((error: Error) => {
        deps.logger.error({ err: error.message }, "webhook request failed");
        if (!res.headersSent) reply(res, 500, { error: "internal error" });
      });
      pending.add(work);
      void work.finally(() => pending.delete(work));
    },
    async stopAccepting() {
      accepting = false;
      await Promise.all([...pending]);
    },
  };
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk); // beyond that, read to the end and drop
    });
    req.on("end", () => resolve(size <= MAX_BODY_BYTES ? Buffer.concat(chunks) : undefined));
    req.on("error", reject);
  });
}

function parseUpdate(body: Buffer): Update | undefined {
  try {
    const parsed = JSON.parse(body.toString("utf8")) as unknown;
    if (typeof parsed !== "object" || parsed === null) return undefined;
    const id = (parsed as { update_id?: unknown }).update_id;
    return Number.isSafeInteger(id) && (id as number) >= 0 ? (parsed as Update) : undefined;
  } catch {
    return undefined;
  }
}
