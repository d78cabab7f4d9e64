// Messages about the other party, each in its recipient's language: the answer (agreed, or — gently —
// declined) to the citizen and the mediator, and a question of the other party to the mediator (or, while
// no mediator has the case, to the operators).
import type { Api } from "grammy";
import type { Locale } from "../../config.js";
import type { AnswerNotice, Party } from "../../domain/invitations.js";
import { isLocale, recipientLocale, type LanguageSettings } from "../../domain/locale.js";
import type { Logger } from "../../logger.js";
import type { I18n, Translate } from "../i18n.js";

const HTML = { parse_mode: "HTML" as const, link_preview_options: { is_disabled: true } };

export type InvitationNotices = ReturnType<typeof createInvitationNotices>;

export function createInvitationNotices(deps: { i18n: I18n; defaultLocale: Locale; logger: Logger; users: { findByTelegramId(telegramId: bigint): Promise<LanguageSettings | null> } }) {
  const localeOf = (party: { locale: string | null }): Locale => (isLocale(party.locale) ? party.locale : deps.defaultLocale);
  /** One recipient's failure (blocked the bot) never stops the others. */
  const send = (api: Api, chatId: bigint, text: string) =>
    api.sendMessage(Number(chatId), text, HTML).then(() => true, (error: Error) => {
      deps.logger.warn({ err: error.message }, "an other-party notice was not delivered");
      return false;
    });
  const tOf = (party: { locale: string | null }): Translate => deps.i18n.t(localeOf(party));

  return {
    localeOf,

    /** The citizen and the mediator (except whoever recorded it) learn the answer. */
    async answered(api: Api, notice: AnswerNotice, actorUserId: number | null) {
      const via = (t: Translate) => t(`invitations:via.${notice.via}`);
      if (notice.citizen.userId !== actorUserId) {
        const t = tOf(notice.citizen);
        await send(api, notice.citizen.telegramId, t(`invitations:answered.citizen.${notice.status}`, { code: notice.requestCode }));
      }
      if (notice.mediator && notice.mediator.userId !== actorUserId) {
        const t = tOf(notice.mediator);
        await send(api, notice.mediator.telegramId, t(`invitations:answered.mediator.${notice.status}`, { code: notice.requestCode, via: via(t) }));
      }
    },

    /** The question goes to the mediator; with no mediator yet, to every operator. Returns who got it. */
    async question(api: Api, target: { requestCode: string; mediator: Party | null }, operators: bigint[], from: { telegramId: bigint; firstName: string }, question: string): Promise<"mediator" | "operators"> {
      const write = (party: { locale: string | null }) =>
        tOf(party)("invitations:question.forwarded", { code: target.requestCode, question, name: from.firstName, id: from.telegramId.toString() });
      if (target.mediator) {
        await send(api, target.mediator.telegramId, write(target.mediator));
        return "mediator";
      }
      for (const id of operators) await send(api, id, write({ locale: recipientLocale(await deps.users.findByTelegramId(id), deps.defaultLocale) }));
      return "operators";
    },
  };
}
