import { Composer, InputFile } from "grammy";
import type { PersonalDataExport, PrivacyRepository } from "../../domain/privacy.js";
import { citizenCanCancel, isRequestStatus } from "../../domain/request-lifecycle.js";
import type { RegionDirectory } from "../../domain/region-directory.js";
import { refreshCommandMenu, type MenuDeps } from "../commands.js";
import type { BotContext } from "../context.js";
import { onAction } from "../helpers/on-action.js";
import { describePersonalData } from "../helpers/personal-data-text.js";
import { showScreen } from "../helpers/show-screen.js";
import { createBackToMenuKeyboard } from "../keyboards/main-menu.js";
import { createEraseConfirmKeyboard, createMyDataKeyboard } from "../keyboards/privacy.js";

/**
 * "Your data" (Law on Personal Data No. 94-V: access and destruction): /mydata shows and sends everything
 * Kelisim stores about the person; /deletedata erases the personal part after an explicit confirmation.
 * Both act only on the sender's own Telegram id, so there is nothing in the callback data to forge.
 */
export function createPrivacyFeature(deps: MenuDeps & { privacy: PrivacyRepository; regions: RegionDirectory; timeZone: string; now: () => Date }): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.command("mydata", async (ctx) => {
    if (!ctx.from) return;
    const data = await deps.privacy.exportFor(BigInt(ctx.from.id));
    if (!data) return showScreen(ctx, ctx.t("privacy:summary.nothingStored"), createBackToMenuKeyboard(ctx.t));
    const c = { t: ctx.t, locale: ctx.locale, regions: deps.regions, timeZone: deps.timeZone };
    for (const text of describePersonalData(c, data)) await ctx.reply(text, { parse_mode: "HTML", link_preview_options: { is_disabled: true } });
    const json = JSON.stringify({ exportedAt: deps.now().toISOString(), ...data }, null, 2);
    await ctx.replyWithDocument(new InputFile(Buffer.from(json, "utf8"), "kelisim-my-data.json"), {
      caption: ctx.t("privacy:export.caption"),
      reply_markup: createMyDataKeyboard(ctx.t),
    });
  });

  async function explainErase(ctx: BotContext) {
    if (!ctx.from) return;
    const data = await deps.privacy.exportFor(BigInt(ctx.from.id));
    const open = openRequestCodes(data);
    const openText = open.length > 0 ? ctx.t("privacy:erase.openRequests", { codes: open.join(", ") }) : ctx.t("privacy:erase.noOpenRequests");
    const asMediator = data?.mediator ? [ctx.t("privacy:erase.mediatorExtra")] : [];
    await showScreen(ctx, [ctx.t("privacy:erase.explain"), ...asMediator, openText, ctx.t("privacy:erase.question")].join("\n\n"), createEraseConfirmKeyboard(ctx.t));
  }
  feature.command("deletedata", explainErase);
  onAction(feature, "erase-ask", explainErase);

  onAction(feature, "erase-confirm", async (ctx) => {
    if (!ctx.from) return;
    const { cancelledRequests, keptRequests } = await deps.privacy.eraseFor(BigInt(ctx.from.id), deps.now());
    const lines = [ctx.t("privacy:erase.done")];
    if (cancelledRequests > 0) lines.push(ctx.t("privacy:erase.cancelled", { count: cancelledRequests }));
    if (keptRequests > 0) lines.push(ctx.t("privacy:erase.keptStatistics", { count: keptRequests }));
    lines.push(ctx.t("privacy:erase.keptId"));
    await showScreen(ctx, lines.join("\n\n"), createBackToMenuKeyboard(ctx.t));
    // An erased mediator's profile is suspended: their commands leave the "/" menu.
    await refreshCommandMenu(ctx.api, deps, BigInt(ctx.from.id));
  });

  onAction(feature, "erase-keep", (ctx) => showScreen(ctx, ctx.t("privacy:erase.keptAll"), createBackToMenuKeyboard(ctx.t)));

  return feature;
}

/** The same rule as the erasure itself: a request a citizen could still withdraw is cancelled by erasing. */
function openRequestCodes(data: PersonalDataExport | null): string[] {
  return (data?.requests ?? []).filter((r) => isRequestStatus(r.status) && citizenCanCancel(r.status)).map((r) => r.code);
}
