// What pruning abandoned conversations needs from the database (implemented in
// src/db/repositories/conversation-state-repository.ts). A conversation's stored state is its replay log:
// everything the person typed into a form (a description, a name, a phone number). A form left unfinished
// is dropped after CONVERSATION_TTL_DAYS instead of being kept for ever (security review L3).

export interface ConversationStateRepository {
  /**
   * Deletes the stored state of every chat whose conversation was last written before `before`, and returns
   * those chats' storage keys (without the namespace), so a cache in front of the storage can forget them.
   */
  pruneNotUpdatedSince(before: Date): Promise<string[]>;
}
