// Sends an agreement's terms to the parties (issue #16, item 2): each gets, in their own language, the terms
// as a message, any spoken term as the voice message itself, and the agreement's PDF draft (from the case
// document service) with a caption saying it is a draft to read, correct and sign on paper. Each recipient
// is handled on their own: one blocked chat does not stop the other. Logs carry ids, never the terms.
import { InputFile, type Api } from "grammy";
import type { Locale } from "../../config.js";
import type { SavedAgreement, TermRecipient } from "../../domain/agreement-terms.js";
import { recipientLocale } from "../../domain/locale.js";
import type { Logger } from "../../logger.js";
import { termLine } from "../conversations/agreement-terms/term-lines.js";
import type { I18n } from "../i18n.js";

/** The part of the case document service (src/bot/documents/case-document-service.ts) the delivery uses. */
export interface AgreementDocuments {
  agreement(requestId: number, viewerUserId: number, now: Date): Promise<{ ok: true; pdf: Buffer; filename: string } | { ok: false; reason: string }>;
}

export interface AgreementDeliveryDeps {
  i18n: I18n;
  defaultLocale: Locale;
  logger: Logger;
  /** Absent: the terms go out without the PDF. */
  documents?: AgreementDocuments;
}

export interface AgreementDelivery {
  /** Sends to every recipient of `saved`; returns how many got the terms message. */
  deliver(api: Api, saved: SavedAgreement, now: Date): Promise<number>;
}

const HTML = { parse_mode: "HTML" as const };

/** Telegram takes 4096 characters a message; the raw HTML is kept under this, which is stricter. */
export const MESSAGE_MAX_CHARS = 4000;

/** The terms as one recipient reads them: one message, or several when ten long terms do not fit in one. */
export function termsMessages(i18n: I18n, locale: Locale, saved: SavedAgreement): string[] {
  const t = i18n.t(locale);
  const lines = [
    t("agreement:delivery.title", { code: saved.requestCode }),
    t("agreement:delivery.mediator", { name: saved.mediatorName }),
    "",
    ...saved.terms.map((term) => termLine(t, locale, term.position, term, saved.citizenName)),
    "",
    t(saved.terms.some((term) => term.dueDate) ? "agreement:delivery.followUp" : "agreement:delivery.noFollowUp"),
    t("agreement:delivery.draft"),
  ];
  const messages: string[] = [];
  let current = "";
  for (const line of lines) {
    if (current && current.length + 1 + line.length > MESSAGE_MAX_CHARS) {
      messages.push(current.trimEnd());
      current = "";
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current.trim()) messages.push(current.trimEnd());
  return messages;
}

export function createAgreementDelivery(deps: AgreementDeliveryDeps): AgreementDelivery {
  async function deliverTo(api: Api, saved: SavedAgreement, r: TermRecipient, now: Date): Promise<boolean> {
    const locale = recipientLocale(r, deps.defaultLocale);
    const t = deps.i18n.t(locale);
    const chat = r.telegramId.toString();
    for (const text of termsMessages(deps.i18n, locale, saved)) await api.sendMessage(chat, text, HTML);
    for (const term of saved.terms) {
      if (term.action === null && term.voiceFileId) await api.sendVoice(chat, term.voiceFileId, { ...HTML, caption: t("agreement:delivery.voiceCaption", { n: term.position }) });
    }
    if (!deps.documents) return true;
    const document = await deps.documents.agreement(saved.requestId, r.userId, now);
    if (!document.ok) {
      deps.logger.warn({ requestId: saved.requestId, reason: document.reason }, "agreement PDF not available for a party");
      return true;
    }
    await api.sendDocument(chat, new InputFile(document.pdf, document.filename), { ...HTML, caption: t("agreement:delivery.pdfCaption") });
    return true;
  }

  return {
    async deliver(api, saved, now) {
      let delivered = 0;
      for (const recipient of saved.recipients) {
        try {
          if (await deliverTo(api, saved, recipient, now)) delivered++;
        } catch (error) {
          deps.logger.error({ requestId: saved.requestId, recipient: recipient.recipient, err: (error as Error)?.message }, "sending the agreement terms failed");
        }
      }
      return delivered;
    },
  };
}
