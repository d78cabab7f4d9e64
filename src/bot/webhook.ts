// Webhook mode (BOT_MODE=webhook): Telegram posts updates to WEBHOOK_URL; any number of instances behind a
// load balancer share them. Pieces: the HTTP route (src/server/webhook-handler.ts: secret, claim, 200), the
// dispatcher (./webhook-dispatcher.ts: per-chat order across instances), and here the glue — registering
// the webhook with Telegram at start and stopping without losing what was already claimed.
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Bot } from "grammy";
import type { LeaseRepository, ProcessedUpdateRepository } from "../domain/update-claims.js";
import type { Logger } from "../logger.js";
import { createWebhookHandler } from "../server/webhook-handler.js";
import type { BotContext } from "./context.js";
import { ALLOWED_UPDATES } from "./polling.js";
import { createUpdateDispatcher } from "./webhook-dispatcher.js";

/** How long stop() waits for claimed updates to finish (main.ts exits after 20 s in any case). */
const DRAIN_MS = 10_000;

export interface WebhookModeDeps {
  /** WEBHOOK_URL and WEBHOOK_SECRET (createConfig requires both in webhook mode). */
  url: string | undefined;
  secret: string | undefined;
  claims: ProcessedUpdateRepository;
  leases: LeaseRepository;
  logger: Logger;
  onDuplicate?: () => void;
}

export interface WebhookMode {
  /** This instance's id (lease holder, ProcessedUpdate.instance). */
  instance: string;
  /** For the HTTP server: POST on this path goes to `handle`. */
  route: { path: string; handle(req: IncomingMessage, res: ServerResponse): void };
  /** Tells Telegram where to post (call once the server listens). */
  register(): Promise<void>;
  /** New posts get 503 (Telegram retries them, on another instance); claimed updates finish. */
  stop(): Promise<void>;
}

/** Unique per process start, readable in the table: host, pid and a few random bytes. */
export function newInstanceId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
}

export function createWebhookMode(bot: Bot<BotContext>, deps: WebhookModeDeps): WebhookMode {
  const { url, secret } = deps;
  if (!url || !secret) throw new Error("BOT_MODE=webhook needs WEBHOOK_URL and WEBHOOK_SECRET (see .env.example).");
  const instance = newInstanceId();
  const dispatcher = createUpdateDispatcher({
    instance,
    leases: deps.leases,
    logger: deps.logger,
    // The same error handling as polling (polling.ts hands bot.errorHandler to the runner).
    handle: async (update) => {
      try {
        await bot.handleUpdate(update);
      } catch (error) {
        await bot.errorHandler(error as Parameters<typeof bot.errorHandler>[0]);
      }
    },
  });
  const handler = createWebhookHandler({ secret, claims: deps.claims, dispatcher, instance, logger: deps.logger, onDuplicate: deps.onDuplicate });
  return {
    instance,
    route: { path: new URL(url).pathname, handle: handler.handle },
    async register() {
      await bot.api.setWebhook(url, { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES], drop_pending_updates: false });
      deps.logger.info({ instance }, "webhook registered");
    },
    async stop() {
      await handler.stopAccepting();
      await dispatcher.drain(DRAIN_MS);
    },
  };
}

/**
 * Long polling cannot start while a webhook is set (Telegram answers getUpdates with 409), so switching
 * an installation back from webhook mode removes it first. Pending updates are kept.
 */
export async function removeWebhook(bot: Bot<BotContext>, logger: Logger): Promise<void> {
  try {
    await bot.api.deleteWebhook({ drop_pending_updates: false });
  } catch (error) {
    logger.warn({ err: (error as Error).message }, "could not remove a webhook before polling");
  }
}
