import { Composer, InlineKeyboard } from "grammy";
import { canInvite, type InvitationRepository } from "../../domain/invitations.js";
import { packInvitation } from "../callback-data/invitation.js";
import { inviteButtonLabel } from "../keyboards/invitations.js";
import { contractButton } from "../keyboards/case-documents.js";
import type { RequestDetails, RequestRepository } from "../../domain/request.js";
import { citizenCanCancel } from "../../domain/request-lifecycle.js";
import type { RegionDirectory } from "../../domain/region-directory.js";
import type { BotContext } from "../context.js";
import { onAction } from "../helpers/on-action.js";
import { liveStatus, requestFieldLines, requestListEntry, statusWord, type RequestTextContext } from "../helpers/request-text.js";
import { showScreen } from "../helpers/show-screen.js";
import {
  createCancelConfirmKeyboard, createNoRequestsKeyboard, createRequestDetailsKeyboard, createRequestListKeyboard, createRequestNotFoundKeyboard,
} from "../keyboards/my-requests.js";

const LIST_LIMIT = 10;

/**
 * "My requests": the person's latest requests, one in detail, and withdrawing one. Callback data is untrusted,
 * so every tap looks the request up again through `findForCitizen`/`cancelByCitizen`, which only ever
 * return the tapping person's own request: a forged id gets "not found" and changes nothing.
 */
export function createMyRequestsFeature(deps: { requests: RequestRepository; regions: RegionDirectory; now: () => Date; timeZone: string; invitations?: InvitationRepository }): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const textContext = (ctx: BotContext): RequestTextContext => ({ t: ctx.t, locale: ctx.locale, regions: deps.regions, timeZone: deps.timeZone });

  async function showList(ctx: BotContext) {
    if (!ctx.user) return;
    const requests = await deps.requests.listForCitizen(ctx.user.id, LIST_LIMIT);
    if (requests.length === 0) return showScreen(ctx, ctx.t("requests:list.empty"), createNoRequestsKeyboard(ctx.t));
    const c = textContext(ctx);
    const text = [ctx.t("requests:list.title"), ...requests.map((r) => requestListEntry(c, r)), ctx.t("requests:list.hint")].join("\n\n");
    const buttons = requests.map((r) => ({ id: r.id, label: `${r.code} · ${statusWord(ctx.t, r.status)}` }));
    await showScreen(ctx, text, createRequestListKeyboard(ctx.t, buttons));
  }

  async function showDetails(ctx: BotContext, request: RequestDetails, notice?: string) {
    const title = ctx.t("requests:details.title", { code: request.code });
    const c = textContext(ctx);
    // The other party's answer, and the button to invite them (src/bot/features/invitations.ts).
    const otherParty = ctx.user && deps.invitations ? await deps.invitations.statusForCitizen(request.id, ctx.user.id) : null;
    const otherPartyLine = otherParty && (otherParty !== "not_invited" || canInvite(request.status, otherParty)) ? `<b>${ctx.t("invitations:statusLabel")}:</b> ${ctx.t(`invitations:status.${otherParty}`)}` : "";
    const text = [notice, [title, liveStatus(c, request), ...requestFieldLines(c, request), otherPartyLine].filter(Boolean).join("\n")].filter(Boolean).join("\n\n");
    const keyboard = createRequestDetailsKeyboard(ctx.t, { id: request.id, canCancel: citizenCanCancel(request.status) });
    const invite = otherParty && canInvite(request.status, otherParty) ? [[InlineKeyboard.text(inviteButtonLabel(ctx.t, otherParty), packInvitation({ type: "issue", requestId: request.id }))]] : [];
    // The mediation contract draft once a session is confirmed (src/bot/features/case-documents.ts).
    const contract = request.status === "scheduled" ? [[contractButton(ctx.t, request.id)]] : [];
    return showScreen(ctx, text, InlineKeyboard.from([...invite, ...contract, ...keyboard.inline_keyboard]));
  }

  const notFound = (ctx: BotContext) => showScreen(ctx, ctx.t("requests:notFound"), createRequestNotFoundKeyboard(ctx.t));
  const findOwn = (ctx: BotContext, id: number) => (ctx.user ? deps.requests.findForCitizen(id, ctx.user.id) : Promise.resolve(null));

  feature.command("myrequests", showList);
  onAction(feature, "my-requests", showList);

  onAction(feature, "request-details", async (ctx, { id }) => {
    const request = await findOwn(ctx, id);
    return request ? showDetails(ctx, request) : notFound(ctx);
  });

  onAction(feature, "request-cancel-ask", async (ctx, { id }) => {
    const request = await findOwn(ctx, id);
    if (!request) return notFound(ctx);
    if (!citizenCanCancel(request.status)) return showDetails(ctx, request, ctx.t("requests:cancel.notCancellable"));
    await showScreen(ctx, ctx.t("requests:cancel.confirm", { code: request.code }), createCancelConfirmKeyboard(ctx.t, id));
  });

  onAction(feature, "request-cancel-confirm", async (ctx, { id }) => {
    if (!ctx.user) return;
    const result = await deps.requests.cancelByCitizen(id, ctx.user.id, deps.now());
    if (result.ok) return showDetails(ctx, result.request, ctx.t("requests:cancel.done", { code: result.request.code }));
    // Finished meanwhile (a second tap, a mediator closing it): show where it stands now.
    const request = result.reason === "not-cancellable" ? await findOwn(ctx, id) : null;
    return request ? showDetails(ctx, request, ctx.t("requests:cancel.notCancellable")) : notFound(ctx);
  });

  return feature;
}
