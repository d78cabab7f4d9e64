import { InlineKeyboard } from "grammy";
import type { InvitationTexts, OtherPartyStatus } from "../../domain/invitations.js";
import { RECORDED_ANSWERS, STAFF_CHANNELS } from "../../domain/invitations.js";
import { pack } from "../callback-data/actions.js";
import { packInvitation } from "../callback-data/invitation.js";
import type { Translate } from "../i18n.js";

/** "Invite the other party" (or "New invitation link" once one was issued), for the citizen's request. */
export function inviteButtonLabel(t: Translate, status: OtherPartyStatus): string {
  return t(status === "not_invited" ? "invitations:buttons.invite" : "invitations:buttons.newLink");
}

/** After submitting: invite the other party first, then the usual menu. */
export function withInviteButton(t: Translate, requestId: number, menu: InlineKeyboard): InlineKeyboard {
  return InlineKeyboard.from([[InlineKeyboard.text(t("invitations:buttons.invite"), packInvitation({ type: "issue", requestId }))], ...menu.inline_keyboard]);
}

/** Under the citizen's invitation: share in Telegram, share via WhatsApp, a new link, back to the request. */
export function createSharedInvitationKeyboard(t: Translate, requestId: number, texts: InvitationTexts): InlineKeyboard {
  return new InlineKeyboard()
    .url(t("invitations:buttons.shareTelegram"), texts.telegramUrl).row()
    .url(t("invitations:buttons.shareWhatsapp"), texts.whatsappUrl).row()
    .text(t("invitations:buttons.newLink"), packInvitation({ type: "issue", requestId })).row()
    .text(t("invitations:buttons.backToRequest"), pack({ type: "request-details", id: requestId }));
}

/** What the person who opened a link can answer; "Ask a question" only while the link's question caps allow. */
export function createInvitationAnswerKeyboard(t: Translate, code: string, canAsk = true): InlineKeyboard {
  const keyboard = new InlineKeyboard()
    .text(t("invitations:buttons.agree"), packInvitation({ type: "agree", code })).row()
    .text(t("invitations:buttons.decline"), packInvitation({ type: "decline", code })).row();
  if (canAsk) keyboard.text(t("invitations:buttons.ask"), packInvitation({ type: "ask", code })).row();
  return keyboard.text(t("invitations:buttons.about"), pack({ type: "about-topics" }));
}

/** Staff: agreed / declined, by phone / in person. */
export function createRecordAnswerKeyboard(t: Translate, requestId: number): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const answer of RECORDED_ANSWERS) {
    for (const via of STAFF_CHANNELS) keyboard.text(t(`invitations:record.buttons.${answer}.${via}`), packInvitation({ type: "record", requestId, answer, via }));
    keyboard.row();
  }
  return keyboard;
}

/** One "other party" button per case under the mediator's /cases list, above what was there. */
export function withOtherPartyButtons(t: Translate, cases: ReadonlyArray<{ id: number; code: string }>, keyboard: InlineKeyboard): InlineKeyboard {
  const rows = cases.map((c) => [InlineKeyboard.text(t("invitations:buttons.caseOtherParty", { code: c.code }), packInvitation({ type: "staff", requestId: c.id }))]);
  return InlineKeyboard.from([...rows, ...keyboard.inline_keyboard]);
}
