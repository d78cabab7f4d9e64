import { Composer } from "grammy";
import { normalizeClaimCode, type AssistedRequestRepository } from "../../domain/assisted-intake.js";
import { parseStartPayload, type DeepLinkStartRepository } from "../../domain/deep-link.js";
import type { BotContext } from "../context.js";
import { createMainMenuKeyboard } from "../keyboards/main-menu.js";
import type { I18n } from "../i18n.js";
import type { Locale } from "../../config.js";
import { recipientLocale } from "../../domain/locale.js";
import type { Logger } from "../../logger.js";

/**
 * Claiming a request someone filed for you (assisted intake): /start claim_<code> from the link on the
 * note, or /claim <code> typed from paper. The code works once; see src/domain/assisted-intake.ts.
 */
export function createClaimFeature(deps: {
  assisted: AssistedRequestRepository;
  deepLinkStarts: DeepLinkStartRepository;
  i18n: I18n;
  logger: Logger;
  defaultLocale: Locale;
  now: () => Date;
}): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  async function claim(ctx: BotContext, typed: string, fromLink: boolean) {
    const code = normalizeClaimCode(typed);
    if (!code) return ctx.reply(ctx.t("assisted:claim.invalid"), { parse_mode: "HTML" });
    if (!ctx.user) return;
    const result = await deps.assisted.claim(code, ctx.user.id, deps.now());
    if (!result.ok) return ctx.reply(ctx.t(result.reason === "own-request" ? "assisted:claim.own" : "assisted:claim.notFound"), { parse_mode: "HTML" });
    // Counted only when the code worked, and without it: statistics must not hold a way to claim a request.
    if (fromLink) await deps.deepLinkStarts.record({ kind: "claim", userId: ctx.user.id, newUser: ctx.isNewUser, at: deps.now() });
    await ctx.reply(ctx.t("assisted:claim.done", { code: result.request.code }), { parse_mode: "HTML", reply_markup: createMainMenuKeyboard(ctx.t) });
    // The filer no longer gets this request's messages: tell them why, in their language.
    if (result.filer) {
      const t = deps.i18n.t(recipientLocale(result.filer, deps.defaultLocale));
      await ctx.api.sendMessage(Number(result.filer.telegramId), t("assisted:claim.filerNotice", { code: result.request.code }), { parse_mode: "HTML" })
        .catch((error: Error) => deps.logger.warn({ err: error.message }, "telling the filer about a claim failed"));
    }
  }

  feature.command("start", async (ctx, next) => {
    const link = parseStartPayload(ctx.match);
    if (link?.kind !== "claim") return next();
    await claim(ctx, link.code, true);
  });
  feature.command("claim", (ctx) => (ctx.match.trim() === "" ? ctx.reply(ctx.t("assisted:claim.usage"), { parse_mode: "HTML" }) : claim(ctx, ctx.match, false)));
  return feature;
}
