import { Composer, InlineKeyboard, InputFile } from "grammy";
import type { Logger } from "../../logger.js";
import { parseStartPayload, type DeepLinkStartRepository } from "../../domain/deep-link.js";
import type { AuditRepository, OperatorDirectory } from "../../domain/operators.js";
import { posterLink, type PosterRepository } from "../../domain/poster.js";
import { nameIn, type Rayon } from "../../domain/region.js";
import type { RegionDirectory } from "../../domain/region-directory.js";
import { pack } from "../callback-data/actions.js";
import { parsePoster } from "../callback-data/poster.js";
import type { BotContext } from "../context.js";
import { isOperator } from "../filters/is-operator.js";
import { showScreen } from "../helpers/show-screen.js";
import type { I18n } from "../i18n.js";
import { posterContent } from "../posters/poster-content.js";
import { createPosterOblastKeyboard, createPosterRayonKeyboard } from "../posters/poster-keyboards.js";

// pdfkit (with its fonts and tables) and qrcode are loaded on the first poster, not at start-up: together they
// take about 10 MB of resident memory that a bot which never prints a poster would carry (issue #17).
const loadPosterPdf = () => import("../posters/poster-pdf.js");
const loadQr = () => import("../posters/qr.js");

export interface PostersFeatureDeps {
  operators: OperatorDirectory;
  regions: RegionDirectory;
  posters: PosterRepository;
  deepLinkStarts: DeepLinkStartRepository;
  audit: AuditRepository;
  i18n: I18n;
  logger: Logger;
  now: () => Date;
}

/**
 * Rayon posters. /start r_<KATO> (the poster's QR code) of a real rayon counts the start (once per person
 * and rayon), remembers the rayon for the
 * intake and greets with its name; any other /start goes on to the ordinary greeting. /poster (operators)
 * picks an oblast and a rayon and sends the A4 PDF and the QR code as a PNG; every tap is re-authorised.
 */
export function createPostersFeature(deps: PostersFeatureDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const allowed = isOperator(deps.operators);

  feature.command("start", async (ctx, next) => {
    const link = parseStartPayload(ctx.match);
    const rayon = link?.kind === "poster" ? deps.regions.rayonByKato(link.kato) : undefined;
    if (!rayon || !ctx.user) return next();
    await deps.deepLinkStarts.record({ kind: "poster", ref: rayon.kato, userId: ctx.user.id, newUser: ctx.isNewUser, at: deps.now() });
    await deps.posters.setPreferredRayon(ctx.user.id, rayon.code);
    const oblast = deps.regions.oblast(rayon.oblastCode)!;
    const keyboard = new InlineKeyboard()
      .text(ctx.t("posters:start.request"), pack({ type: "request-mediator" })).row()
      .text(ctx.t("menu.language"), pack({ type: "language-picker" }))
      .text(ctx.t("posters:start.menu"), pack({ type: "menu" }));
    await ctx.reply(ctx.t("posters:start.greeting", { rayon: nameIn(rayon, ctx.locale), oblast: nameIn(oblast, ctx.locale) }), { parse_mode: "HTML", reply_markup: keyboard });
  });

  const showOblasts = (ctx: BotContext, page: number) => showScreen(ctx, ctx.t("posters:chooseOblast"), createPosterOblastKeyboard(ctx.t, ctx.locale, deps.regions, page));

  async function sendPoster(ctx: BotContext, rayon: Rayon) {
    const oblast = deps.regions.oblast(rayon.oblastCode)!;
    const link = posterLink(ctx.me.username, rayon);
    const count = await deps.posters.activeMediatorCount(rayon.code);
    const now = deps.now();
    await ctx.replyWithChatAction("upload_document").catch(() => undefined);
    const [{ renderPosterPdf }, { renderQrPng }] = await Promise.all([loadPosterPdf(), loadQr()]);
    const pdf = await renderPosterPdf(posterContent(deps.i18n, deps.regions, rayon, count, link), now);
    const file = `kelisim-poster-${rayon.kato}`;
    await ctx.replyWithDocument(new InputFile(pdf, `${file}.pdf`), {
      caption: ctx.t("posters:caption", { rayon: nameIn(rayon, ctx.locale), oblast: nameIn(oblast, ctx.locale), count, link }),
      parse_mode: "HTML",
    });
    // A document, not a photo: Telegram recompresses photos, which can blur the modules.
    await ctx.replyWithDocument(new InputFile(renderQrPng(link), `${file}-qr.png`), { caption: ctx.t("posters:qrCaption") });
    await deps.audit.record({ actorId: ctx.user?.id ?? null, action: "poster.generated", targetType: "rayon", targetId: rayon.code, details: { kato: rayon.kato, mediators: count } }, now);
  }

  feature.command("poster").filter(allowed, (ctx) => showOblasts(ctx, 0));
  feature.on("callback_query:data", async (ctx, next) => {
    const action = parsePoster(ctx.callbackQuery.data);
    if (!action || action.type === "assist") return next();
    if (!(await allowed(ctx))) {
      await ctx.answerCallbackQuery({ text: ctx.t("posters:notAllowed"), show_alert: true });
      return;
    }
    if (action.type === "oblasts") {
      await ctx.answerCallbackQuery();
      return showOblasts(ctx, action.page);
    }
    const oblast = action.type === "rayons" ? deps.regions.oblast(action.oblastCode) : undefined;
    const rayon = action.type === "make" ? deps.regions.rayonByKato(action.kato) : undefined;
    if (!oblast && !rayon) {
      await ctx.answerCallbackQuery({ text: ctx.t("posters:stale") });
      return;
    }
    await ctx.answerCallbackQuery();
    if (oblast && action.type === "rayons") {
      return showScreen(ctx, ctx.t("posters:chooseRayon", { oblast: nameIn(oblast, ctx.locale) }), createPosterRayonKeyboard(ctx.t, ctx.locale, deps.regions, oblast.code, action.page));
    }
    return sendPoster(ctx, rayon!);
  });
  return feature;
}
