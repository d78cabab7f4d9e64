// The summary card: every answer in words, so the person can check it before submitting.
import { profileLines } from "../../helpers/mediator-text.js";
import type { QuestionContext } from "./application-questions.js";
import type { ApplicationState } from "./application-state.js";

export function summaryText(state: ApplicationState, q: QuestionContext): string {
  // Lines are assembled from escaped input and catalogue texts (i18next would escape the HTML again).
  const note = state.editingProfile ? ["", q.t("mediator:summary.reviewAgain")] : [];
  return [q.t("mediator:summary.title"), "", ...profileLines(q, state.draft), ...note].join("\n");
}
