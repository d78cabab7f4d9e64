// Messages that matching sends on its own (not as an answer to a tap): offers to mediators, expiry,
// acceptance to both sides, "nobody found" to the citizen and the operators. Each in the recipient's language.
import { InlineKeyboard, type Api } from "grammy";
import type { Config, Locale } from "../../config.js";
import { isLocale, recipientLocale } from "../../domain/locale.js";
import type { MatchNotifier } from "../../domain/matchmaker.js";
import type { MediatorRepository } from "../../domain/mediator.js";
import type { Acceptance, OfferCard, OfferEnding, OfferRepository } from "../../domain/offers.js";
import type { OperatorDirectory } from "../../domain/operators.js";
import type { RegionDirectory } from "../../domain/region-directory.js";
import type { RequestRepository } from "../../domain/request.js";
import type { UserRepository } from "../../domain/user.js";
import type { Logger } from "../../logger.js";
import { packOffer } from "../callback-data/offer.js";
import { packAppointment } from "../callback-data/appointment.js";
import { packCost } from "../callback-data/cost.js";
import { escapeHtml } from "../helpers/escape-html.js";
import { placeName, requestFieldLines, type RequestTextContext } from "../helpers/request-text.js";
import type { I18n } from "../i18n.js";

export interface NotifierDeps {
  i18n: I18n;
  users: UserRepository;
  mediators: MediatorRepository;
  requests: RequestRepository;
  offers: OfferRepository;
  operators: OperatorDirectory;
  regions: RegionDirectory;
  logger: Logger;
}

const HTML = { parse_mode: "HTML" as const, link_preview_options: { is_disabled: true } };

/** What an ended offer's card is edited down to. */
const ENDED: Record<OfferEnding, string> = { declined: "offers:ended.declined", expired: "offers:ended.expired", unavailable: "offers:ended.unavailable" };

