import { Composer } from "grammy";
import type { UserRepository } from "../../domain/user.js";
import type { BotContext } from "../context.js";

/** Telegram tells us when a person blocks the bot: we stop writing to them until they write again. */
export function createMembershipFeature(deps: { users: UserRepository }): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.on("my_chat_member", async (ctx) => {
    const update = ctx.myChatMember;
    if (update.chat.type !== "private") return;
    if (update.new_chat_member.status === "kicked") await deps.users.markBlocked(BigInt(update.from.id), new Date(update.date * 1000));
  });
  return feature;
}
