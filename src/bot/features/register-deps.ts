// What the register features need (import, invitations, joining), and small pieces they share.
import { InputFile, type Api } from "grammy";
import type { Locale } from "../../config.js";
import type { DeepLinkStartRepository } from "../../domain/deep-link.js";
import { recipientLocale } from "../../domain/locale.js";
import type { MediatorRepository } from "../../domain/mediator.js";
import type { AuditRepository, OperatorDirectory } from "../../domain/operators.js";
import type { RegisterRepository } from "../../domain/register-import/register.js";
import type { RegionDirectory } from "../../domain/region-directory.js";
import type { UserRepository } from "../../domain/user.js";
import type { Logger } from "../../logger.js";
import type { BotContext } from "../context.js";
import type { I18n, Translate } from "../i18n.js";
import type { RegisterTextContext } from "./register-texts.js";

export interface RegisterFeatureDeps {
  register: RegisterRepository;
  operators: OperatorDirectory;
  audit: AuditRepository;
  regions: RegionDirectory;
  users: UserRepository;
  mediators: MediatorRepository;
  deepLinkStarts: DeepLinkStartRepository;
  i18n: I18n;
  logger: Logger;
  now: () => Date;
  timeZone: string;
  defaultLocale: Locale;
  /** BOT_API_ROOT (the emulator in tests); Telegram's own when undefined. Files are downloaded from there. */
  apiRoot: string | undefined;
}

export function textContext(ctx: BotContext, deps: RegisterFeatureDeps): RegisterTextContext {
  return { t: ctx.t, locale: ctx.locale, regions: deps.regions, timeZone: deps.timeZone, i18n: deps.i18n };
}

export function csvFile(text: string, name: string): InputFile {
  return new InputFile(Buffer.from(text, "utf8"), name);
}

/** Tells every operator something, each in their language; one who cannot be reached is skipped. */
export async function notifyOperators(api: Api, deps: RegisterFeatureDeps, build: (t: Translate) => string): Promise<void> {
  for (const telegramId of await deps.operators.all()) {
    const user = await deps.users.findByTelegramId(telegramId);
    const t = deps.i18n.t(recipientLocale(user, deps.defaultLocale));
    await api.sendMessage(Number(telegramId), build(t), { parse_mode: "HTML", link_preview_options: { is_disabled: true } })
      .catch((error: Error) => deps.logger.warn({ err: error.message }, "could not notify an operator about a register profile"));
  }
}