export function createMatchNotifier(api: Api, config: Config, deps: NotifierDeps): MatchNotifier {
  const localeOf = (value: string | null | undefined): Locale => (isLocale(value) ? value : config.defaultLocale);
  const textContext = (locale: Locale): RequestTextContext => ({ t: deps.i18n.t(locale), locale, regions: deps.regions, timeZone: config.timeZone });
  const time = (date: Date, locale: Locale) =>
    new Intl.DateTimeFormat({ kk: "kk-KZ", ru: "ru-RU", en: "en-GB" }[locale], { timeZone: config.timeZone, day: "numeric", month: "long", hour: "2-digit", minute: "2-digit" }).format(date);

  function offerText(card: OfferCard, locale: Locale): string {
    const c = textContext(locale);
    const { t } = c;
    const line = (label: string, value: string) => `<b>${t(`offers:card.${label}`)}:</b> ${value}`;
    const description = card.description ? `<i>${escapeHtml(card.description)}</i>` : card.voiceFileId ? t("offers:card.voiceBelow") : "—";
    return [
      t("offers:card.title", { code: card.requestCode }),
      ...(card.followUpOfCode ? [t("followup:followUp.offerMark", { code: card.followUpOfCode })] : []),
      "",
      line("category", t(`requests:labels.category.${card.category}`)),
      line("place", escapeHtml(placeName(c, card.rayonCode))),
      line("language", t(`requests:labels.sessionLanguage.${card.language}`)),
      line("mode", t(`requests:labels.mode.${card.mode}`)),
      line("inCourt", t(card.inCourt ? "requests:labels.yes" : "requests:labels.no")),
      line("cost", t(`requests:labels.cost.${card.costPreference}`)),
      line("otherParty", `${t(`requests:labels.otherParty.${card.otherParty}`)} (${t(`requests:labels.awareness.${card.otherPartyAware}`)})`),
      line("description", description),
      "",
      t("offers:card.deadline", { time: time(card.expiresAt, locale) }),
    ].join("\n");
  }

  /** To the mediator: the citizen's contact and every detail, now that they said yes. */
  async function acceptedToMediator(acceptance: Acceptance) {
    const request = await deps.requests.findById(acceptance.requestId);
    const mLocale = localeOf(acceptance.mediator.locale);
    const mt = deps.i18n.t(mLocale);
    const details = request ? requestFieldLines(textContext(mLocale), request).join("\n") : "";
    await api.sendMessage(
      Number(acceptance.mediator.telegramId),
      `${mt("offers:accepted.mediator", { code: acceptance.requestCode, name: acceptance.citizen.name ?? "—", phone: acceptance.citizen.phone ?? "—", mode: mt(`requests:labels.mode.${acceptance.mode}`) })}\n\n${details}`,
      // Next step right under the contacts: propose meeting times to the citizen.
      { ...HTML, reply_markup: new InlineKeyboard().text(mt("appointments:proposeButton"), packAppointment({ type: "propose", requestId: acceptance.requestId })) },
    );
  }

  return {
    async offerToMediator(mediatorId, card) {
      const mediator = await deps.mediators.findById(mediatorId);
      if (!mediator) return null;
      const locale = recipientLocale(await deps.users.findByTelegramId(mediator.telegramId), config.defaultLocale);
      const t = deps.i18n.t(locale);
      const chatId = Number(mediator.telegramId);
      const keyboard = new InlineKeyboard()
        .text(t("offers:card.accept"), packOffer({ type: "accept", offerId: card.offerId }))
        .text(t("offers:card.decline"), packOffer({ type: "decline", offerId: card.offerId }));
      const sent = await api.sendMessage(chatId, offerText(card, locale), { ...HTML, reply_markup: keyboard });
      // The voice itself is anonymous enough to hear before deciding; Telegram keeps it by file id. Its message
      // id is kept so that it can be deleted when the offer ends.
      const voice = card.voiceFileId
        ? await api.sendVoice(chatId, card.voiceFileId).catch((error: Error) => void deps.logger.warn({ err: error.message }, "could not forward a voice description"))
        : undefined;
      return { messageId: sent.message_id, voiceMessageId: voice ? voice.message_id : null };
    },

    async offerExpired(expired) {
      const locale = localeOf(expired.mediatorLocale);
      await api.sendMessage(Number(expired.mediatorTelegramId), deps.i18n.t(locale)("offers:expired", { code: expired.requestCode }), HTML);
    },

    async endOfferCards(offers, ending) {
      for (const offer of offers) {
        const chatId = Number(offer.mediatorTelegramId);
        const t = deps.i18n.t(localeOf(offer.mediatorLocale));
        // The card keeps only the code and how it ended: the description is not left in the chat.
        if (offer.messageId !== null) {
          await api.editMessageText(chatId, offer.messageId, t(ENDED[ending], { code: offer.requestCode }), HTML)
            .catch((error: Error) => deps.logger.warn({ err: error.message }, "could not shrink an offer card"));
        }
        // Telegram lets a bot delete its messages for 48 hours only; an older voice message stays (error ignored).
        if (offer.voiceMessageId !== null) await api.deleteMessage(chatId, offer.voiceMessageId).catch(() => undefined);
      }
    },

    async mediatorChanged(released) {
      const citizen = await deps.offers.citizenOf(released.requestId);
      if (!citizen || citizen.telegramId === 0n) return; // erased: nobody to tell
      const t = deps.i18n.t(localeOf(citizen.locale));
      await api.sendMessage(Number(citizen.telegramId), t("offers:mediatorChanged", { code: released.requestCode }), HTML);
    },

    async accepted(acceptance) {
      await acceptedToMediator(acceptance);
      // To the citizen: who will help, what kind of mediator, how they will be contacted.
      const cLocale = localeOf(acceptance.citizen.locale);
      const ct = deps.i18n.t(cLocale);
      const languages = acceptance.mediator.languages.map((l) => ct(`requests:labels.sessionLanguage.${l}`)).join(", ");
      await api.sendMessage(
        Number(acceptance.citizen.telegramId),
        ct("offers:accepted.citizen", {
          code: acceptance.requestCode, name: acceptance.mediator.fullName, kind: ct(`offers:accepted.kinds.${acceptance.mediator.kind}`),
          languages, mode: ct(`requests:labels.mode.${acceptance.mode}`), phone: acceptance.mediator.phone,
        }),
        HTML,
      );
    },

    acceptedAgain: acceptedToMediator,

    async unmatched(requestId) {
      const request = await deps.requests.findById(requestId);
      if (!request) return;
      const citizen = await deps.offers.citizenOf(requestId);
      if (citizen) {
        const locale = localeOf(citizen.locale);
        const c = textContext(locale);
        // Free help only and nobody free nearby: say exactly that, and offer to widen to professionals (cw:…).
        const freeOnly = request.costPreference === "free_only";
        const keyboard = freeOnly ? { reply_markup: new InlineKeyboard().text(c.t("offers:unmatched.widen"), packCost({ type: "widen", requestId })) } : {};
        await api.sendMessage(Number(citizen.telegramId), c.t(freeOnly ? "offers:unmatched.citizenFreeOnly" : "offers:unmatched.citizen", { code: request.code, rayon: placeName(c, request.rayonCode) }), { ...HTML, ...keyboard })
          .catch((error: Error) => deps.logger.warn({ err: error.message }, "could not tell the citizen"));
      }
      for (const operatorId of await deps.operators.all()) {
        try {
          const locale = recipientLocale(await deps.users.findByTelegramId(operatorId), config.defaultLocale);
          const c = textContext(locale);
          const text = c.t("offers:unmatched.operators", {
            code: request.code, category: c.t(`requests:labels.category.${request.category}`), rayon: placeName(c, request.rayonCode),
            language: c.t(`requests:labels.sessionLanguage.${request.sessionLanguage}`), cost: c.t(`requests:labels.cost.${request.costPreference}`),
          });
          await api.sendMessage(Number(operatorId), text, { ...HTML, reply_markup: new InlineKeyboard().text(c.t("offers:unmatched.assign"), packOffer({ type: "assign-list", requestId })) });
        } catch (error) {
          deps.logger.warn({ err: (error as Error).message }, "could not tell an operator");
        }
      }
    },
  };
}
