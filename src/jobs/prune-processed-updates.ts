// Job (webhook mode): forgets update claims older than KEEP_DAYS. Telegram gives up redelivering an update
// within a day, so older claims can never catch a duplicate; without pruning the table would grow forever.
import type { ProcessedUpdateRepository } from "../domain/update-claims.js";
import type { Logger } from "../logger.js";

export const KEEP_DAYS = 3;

export interface PruneProcessedUpdatesDeps {
  claims: ProcessedUpdateRepository;
  logger: Logger;
}

export async function runPruneProcessedUpdates(deps: PruneProcessedUpdatesDeps, now: Date): Promise<number> {
  const pruned = await deps.claims.pruneBefore(new Date(now.getTime() - KEEP_DAYS * 24 * 60 * 60_000));
  if (pruned > 0) deps.logger.info({ pruned }, "old update claims pruned");
  return pruned;
}
