// Tells every operator that a mediator application (new or edited) waits for review, each in their own
// language. One operator who blocked the bot or never started it must not stop the others.
import type { Api } from "grammy";
import type { Locale } from "../../../config.js";
import { recipientLocale } from "../../../domain/locale.js";
import type { MediatorKind } from "../../../domain/mediator.js";
import type { OperatorDirectory } from "../../../domain/operators.js";
import type { UserRepository } from "../../../domain/user.js";
import type { Logger } from "../../../logger.js";
import type { I18n } from "../../i18n.js";

export interface ApplicationNotice {
  fullName: string;
  kind: MediatorKind;
  /** How many rayons the applicant serves. */
  rayons: number;
  /** An existing profile sent back for review, rather than a first application. */
  updated: boolean;
}

export interface NotifyDeps {
  operators: OperatorDirectory;
  users: UserRepository;
  i18n: I18n;
  logger: Logger;
  defaultLocale: Locale;
}

/** Sends the notice to each operator; returns how many got it. Never throws. */
export async function notifyOperators(api: Api, deps: NotifyDeps, notice: ApplicationNotice): Promise<number> {
  let operators: bigint[];
  try {
    operators = await deps.operators.all();
  } catch (error) {
    deps.logger.error({ err: (error as Error).message }, "listing operators to notify of a mediator application failed");
    return 0;
  }
  let sent = 0;
  for (const telegramId of operators) {
    try {
      const operator = await deps.users.findByTelegramId(telegramId);
      const t = deps.i18n.t(recipientLocale(operator, deps.defaultLocale));
      // i18next escapes the interpolated name for Telegram HTML.
      const text = t(notice.updated ? "mediator:operatorNotice.updated" : "mediator:operatorNotice.new", {
        name: notice.fullName, kind: t(`mediator:kind.words.${notice.kind}`), count: notice.rayons,
      });
      await api.sendMessage(Number(telegramId), text, { parse_mode: "HTML" });
      sent++;
    } catch (error) {
      deps.logger.warn({ err: (error as Error).message }, "notifying an operator of a mediator application failed");
    }
  }
  return sent;
}
