import { Composer } from "grammy";
import type { BotContext } from "../context.js";
import { onAction } from "../helpers/on-action.js";
import { showScreen } from "../helpers/show-screen.js";
import { createBackToMenuKeyboard, createMainMenuKeyboard } from "../keyboards/main-menu.js";

export const menuFeature = new Composer<BotContext>();

onAction(menuFeature, "menu", (ctx) => showScreen(ctx, ctx.t("menu.title"), createMainMenuKeyboard(ctx.t)));

menuFeature.command("help", (ctx) => showScreen(ctx, ctx.t("help.text"), createBackToMenuKeyboard(ctx.t)));
onAction(menuFeature, "help", (ctx) => showScreen(ctx, ctx.t("help.text"), createBackToMenuKeyboard(ctx.t)));
