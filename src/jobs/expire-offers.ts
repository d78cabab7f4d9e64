// Job: offers past their deadline expire (each exactly once, even on two instances) and their requests
// move on to the next candidate.
import type { Matchmaker } from "../domain/matchmaker.js";
import type { Logger } from "../logger.js";

export interface ExpireOffersDeps {
  matchmaker: Matchmaker;
  logger: Logger;
}

export async function runExpireOffers(deps: ExpireOffersDeps, now: Date): Promise<number> {
  const expired = await deps.matchmaker.expireDue(now);
  if (expired > 0) deps.logger.info({ expired }, "offers expired");
  return expired;
}
