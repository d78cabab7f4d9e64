import { Composer, InlineKeyboard, InputFile } from "grammy";
import type { OperatorDirectory } from "../../domain/operators.js";
import { nameIn } from "../../domain/region.js";
import type { RegionDirectory } from "../../domain/region-directory.js";
import { duePeriod, periodStart, STATS_PERIODS, summarizeFulfilment, summarizeStatistics, type StatsPeriod } from "../../domain/statistics.js";
import type { StatsRepository } from "../../db/repositories/stats-repository.js";
import { packStats, parseStats } from "../callback-data/stats.js";
import type { PictureContext } from "../charts/stats-pictures.js";

// The charts (d3-geo, topojson, the world atlas, resvg) are loaded on the first picture, not at start-up (issue #17).
const charts = () => import("../charts/stats-pictures.js");
import type { BotContext } from "../context.js";
import { isOperator } from "../filters/is-operator.js";
import { coverageGapsCsv, PERIOD_BUTTON, PERIOD_NAME, renderChartCaption, renderFulfilmentText, renderStatsText, statsCsv } from "../helpers/stats-text.js";
import { splitMessage } from "../helpers/split-message.js";
import type { Translate } from "../i18n.js";
import type { DeepLinkStartRepository } from "../../domain/deep-link.js";
import { posterStartsText } from "../posters/poster-stats-text.js";

export interface StatsFeatureDeps {
  operators: OperatorDirectory;
  stats: StatsRepository;
  regions: RegionDirectory;
  /** MATCH_RADIUS_KM: a rayon is covered when an active mediator serves a rayon this close. */
  radiusKm: number;
  /** TIME_ZONE: the date in the pictures' titles and the weeks of the weekly chart. */
  timeZone: string;
  now: () => Date;
  /** Starts through deep links: the "starts through posters" section. */
  deepLinkStarts: DeepLinkStartRepository;
}

const DEFAULT_PERIOD: StatsPeriod = "30d";

function statsKeyboard(t: Translate, current: StatsPeriod): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const period of STATS_PERIODS) keyboard.text(`${period === current ? "• " : ""}${t(PERIOD_BUTTON[period])}`, packStats({ type: "period", period }));
  return keyboard.row()
    .text(t("stats:buttons.map"), packStats({ type: "map", period: current }))
    .text(t("stats:buttons.weekly"), packStats({ type: "weekly", period: current }))
    .text(t("stats:buttons.csv"), packStats({ type: "csv", period: current }))
    .row()
    .text(t("stats:buttons.fulfilment"), packStats({ type: "fulfilment", period: current }));
}

/** Under the country map: one button per oblast (two a row), each zooming the map to it. */
function oblastKeyboard(ctx: BotContext, regions: RegionDirectory, period: StatsPeriod): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  regions.oblasts().forEach((o, i) => {
    keyboard.text(nameIn(o, ctx.locale), packStats({ type: "oblastMap", oblast: o.code, period }));
    if (i % 2 === 1) keyboard.row();
  });
  return keyboard;
}

/**
 * /stats for operators: the per-oblast chart and the summary for a period, period buttons, the coverage map,
 * the weekly chart and CSV files. The command matches only for operators (anyone else gets the ordinary
 * fallback); every tap is re-authorised.
 */
