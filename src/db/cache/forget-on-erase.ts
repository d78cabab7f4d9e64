// Erasing a person's data deletes their conversation state inside the erase transaction, behind the
// conversation storage adapter; the cache in front of that adapter must then forget the chat too, and the
// cache of people's rows (blanked names, erasedAt) the person.
import type { PrivacyRepository } from "../../domain/privacy.js";
import type { CachedStorage } from "./cached-storage.js";

/** `users`, when the person's row is cached too (user-repository.ts, cacheContacts): their row is forgotten as well. */
export function forgetConversationOnErase(privacy: PrivacyRepository, conversations: Pick<CachedStorage<unknown>, "forget">, users?: { forget(telegramId: bigint): void }): PrivacyRepository {
  return {
    exportFor: (telegramId) => privacy.exportFor(telegramId),
    // No chat's conversation is touched: the request is unlinked, nobody's stored state is deleted.
    eraseRequestByOperator: (requestId, actor, now) => privacy.eraseRequestByOperator(requestId, actor, now),
    async eraseFor(telegramId, now) {
      try {
        return await privacy.eraseFor(telegramId, now);
      } finally {
        // The storage key is the chat id, which is the person's id in a private chat.
        conversations.forget(telegramId.toString());
        users?.forget(telegramId);
      }
    },
  };
}
