// Job: due broadcasts are sent, one delivery row per recipient. A broadcast is taken with a lease (one
// instance at a time); deliveries are claimed in small batches (pending → claimed), each is marked
// claimed → sending just before its own send and finished as sent, blocked (403: the person blocked the bot
// or left Telegram — never retried) or failed. The Api object it is given paces message sends below
// Telegram's limits and retries 429/5xx (src/bot/api/broadcast-api.ts). On resume, rows found "sending"
// are marked failed ("interrupted"), never resent; rows found "claimed" were never sent and go back to
// pending: see domain/broadcast.ts.
// The operator's progress message is edited at most every PROGRESS_EVERY_MS and once at the end.
import { GrammyError, type Api } from "grammy";
import type { BroadcastRecord, BroadcastRepository, ClaimedDelivery, DeliveryCounts } from "../domain/broadcast.js";
import type { Logger } from "../logger.js";

export type ProgressPhase = "running" | "done" | "cancelled";

export interface BroadcastProgressView {
  text: string;
  /** Inline keyboard (a cancel button while running). */
  markup?: { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> };
}

export interface RunBroadcastsDeps {
  broadcasts: BroadcastRepository;
  /** Sends the recipients' messages (paced and retried). */
  api: Api;
  logger: Logger;
  /** The operator's progress message, in their language. */
  renderProgress(record: BroadcastRecord, counts: DeliveryCounts, elapsedMs: number, phase: ProgressPhase): Promise<BroadcastProgressView>;
  /** Aborted when the app stops: no new claims, in-flight sends finish, the lease is released. */
  signal?: AbortSignal;
  /** Real time in ms, for rate, ETA and the progress cadence (the job's `now` may be a fake clock). */
  clock?: () => number;
  /** Messages in flight at once (the pacer decides when each may go). */
  concurrency?: number;
  progressEveryMs?: number;
  /** Told of deliveries by outcome (metrics): queued = handed to the sender, then sent/blocked/failed/interrupted. */
  onDelivery?(outcome: "queued" | "sent" | "blocked" | "failed" | "interrupted", count?: number): void;
}

export interface RunBroadcastsResult {
  broadcasts: number;
  sent: number;
  blocked: number;
  failed: number;
  interrupted: number;
}

export const LEASE_MS = 60_000;
export const PROGRESS_EVERY_MS = 3_000;
const BATCH = 10;
const DEFAULT_CONCURRENCY = 8;

export async function runBroadcasts(deps: RunBroadcastsDeps, now: Date): Promise<RunBroadcastsResult> {
  const result: RunBroadcastsResult = { broadcasts: 0, sent: 0, blocked: 0, failed: 0, interrupted: 0 };
  for (const id of await deps.broadcasts.findDue(now)) {
    if (deps.signal?.aborted) break;
    const lease = new Date(now.getTime() + LEASE_MS);
    if (!(await deps.broadcasts.takeLease(id, now, lease))) continue;
    result.broadcasts++;
    try {
      await sendBroadcast(deps, id, now, lease, result);
    } catch (error) {
      deps.logger.error({ broadcastId: id, err: (error as Error)?.message }, "broadcast run failed");
      await deps.broadcasts.releaseLease(id).catch(() => undefined);
    }
  }
  return result;
}

