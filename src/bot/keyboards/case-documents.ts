import { InlineKeyboard } from "grammy";
import { packCaseDocument } from "../callback-data/case-document.js";
import type { Translate } from "../i18n.js";

/** "📄 Contract draft" for one case (under a session confirmation, on a request's details). */
export function contractButton(t: Translate, requestId: number) {
  return InlineKeyboard.text(t("documents:buttons.contract"), packCaseDocument({ kind: "contract", requestId }));
}

/** "📄 Agreement draft" for one case. */
export function agreementButton(t: Translate, requestId: number) {
  return InlineKeyboard.text(t("documents:buttons.agreement"), packCaseDocument({ kind: "agreement", requestId }));
}

/**
 * In /cases: "📄 Contract draft · KL-…" for every case whose session is confirmed (status scheduled), above
 * `keyboard`. The tap is checked again when the document is loaded.
 */
export function withContractButtons(t: Translate, cases: ReadonlyArray<{ id: number; code: string; status: string }>, keyboard: InlineKeyboard): InlineKeyboard {
  const rows = cases.filter((c) => c.status === "scheduled").map((c) => [InlineKeyboard.text(t("documents:buttons.contractFor", { code: c.code }), packCaseDocument({ kind: "contract", requestId: c.id }))]);
  return InlineKeyboard.from([...rows, ...keyboard.inline_keyboard]);
}
