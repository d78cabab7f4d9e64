import type { Transformer } from "grammy";
import type { UserRepository } from "../../domain/user.js";
import type { Logger } from "../../logger.js";

/**
 * Any call that Telegram refuses with 403 for a private chat means the person blocked the bot (or
 * deleted their account): record it, so that broadcasts and reminders skip them from now on.
 */
export function markBlockedOn403(users: UserRepository, logger: Logger): Transformer {
  return async (prev, method, payload, signal) => {
    const result = await prev(method, payload, signal);
    const chatId = (payload as { chat_id?: unknown } | undefined)?.chat_id;
    if (!result.ok && result.error_code === 403 && typeof chatId === "number" && chatId > 0) {
      await users.markBlocked(BigInt(chatId), new Date()).catch((error: Error) => logger.warn({ err: error.message }, "could not mark a user as blocked"));
    }
    return result;
  };
}
