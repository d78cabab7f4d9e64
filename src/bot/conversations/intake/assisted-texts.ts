// What the filer sees after submitting a request for someone else: the request and claim codes, and a
// short note to read out or hand over (on paper), telling the person how to take the request over later.
import { formatClaimCode } from "../../../domain/assisted-intake.js";
import { deepLinkUrl } from "../../../domain/deep-link.js";
import type { Translate } from "../../i18n.js";

export function assistedSubmittedMessages(t: Translate, filed: { code: string; claimCode: string; botUsername: string; hours: number }): [string, string] {
  const claimCode = formatClaimCode(filed.claimCode);
  const link = deepLinkUrl(filed.botUsername, { kind: "claim", code: filed.claimCode });
  return [
    t("assisted:submitted.forFiler", { code: filed.code, claimCode, hours: filed.hours }),
    t("assisted:submitted.forPerson", { code: filed.code, claimCode, bot: `@${filed.botUsername}`, link }),
  ];
}
