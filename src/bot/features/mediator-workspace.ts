import { Composer } from "grammy";
import type { MediatorCaseRepository } from "../../domain/mediator-case.js";
import type { MediatorProfile, MediatorRepository } from "../../domain/mediator.js";
import type { RegionDirectory } from "../../domain/region-directory.js";
import { parseMediatorAction } from "../callback-data/mediator-actions.js";
import type { BotContext } from "../context.js";
import { MEDIATOR_APPLICATION_CONVERSATION } from "../conversations/mediator-application/mediator-application.js";
import { caseBlock, profileScreenText, type MediatorTextContext } from "../helpers/mediator-text.js";
import { showScreen } from "../helpers/show-screen.js";
import { splitMessage } from "../helpers/split-message.js";
import { withOtherPartyButtons } from "../keyboards/invitations.js";
import { withContractButtons } from "../keyboards/case-documents.js";
import { createBackToProfileKeyboard, createBecomeMediatorKeyboard, createProfileKeyboard, withProposeTimesButtons } from "../keyboards/mediator-workspace.js";

/**
 * The mediator's workspace: /mediator (apply, or the profile with its status), /cases, /pause and /resume.
 * Buttons carry the mediator id, and callback data is untrusted: every tap loads the tapping person's own
 * profile and acts only when the ids agree, so a forged or foreign button changes nothing.
 */
export function createMediatorWorkspaceFeature(deps: { mediators: MediatorRepository; cases: MediatorCaseRepository; regions: RegionDirectory }): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const text = (ctx: BotContext): MediatorTextContext => ({ t: ctx.t, locale: ctx.locale, regions: deps.regions });
  const ownProfile = (ctx: BotContext) => (ctx.user ? deps.mediators.findByUserId(ctx.user.id) : Promise.resolve(null));
  const apply = (ctx: BotContext) => ctx.conversation.enter(MEDIATOR_APPLICATION_CONVERSATION);

  const showProfile = (ctx: BotContext, profile: MediatorProfile, notice?: string) =>
    showScreen(ctx, [notice, profileScreenText(text(ctx), profile)].filter(Boolean).join("\n\n"), createProfileKeyboard(ctx.t, profile));

  /** Only an active mediator has a workspace; everyone else learns why, kindly, and where to go. */
  function notActive(ctx: BotContext, profile: MediatorProfile | null) {
    if (!profile) return showScreen(ctx, ctx.t("mediator:workspace.noProfile"), createBecomeMediatorKeyboard(ctx.t));
    return showProfile(ctx, profile, ctx.t(`mediator:workspace.notActive.${profile.status}`));
  }

  async function showCases(ctx: BotContext, profile: MediatorProfile) {
    const cases = await deps.cases.listOpenForMediator(profile.id);
    if (cases.length === 0) return showScreen(ctx, ctx.t("mediator:cases.empty"), createBackToProfileKeyboard(ctx.t));
    // One button per case to see or record the other party's answer (src/bot/features/invitations.ts),
    // and "Propose times" where a case still waits for meeting times.
    // and the contract draft where a session is confirmed (src/bot/features/case-documents.ts).
    const keyboard = withProposeTimesButtons(ctx.t, cases, withContractButtons(ctx.t, cases, withOtherPartyButtons(ctx.t, cases, createBackToProfileKeyboard(ctx.t))));
    const blocks = [ctx.t("mediator:cases.title", { total: cases.length }), ...cases.map((c) => caseBlock(text(ctx), c))];
    const messages = splitMessage(blocks);
    for (const message of messages.slice(0, -1)) await ctx.reply(message, { parse_mode: "HTML" });
    await showScreen(ctx, messages.at(-1)!, keyboard);
  }

  async function setPaused(ctx: BotContext, profile: MediatorProfile, paused: boolean) {
    if (profile.status !== "active") return notActive(ctx, profile);
    if (profile.paused !== paused) await deps.mediators.setPaused(profile.id, paused);
    await showProfile(ctx, { ...profile, paused }, ctx.t(paused ? "mediator:workspace.paused" : "mediator:workspace.resumed"));
  }

  const withActive = (action: (ctx: BotContext, profile: MediatorProfile) => Promise<unknown>) => async (ctx: BotContext) => {
    const profile = await ownProfile(ctx);
    return profile?.status === "active" ? action(ctx, profile) : notActive(ctx, profile);
  };

  feature.command("mediator", async (ctx) => {
    const profile = await ownProfile(ctx);
    return profile ? showProfile(ctx, profile) : apply(ctx);
  });
  feature.command("cases", withActive(showCases));
  feature.command("pause", withActive((ctx, profile) => setPaused(ctx, profile, true)));
  feature.command("resume", withActive((ctx, profile) => setPaused(ctx, profile, false)));

  feature.on("callback_query:data", async (ctx, next) => {
    const action = parseMediatorAction(ctx.callbackQuery.data);
    if (!action) return next();
    await ctx.answerCallbackQuery();
    const profile = await ownProfile(ctx);
    if (action.type === "profile" || action.type === "apply") {
      if (profile) return showProfile(ctx, profile);
      return action.type === "apply" ? apply(ctx) : notActive(ctx, null);
    }
    if (!profile || profile.id !== action.id) {
      const notice = ctx.t("mediator:workspace.notYours");
      return profile ? showProfile(ctx, profile, notice) : showScreen(ctx, notice, createBecomeMediatorKeyboard(ctx.t));
    }
    switch (action.type) {
      case "edit":
        return profile.status === "suspended" ? showProfile(ctx, profile) : apply(ctx);
      case "pause":
      case "resume":
        return setPaused(ctx, profile, action.type === "pause");
      case "cases":
        return profile.status === "active" ? showCases(ctx, profile) : notActive(ctx, profile);
    }
  });

  return feature;
}
