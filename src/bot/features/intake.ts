import { Composer } from "grammy";
import type { BotContext } from "../context.js";
import { INTAKE_CONVERSATION } from "../conversations/intake/intake.js";
import { onAction } from "../helpers/on-action.js";

/** Entry to the intake: the menu button and /request. The conversation itself lives in conversations/intake. */
export const intakeFeature = new Composer<BotContext>();

const enter = (ctx: BotContext) => ctx.conversation.enter(INTAKE_CONVERSATION);

intakeFeature.command("request", enter);
onAction(intakeFeature, "request-mediator", enter);
