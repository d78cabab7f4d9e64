// The summary card: every answer in words, so the person can check it before submitting.
import type { IntakeDraft } from "../../../domain/request.js";
import { nameIn } from "../../../domain/region.js";
import { escapeHtml } from "../../helpers/escape-html.js";
import type { QuestionContext } from "./intake-questions.js";

const DESCRIPTION_PREVIEW = 300;

export function summaryText(draft: Partial<IntakeDraft>, { t, locale, regions }: QuestionContext): string {
  const rayon = draft.rayonCode ? regions.rayon(draft.rayonCode) : undefined;
  const oblast = rayon ? regions.oblast(rayon.oblastCode) : undefined;
  const description =
    draft.description?.kind === "voice"
      ? t("intake:summary.voice", { seconds: draft.description.duration })
      : draft.description
        ? escapeHtml(draft.description.text.length > DESCRIPTION_PREVIEW ? `${draft.description.text.slice(0, DESCRIPTION_PREVIEW)}…` : draft.description.text)
        : "—";
  // Values below are our own catalogue texts or escaped input; i18next escapes interpolations again,
  // so the lines are assembled here rather than through a single template.
  const rows: Array<[string, string]> = [
    ["category", draft.category ? t(`intake:category.names.${draft.category}`) : "—"],
    ["description", description],
    ["otherParty", draft.otherParty ? t(`intake:otherParty.names.${draft.otherParty}`) : "—"],
    ["awareness", draft.otherPartyAware ? t(`intake:awareness.names.${draft.otherPartyAware}`) : "—"],
    ["inCourt", draft.inCourt === undefined ? "—" : t(draft.inCourt ? "intake:summary.yes" : "intake:summary.no")],
    ["cost", draft.costPreference ? t(`intake:cost.names.${draft.costPreference}`) : "—"],
    ["place", rayon && oblast ? `${nameIn(rayon, locale)}, ${nameIn(oblast, locale)}` : "—"],
    ["mode", draft.mode ? t(`intake:mode.names.${draft.mode}`) : "—"],
    ["sessionLanguage", draft.sessionLanguage ? t(`intake:sessionLanguage.names.${draft.sessionLanguage}`) : "—"],
    ["name", draft.contactName ? escapeHtml(draft.contactName) : "—"],
    ["phone", draft.contactPhone ?? "—"],
  ];
  return [t("intake:summary.title"), "", ...rows.map(([field, value]) => `<b>${t(`intake:summary.fields.${field}`)}:</b> ${value}`)].join("\n");
}
