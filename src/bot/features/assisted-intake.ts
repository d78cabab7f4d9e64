import { Composer } from "grammy";
import type { FilerRole } from "../../domain/assisted-intake.js";
import type { MediatorRepository } from "../../domain/mediator.js";
import type { OperatorDirectory } from "../../domain/operators.js";
import { parsePoster } from "../callback-data/poster.js";
import type { BotContext } from "../context.js";
import { INTAKE_CONVERSATION, type IntakeOptions } from "../conversations/intake/intake.js";

/** Who may file a request for someone else: operators, and mediators an operator approved (active). */
export function createFilerRoleCheck(deps: { operators: OperatorDirectory; mediators: MediatorRepository }) {
  return async (person: { userId: number; telegramId: bigint }): Promise<FilerRole | null> => {
    if (await deps.operators.isOperator(person.telegramId)) return "operator";
    const profile = await deps.mediators.findByUserId(person.userId);
    return profile?.status === "active" ? "mediator" : null;
  };
}

/**
 * Entry to the assisted intake: /assist, the button in an active mediator's profile and in the operator
 * console. Anyone else (a citizen typing the command, a forged or old button) is told it is not for them.
 * The intake re-checks the role when it starts and again on submit.
 */
export function createAssistedIntakeFeature(deps: { filerRole: ReturnType<typeof createFilerRoleCheck> }): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const roleOf = (ctx: BotContext) => (ctx.user && ctx.from ? deps.filerRole({ userId: ctx.user.id, telegramId: BigInt(ctx.from.id) }) : Promise.resolve(null));
  const enter = (ctx: BotContext) => ctx.conversation.enter(INTAKE_CONVERSATION, { assisted: true } satisfies IntakeOptions);

  feature.command("assist", async (ctx) => ((await roleOf(ctx)) ? enter(ctx) : ctx.reply(ctx.t("assisted:notAllowed"))));
  feature.on("callback_query:data", async (ctx, next) => {
    if (parsePoster(ctx.callbackQuery.data)?.type !== "assist") return next();
    if (!(await roleOf(ctx))) {
      await ctx.answerCallbackQuery({ text: ctx.t("assisted:notAllowed"), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    await enter(ctx);
  });
  return feature;
}
