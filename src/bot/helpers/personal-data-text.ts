// "/mydata" in words: everything the export holds, readable on a phone, split into messages when long.
import { isLocale } from "../../domain/locale.js";
import { holdsPersonalData, type PersonalDataExport } from "../../domain/privacy.js";
import { escapeHtml } from "./escape-html.js";
import { formatDate } from "./format-date.js";
import { requestFieldLines, type RequestTextContext } from "./request-text.js";
import { splitMessage } from "./split-message.js";

export function describePersonalData(c: RequestTextContext, data: PersonalDataExport): string[] {
  const { t } = c;
  const line = (labelKey: string, valueHtml: string) => `<b>${t(labelKey)}:</b> ${valueHtml}`;
  const { user, requests } = data;
  const name = [user.firstName, user.lastName ?? ""].filter((part) => part !== "").join(" ");

  const intro = [t("privacy:summary.title")];
  if (!holdsPersonalData(data)) intro.push(t("privacy:summary.nothingPersonal"));
  if (user.erasedAt) intro.push(t("privacy:summary.erasedOn", { date: formatDate(new Date(user.erasedAt), c.locale, c.timeZone) }));

  const profile = [
    t("privacy:summary.profile"),
    line("privacy:fields.telegramId", user.telegramId),
    line("privacy:fields.name", name === "" ? t("requests:fields.erased") : escapeHtml(name)),
    line("privacy:fields.language", isLocale(user.locale) ? t(`language.names.${user.locale}`) : t("privacy:fields.languageNotChosen")),
    line("privacy:fields.startedAt", formatDate(new Date(user.startedAt), c.locale, c.timeZone)),
  ].join("\n");

  const requestBlocks = requests.map((r) =>
    [`<b>${escapeHtml(r.code)}</b>`, ...requestFieldLines(c, { ...r, submittedAt: new Date(r.submittedAt) })].join("\n"),
  );
  const requestsHeading = requests.length === 0 ? t("privacy:summary.noRequests") : t("privacy:summary.requests", { total: requests.length });

  const mediator = data.mediator
    ? [
        t("privacy:summary.mediator"),
        line("privacy:fields.name", data.mediator.fullName === "" ? t("requests:fields.erased") : escapeHtml(data.mediator.fullName)),
        line("privacy:fields.phone", data.mediator.phone === "" ? t("requests:fields.erased") : escapeHtml(data.mediator.phone)),
        line("privacy:fields.bio", data.mediator.bio === "" ? t("requests:fields.erased") : `<i>${escapeHtml(data.mediator.bio)}</i>`),
      ].join("\n")
    : undefined;

  const invited = data.invitedTo.length === 0
    ? []
    : [[t("privacy:summary.invitedTo", { total: data.invitedTo.length }), ...data.invitedTo.map((r) => `• <b>${escapeHtml(r.code)}</b> — ${t(`requests:labels.category.${r.category}`)}`)].join("\n")];

  return splitMessage([intro.join("\n\n"), profile, ...(mediator ? [mediator] : []), requestsHeading, ...requestBlocks, ...invited, t("privacy:summary.footer")]);
}
