import { Composer, InlineKeyboard, InputFile } from "grammy";
import type { OperatorDirectory } from "../../domain/operators.js";
import type { RegionDirectory } from "../../domain/region-directory.js";
import { periodStart, STATS_PERIODS, summarizeStatistics, type StatsPeriod } from "../../domain/statistics.js";
import type { StatsRepository } from "../../db/repositories/stats-repository.js";
import { renderBarChartPng, type Rgb } from "../charts/bar-chart-png.js";
import { packStats, parseStats } from "../callback-data/stats.js";
import type { BotContext } from "../context.js";
import { isOperator } from "../filters/is-operator.js";
import { coverageGapsCsv, PERIOD_BUTTON, renderChartCaption, renderStatsText, statsCsv } from "../helpers/stats-text.js";
import type { Translate } from "../i18n.js";
import type { DeepLinkStartRepository } from "../../domain/deep-link.js";
import { posterStartsText } from "../posters/poster-stats-text.js";

export interface StatsFeatureDeps {
  operators: OperatorDirectory;
  stats: StatsRepository;
  regions: RegionDirectory;
  /** MATCH_RADIUS_KM: a rayon is covered when an active mediator serves a rayon this close. */
  radiusKm: number;
  now: () => Date;
  /** Starts through deep links: the "starts through posters" section. */
  deepLinkStarts: DeepLinkStartRepository;
}

/** Requests in blue, active mediators in orange (named in the caption). */
export const CHART_COLOURS: readonly Rgb[] = [[37, 99, 235], [234, 88, 12]];
const DEFAULT_PERIOD: StatsPeriod = "30d";

function statsKeyboard(t: Translate, current: StatsPeriod): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const period of STATS_PERIODS) keyboard.text(`${period === current ? "• " : ""}${t(PERIOD_BUTTON[period])}`, packStats({ type: "period", period }));
  return keyboard.row().text(t("stats:buttons.csv"), packStats({ type: "csv", period: current }));
}

/**
 * /stats for operators: the chart (PNG) and the summary for a period, period buttons, and CSV files.
 * The command matches only for operators (anyone else gets the ordinary fallback); every tap is re-authorised.
 */
export function createStatsFeature(deps: StatsFeatureDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const allowed = isOperator(deps.operators);
  const rayons = () => deps.regions.oblasts().flatMap((o) => deps.regions.rayonsOf(o.code));

  const summary = async (period: StatsPeriod) => {
    const data = await deps.stats.collect(periodStart(period, deps.now()));
    return summarizeStatistics(data, { oblasts: deps.regions.oblasts(), rayons: rayons() }, deps.radiusKm);
  };

  const showStats = async (ctx: BotContext, period: StatsPeriod) => {
    const s = await summary(period);
    const c = { t: ctx.t, locale: ctx.locale, regions: deps.regions };
    const png = renderBarChartPng({ groups: s.byOblast.map((o) => [o.requests, o.activeMediators]), colours: CHART_COLOURS });
    await ctx.replyWithPhoto(new InputFile(png, `stats-${period}.png`), { caption: renderChartCaption(period, c), parse_mode: "HTML" });
    const posters = await posterStartsText(deps.deepLinkStarts, periodStart(period, deps.now()), c);
    await ctx.reply(`${renderStatsText(s, period, deps.radiusKm, c)}\n\n${posters}`, { parse_mode: "HTML", reply_markup: statsKeyboard(ctx.t, period) });
  };

  const sendCsv = async (ctx: BotContext, period: StatsPeriod) => {
    const s = await summary(period);
    const c = { t: ctx.t, locale: ctx.locale, regions: deps.regions };
    await ctx.replyWithDocument(new InputFile(Buffer.from(statsCsv(s, c), "utf8"), `stats-${period}.csv`));
    await ctx.replyWithDocument(new InputFile(Buffer.from(coverageGapsCsv(s.gaps.noMediator, c), "utf8"), "coverage-gaps.csv"));
  };

  feature.command("stats").filter(allowed, (ctx) => showStats(ctx, DEFAULT_PERIOD));
  feature.on("callback_query:data", async (ctx, next) => {
    const action = parseStats(ctx.callbackQuery.data);
    if (!action) return next();
    if (!(await allowed(ctx))) {
      await ctx.answerCallbackQuery({ text: ctx.t("operator:notAllowed"), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    await (action.type === "period" ? showStats(ctx, action.period) : sendCsv(ctx, action.period));
  });
  return feature;
}
