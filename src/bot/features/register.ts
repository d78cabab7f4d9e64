import { Composer } from "grammy";
import type { BotContext } from "../context.js";
import type { RegisterFeatureDeps } from "./register-deps.js";
import { createRegisterImportFeature } from "./register-import.js";
import { createRegisterInvitesFeature } from "./register-invites.js";
import { createRegisterJoinFeature } from "./register-join.js";

/**
 * Registered mediators brought in at once (issue #10): personal join links (/start m_<code>), the CSV
 * import operators send as a document, and /register (the export, and the invitations to resend or revoke).
 * It sits before startFeature because it answers its own /start payloads; everything else passes on.
 */
export function createRegisterFeature(deps: RegisterFeatureDeps): Composer<BotContext> {
  return new Composer<BotContext>(createRegisterJoinFeature(deps), createRegisterImportFeature(deps), createRegisterInvitesFeature(deps));
}
