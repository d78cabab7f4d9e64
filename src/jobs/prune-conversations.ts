// Job: drops conversations (forms) nobody has answered for CONVERSATION_TTL_DAYS. Their stored replay log
// holds what the person typed (description, name, phone) and would otherwise stay for ever (security review
// L3). A person who comes back to such a form is told it was closed (src/bot/conversations/shared/expired-form.ts).
import type { ConversationStateRepository } from "../domain/conversation-state.js";
import type { Logger } from "../logger.js";

export interface PruneConversationsDeps {
  conversations: ConversationStateRepository;
  ttlDays: number;
  /** Forgets pruned chats in the polling-mode memory cache (src/db/cache/cached-storage.ts). */
  evict?: (key: string) => void;
  logger: Logger;
}

export async function runPruneConversations(deps: PruneConversationsDeps, now: Date): Promise<number> {
  const before = new Date(now.getTime() - deps.ttlDays * 24 * 60 * 60_000);
  const pruned = await deps.conversations.pruneNotUpdatedSince(before);
  for (const key of pruned) deps.evict?.(key);
  // Counts only: the keys are chat ids, which identify people.
  if (pruned.length > 0) deps.logger.info({ pruned: pruned.length }, "abandoned conversations pruned");
  return pruned.length;
}
