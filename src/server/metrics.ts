// Prometheus metrics (prom-client), served at /metrics by the health server. Labels are kinds and method
// names only — never a user id, a text or a phone.
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { MiddlewareFn, Transformer } from "grammy";

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "kelisim_" });
  const updates = new Counter({ name: "kelisim_updates_total", help: "Updates handled, by kind", labelNames: ["kind"], registers: [registry] });
  const handlerSeconds = new Histogram({
    name: "kelisim_handler_seconds", help: "Time to handle one update", labelNames: ["kind"], registers: [registry],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  });
  const apiCalls = new Counter({ name: "kelisim_bot_api_calls_total", help: "Bot API calls, by method", labelNames: ["method"], registers: [registry] });
  const apiErrors = new Counter({ name: "kelisim_bot_api_errors_total", help: "Bot API calls that failed, by method and error code", labelNames: ["method", "code"], registers: [registry] });
  const jobItems = new Counter({ name: "kelisim_job_items_total", help: "Items handled by jobs (offers expired, reminders, broadcast messages)", labelNames: ["job"], registers: [registry] });
  const duplicateUpdates = new Counter({ name: "kelisim_webhook_duplicate_updates_total", help: "Webhook deliveries skipped because the update was already taken (redelivery, or another instance)", registers: [registry] });
  // Business events, by outcome only (never who): see countBroadcast, countReminder and countOffer below.
  const broadcastMessages = new Counter({ name: "kelisim_broadcast_messages_total", help: "Broadcast messages: queued (handed to the sender), sent, blocked, failed, interrupted", labelNames: ["outcome"], registers: [registry] });
  const reminderEvents = new Counter({ name: "kelisim_reminders_total", help: "Reminders: sent, missed (fell due while down, session over), skipped, failed", labelNames: ["outcome"], registers: [registry] });
  const offerEvents = new Counter({ name: "kelisim_offers_total", help: "Offers: offered, accepted, declined, expired, unmatched (nobody left)", labelNames: ["outcome"], registers: [registry] });

  return {
    registry,
    jobItems,
    countDuplicateUpdate: () => duplicateUpdates.inc(),
    countBroadcast: (outcome: string, count = 1) => broadcastMessages.inc({ outcome }, count),
    countReminder: (outcome: string) => reminderEvents.inc({ outcome }),
    countOffer: (outcome: string) => offerEvents.inc({ outcome }),
    /** Counts and times every update, by its kind (message, callback_query, …). */
    middleware(): MiddlewareFn {
      return async (ctx, next) => {
        const kind = Object.keys(ctx.update).find((k) => k !== "update_id") ?? "unknown";
        const stop = handlerSeconds.startTimer({ kind });
        try {
          await next();
        } finally {
          stop();
          updates.inc({ kind });
        }
      };
    },
    /** Counts every outgoing Bot API call and its failures. */
    transformer(): Transformer {
      return async (prev, method, payload, signal) => {
        apiCalls.inc({ method });
        try {
          const result = await prev(method, payload, signal);
          if (!result.ok) apiErrors.inc({ method, code: String(result.error_code) });
          return result;
        } catch (error) {
          apiErrors.inc({ method, code: "network" });
          throw error;
        }
      };
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