export function createStatsFeature(deps: StatsFeatureDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const allowed = isOperator(deps.operators);
  const rayons = () => deps.regions.oblasts().flatMap((o) => deps.regions.rayonsOf(o.code));

  const load = async (period: StatsPeriod) => {
    const since = periodStart(period, deps.now());
    const [data, agreements] = await Promise.all([deps.stats.collect(since), deps.stats.fulfilment(since, duePeriod(period, deps.now(), deps.timeZone))]);
    const regions = { oblasts: deps.regions.oblasts(), rayons: rayons() };
    return { data, summary: summarizeStatistics(data, regions, deps.radiusKm), fulfilment: summarizeFulfilment(agreements, regions) };
  };
  const pictures = (ctx: BotContext, period: StatsPeriod): PictureContext => ({ t: ctx.t, locale: ctx.locale, regions: deps.regions, radiusKm: deps.radiusKm, timeZone: deps.timeZone, now: deps.now(), period });
  const texts = (ctx: BotContext) => ({ t: ctx.t, locale: ctx.locale, regions: deps.regions });

  const showStats = async (ctx: BotContext, period: StatsPeriod) => {
    const { summary, fulfilment } = await load(period);
    const png = await (await charts()).oblastBarsPng(summary, pictures(ctx, period));
    await ctx.replyWithPhoto(new InputFile(png, `stats-${period}.png`), { caption: renderChartCaption(period, texts(ctx)), parse_mode: "HTML" });
    const posters = await posterStartsText(deps.deepLinkStarts, periodStart(period, deps.now()), texts(ctx));
    // One message as a rule; a very busy country (every oblast with agreements, ten gaps) splits between sections.
    const messages = splitMessage([renderStatsText(summary, period, deps.radiusKm, texts(ctx)), renderFulfilmentText(fulfilment, texts(ctx)), posters]);
    for (const message of messages.slice(0, -1)) await ctx.reply(message, { parse_mode: "HTML" });
    await ctx.reply(messages.at(-1)!, { parse_mode: "HTML", reply_markup: statsKeyboard(ctx.t, period) });
  };

  const sendMap = async (ctx: BotContext, period: StatsPeriod, oblast?: string) => {
    const { data, summary } = await load(period);
    const png = await (await charts()).coverageMapPng(data, summary, pictures(ctx, period), oblast);
    const caption = ctx.t("stats:map.caption", { period: ctx.t(PERIOD_NAME[period]), km: deps.radiusKm });
    await ctx.replyWithPhoto(new InputFile(png, `coverage-map-${oblast ? `${oblast}-` : ""}${period}.png`), { caption });
    if (!oblast) await ctx.reply(ctx.t("stats:map.pickOblast"), { reply_markup: oblastKeyboard(ctx, deps.regions, period) });
  };

  const sendWeekly = async (ctx: BotContext, period: StatsPeriod) => {
    const since = periodStart(period, deps.now());
    const png = await (await charts()).weeklyPng(await deps.stats.weeklyEvents(since), since, pictures(ctx, period));
    await ctx.replyWithPhoto(new InputFile(png, `weekly-${period}.png`), { caption: ctx.t("stats:weekly.caption", { period: ctx.t(PERIOD_NAME[period]) }) });
  };

  const sendFulfilment = async (ctx: BotContext, period: StatsPeriod) => {
    const { fulfilment } = await load(period);
    const png = await (await charts()).fulfilmentPng(fulfilment, pictures(ctx, period));
    await ctx.replyWithPhoto(new InputFile(png, `fulfilment-${period}.png`), { caption: ctx.t("stats:fulfilment.chart.caption", { period: ctx.t(PERIOD_NAME[period]) }) });
  };

  const sendCsv = async (ctx: BotContext, period: StatsPeriod) => {
    const { data, summary, fulfilment } = await load(period);
    await ctx.replyWithDocument(new InputFile(Buffer.from(statsCsv(summary, fulfilment, texts(ctx)), "utf8"), `stats-${period}.csv`));
    await ctx.replyWithDocument(new InputFile(Buffer.from(coverageGapsCsv(summary.gaps.noMediator, texts(ctx)), "utf8"), "coverage-gaps.csv"));
    await ctx.replyWithDocument(new InputFile(await (await charts()).coverageMapPng(data, summary, pictures(ctx, period)), `coverage-map-${period}.png`));
  };

  const actions = { period: showStats, map: (ctx: BotContext, period: StatsPeriod) => sendMap(ctx, period), weekly: sendWeekly, csv: sendCsv, fulfilment: sendFulfilment } as const;
  feature.command("stats").filter(allowed, (ctx) => showStats(ctx, DEFAULT_PERIOD));
  feature.on("callback_query:data", async (ctx, next) => {
    const action = parseStats(ctx.callbackQuery.data);
    if (!action || (action.type === "oblastMap" && !deps.regions.oblast(action.oblast))) return next();
    if (!(await allowed(ctx))) {
      await ctx.answerCallbackQuery({ text: ctx.t("operator:notAllowed"), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    await (action.type === "oblastMap" ? sendMap(ctx, action.period, action.oblast) : actions[action.type](ctx, action.period));
  });
  return feature;
}
