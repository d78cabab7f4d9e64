import { Composer } from "grammy";
import { ABOUT_PAGES } from "../about-pages.js";
import type { BotContext } from "../context.js";
import { onAction } from "../helpers/on-action.js";
import { showScreen } from "../helpers/show-screen.js";
import { createAboutPageKeyboard, createAboutTopicsKeyboard } from "../keyboards/about.js";

export const aboutFeature = new Composer<BotContext>();

const showTopics = (ctx: BotContext) => showScreen(ctx, ctx.t("about:menuTitle"), createAboutTopicsKeyboard(ctx.t));

aboutFeature.command("about", showTopics);
onAction(aboutFeature, "about-topics", showTopics);

onAction(aboutFeature, "about-page", async (ctx, { page }) => {
  const id = ABOUT_PAGES[page];
  if (id === undefined) return showTopics(ctx); // an old or forged page number
  const counter = ctx.t("about:pageCounter", { current: page + 1, total: ABOUT_PAGES.length });
  const text = `<b>${ctx.t(`about:pages.${id}.title`)}</b>\n\n${ctx.t(`about:pages.${id}.body`)}\n\n<i>${counter}</i>`;
  await showScreen(ctx, text, createAboutPageKeyboard(ctx.t, page));
});
