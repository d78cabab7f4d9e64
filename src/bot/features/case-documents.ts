import { Composer, InputFile } from "grammy";
import { parseCaseDocument } from "../callback-data/case-document.js";
import type { BotContext } from "../context.js";
import type { CaseDocumentService } from "../documents/case-document-service.js";

const CAPTIONS = { contract: "documents:caption.contract", agreement: "documents:caption.agreement" } as const;
const REFUSALS = { "not-found": "documents:refused.notFound", "not-yours": "documents:refused.notYours", "not-ready": "documents:refused.notReady" } as const;

/**
 * The case documents' buttons (doc:c:<id> contract, doc:a:<id> agreement): the PDF draft as a document, with a
 * caption saying it is a draft to read, correct and sign on paper. The service loads the case only for its
 * citizen, joined other party or mediator, so a forged or foreign button gets an alert and no file.
 */
export function createCaseDocumentsFeature(deps: { caseDocuments: CaseDocumentService; now: () => Date }): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.on("callback_query:data", async (ctx, next) => {
    const action = parseCaseDocument(ctx.callbackQuery.data);
    if (!action) return next();
    const result = ctx.user ? await deps.caseDocuments[action.kind](action.requestId, ctx.user.id, deps.now()) : ({ ok: false, reason: "not-yours" } as const);
    if (!result.ok) {
      await ctx.answerCallbackQuery({ text: ctx.t(REFUSALS[result.reason]), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    await ctx.replyWithChatAction("upload_document").catch(() => undefined);
    await ctx.replyWithDocument(new InputFile(result.pdf, result.filename), { caption: ctx.t(CAPTIONS[action.kind]), parse_mode: "HTML" });
  });
  return feature;
}