async function sendBroadcast(deps: RunBroadcastsDeps, id: number, now: Date, lease: Date, result: RunBroadcastsResult): Promise<void> {
  const { broadcasts } = deps;
  const clock = deps.clock ?? Date.now;
  const started = clock();
  // Whatever a stopped holder left: "sending" may have gone out (failed, never resent); "claimed" has not.
  const interrupted = await broadcasts.failInterrupted(id);
  result.interrupted += interrupted;
  if (interrupted > 0) deps.onDelivery?.("interrupted", interrupted);
  await broadcasts.releaseClaimed(id);
  const record = await broadcasts.find(id);
  if (!record) return;
  const elapsed = () => clock() - started;

  let lastProgress = started;
  let progressInFlight: Promise<void> | undefined;
  const showProgress = async (phase: ProgressPhase) => {
    if (record.progressChatId === null || record.progressMessageId === null) return;
    const view = await deps.renderProgress(record, await broadcasts.counts(id), elapsed(), phase);
    await deps.api
      .editMessageText(Number(record.progressChatId), record.progressMessageId, view.text, { parse_mode: "HTML", ...(view.markup ? { reply_markup: view.markup } : { reply_markup: { inline_keyboard: [] } }) })
      .catch((error: Error) => deps.logger.debug({ broadcastId: id, err: error.message }, "progress edit failed"));
  };
  const maybeProgress = () => {
    if (progressInFlight || clock() - lastProgress < (deps.progressEveryMs ?? PROGRESS_EVERY_MS)) return;
    lastProgress = clock();
    progressInFlight = showProgress("running").finally(() => (progressInFlight = undefined));
  };

  const queue: ClaimedDelivery[] = [];
  let refill: Promise<void> | undefined;
  let exhausted = false;
  let cancelled = false;
  let leaseLost = false;
  const stopped = () => cancelled || leaseLost || deps.signal?.aborted === true;
  // The lease is renewed on a timer (not only between batches): long retry_after waits must not let it lapse.
  // Renewal is conditional on the lease we hold; if another instance took over, this one stops claiming.
  let held = lease;
  const renew = async () => {
    if (stopped()) return;
    const until = new Date(now.getTime() + elapsed() + LEASE_MS);
    if (await broadcasts.renewLease(id, held, until)) held = until;
    else if ((await broadcasts.statusOf(id)) === "sending") leaseLost = true;
    else cancelled = true;
  };
  let renewing: Promise<void> | undefined;
  const renewTimer = setInterval(() => void (renewing ??= renew().catch(() => undefined).finally(() => (renewing = undefined))), LEASE_MS / 4);
  const next = async (): Promise<ClaimedDelivery | undefined> => {
    for (;;) {
      if (stopped()) return undefined;
      const delivery = queue.shift();
      if (delivery) return delivery;
      if (exhausted) return undefined;
      refill ??= (async () => {
        // Between batches (every few hundred ms): an operator's cancel is seen here.
        if ((await broadcasts.statusOf(id)) !== "sending") {
          cancelled = true;
          return;
        }
        const batch = await broadcasts.claim(id, BATCH);
        if (batch.length === 0) exhausted = true;
        queue.push(...batch);
      })().finally(() => (refill = undefined));
      await refill;
    }
  };

  const worker = async () => {
    for (let delivery = await next(); delivery; delivery = await next()) {
      // claimed → sending only now: a crash from here until finishDelivery fails this row alone.
      // False: it was put back or taken by another holder after a lease takeover — not ours to send.
      if (!(await broadcasts.markSending(delivery.id))) continue;
      deps.onDelivery?.("queued");
      const outcome = await deliver(deps.api, record, delivery);
      await broadcasts.finishDelivery(delivery.id, outcome);
      result[outcome.status]++;
      deps.onDelivery?.(outcome.status);
      maybeProgress();
    }
  };
  try {
    await Promise.all(Array.from({ length: deps.concurrency ?? DEFAULT_CONCURRENCY }, worker));
  } finally {
    clearInterval(renewTimer);
    await renewing;
  }
  // Claimed but never sent (cancel or stop between messages): back to pending, so nothing is lost or doubled.
  // After a takeover the new holder has already released them (and may have claimed them again): leave them.
  const unsent = queue.splice(0).map((d) => d.id);
  if (!leaseLost) await broadcasts.unclaim(unsent);
  await progressInFlight;

  if (leaseLost) {
    deps.logger.warn({ broadcastId: id }, "broadcast lease taken over by another instance; stopped here");
    return;
  }
  if (deps.signal?.aborted && !cancelled) {
    await broadcasts.releaseLease(id); // another start (or instance) resumes right away
    return;
  }
  if (!cancelled) await broadcasts.finish(id, new Date(now.getTime() + elapsed()));
  await showProgress(cancelled ? "cancelled" : "done");
  deps.logger.info({ broadcastId: id, cancelled, ms: elapsed() }, "broadcast finished");
}

async function deliver(api: Api, record: BroadcastRecord, delivery: ClaimedDelivery) {
  const chatId = Number(delivery.telegramId);
  try {
    if (record.photoFileId) await api.sendPhoto(chatId, record.photoFileId, { caption: record.text, parse_mode: "HTML" });
    else await api.sendMessage(chatId, record.text, { parse_mode: "HTML", link_preview_options: { is_disabled: true } });
    return { status: "sent" as const, at: new Date() };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // 403: blocked or deactivated (the Api's transformer has set User.blockedAt); not retried.
    if (error instanceof GrammyError && error.error_code === 403) return { status: "blocked" as const, error: message };
    return { status: "failed" as const, error: message };
  }
}
