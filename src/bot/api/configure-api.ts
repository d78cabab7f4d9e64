import { autoRetry } from "@grammyjs/auto-retry";
import type { Api, Context, NextFunction } from "grammy";
import type { UserRepository } from "../../domain/user.js";
import type { Logger } from "../../logger.js";
import type { Metrics } from "../../server/metrics.js";
import { markBlockedOn403 } from "./mark-blocked.js";

/**
 * Every outgoing call, from handlers and from jobs alike: retried on 429 (after retry_after) and on
 * transient 5xx/network errors; a 403 marks the person as having blocked the bot.
 */
export function configureApi(api: Api, deps: { users: UserRepository; logger: Logger; metrics?: Metrics }): Api {
  // Outermost: counts each attempt (retries included) and its failures.
  if (deps.metrics) api.config.use(deps.metrics.transformer());
  api.config.use(autoRetry(RETRY));
  api.config.use(markBlockedOn403(deps.users, deps.logger));
  return api;
}

const RETRY = { maxRetryAttempts: 3, maxDelaySeconds: 30, rethrowInternalServerErrors: false };

/** Conversation plugin: the same retries for the Api object a conversation gives its context. */
export async function retryInConversations(ctx: Context, next: NextFunction): Promise<void> {
  ctx.api.config.use(autoRetry(RETRY));
  await next();
}
