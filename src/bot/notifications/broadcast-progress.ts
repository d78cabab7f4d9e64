// The operator's view of a broadcast: the progress message (edited every few seconds) and its final report.
import type { Locale } from "../../config.js";
import { progressFigures, type BroadcastRecord, type DeliveryCounts } from "../../domain/broadcast.js";
import { recipientLocale } from "../../domain/locale.js";
import type { UserRepository } from "../../domain/user.js";
import type { BroadcastProgressView, ProgressPhase } from "../../jobs/run-broadcasts.js";
import { packBroadcast } from "../callback-data/broadcast.js";
import type { I18n, Translate } from "../i18n.js";

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${rest}` : `${m}:${rest}`;
}

export function renderBroadcastProgress(t: Translate, id: number, counts: DeliveryCounts, elapsedMs: number, phase: ProgressPhase): BroadcastProgressView {
  const f = progressFigures(counts, elapsedMs);
  const figures = { id, sent: counts.sent, blocked: counts.blocked, failed: counts.failed, remaining: f.remaining, total: counts.total };
  if (phase === "done") return { text: t("broadcast:progress.done", { ...figures, duration: formatDuration(elapsedMs / 1000) }) };
  if (phase === "cancelled") return { text: t("broadcast:progress.cancelled", figures) };
  const eta = f.etaSeconds === null ? t("broadcast:progress.unknownEta") : formatDuration(f.etaSeconds);
  return {
    text: t("broadcast:progress.running", { ...figures, rate: f.rate, eta }),
    markup: { inline_keyboard: [[{ text: t("broadcast:buttons.stop"), callback_data: packBroadcast({ type: "bc-stop", id }) }]] },
  };
}

export function createBroadcastProgressRenderer(deps: { i18n: I18n; users: UserRepository; defaultLocale: Locale }) {
  return async (record: BroadcastRecord, counts: DeliveryCounts, elapsedMs: number, phase: ProgressPhase): Promise<BroadcastProgressView> => {
    const operator = record.progressChatId === null ? null : await deps.users.findByTelegramId(record.progressChatId);
    return renderBroadcastProgress(deps.i18n.t(recipientLocale(operator, deps.defaultLocale)), record.id, counts, elapsedMs, phase);
  };
}
