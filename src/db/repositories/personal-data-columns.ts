// Every String column of the schema and what /mydata and /deletedata do with it (Law on Personal Data No. 94-V:
// access and destruction). test/db/free-text-columns.test.ts lists the String columns from the generated client
// and fails when one is missing here; for every "erased" column it seeds a value, checks /mydata exports it and
// /deletedata removes it. The privacy repository blanks the columns that carry `blankTo` from this table.
//
//   erased       — typed by or identifying the person: exported by /mydata, gone after /deletedata
//                  (`blankTo`: blanked on every row of the person; otherwise a rule in privacy-repository.ts
//                  says which rows: the person's side only, typed text but not button codes, or rows deleted);
//   kept         — personal in some way, but kept on purpose, for the reason given;
//   not-personal — codes, statuses, reference data: statistics that lead to nobody.

export type ColumnRule =
  | { kind: "erased"; why: string; blankTo?: null | "" }
  | { kind: "kept"; why: string }
  | { kind: "not-personal"; why: string };

const code = (what: string): ColumnRule => ({ kind: "not-personal", why: `${what} (a code from a fixed list)` });
const reference = { kind: "not-personal", why: "reference data about places (KATO), the same for everyone" } as const;

export const STRING_COLUMNS = {
  User: {
    firstName: { kind: "erased", why: "the Telegram first name", blankTo: "" },
    lastName: { kind: "erased", why: "the Telegram last name", blankTo: null },
    locale: { kind: "kept", why: "the language the bot answers in (kk, ru or en); needed to keep talking to the person" },
    telegramLanguage: { kind: "erased", why: "the Telegram app's language at first contact (L7)", blankTo: null },
    preferredRayonCode: { kind: "erased", why: "the rayon of a poster the person scanned: where they live (L7)", blankTo: null },
  },
  Oblast: { code: reference, kind: reference, kato: reference, nameKk: reference, nameRu: reference, nameEn: reference },
  Rayon: {
    code: reference, oblastCode: reference, kind: reference, kato: reference, nameKk: reference, nameRu: reference, nameEn: reference,
    adminCenter: reference,
  },
  MediationRequest: {
    code: { kind: "kept", why: "the random code of the statistics row; once unlinked it leads to nobody" },
    status: code("lifecycle status"),
    category: code("dispute category, kept as anonymous statistics"),
    description: { kind: "erased", why: "the dispute in the person's words", blankTo: null },
    voiceFileId: { kind: "erased", why: "the person's voice message (a Telegram file id that fetches it)", blankTo: null },
    otherParty: code("who the other side is"),
    otherPartyAware: code("whether the other side knows"),
    costPreference: code("free only or either"),
    rayonCode: code("rayon, kept as anonymous statistics"),
    mode: code("meeting mode"),
    sessionLanguage: code("session language"),
    contactName: { kind: "erased", why: "how the person asked to be addressed", blankTo: null },
    contactPhone: { kind: "erased", why: "the person's phone", blankTo: null },
    otherPartyStatus: code("the other party's answer"),
    otherPartyAnswerVia: code("how the other party answered"),
    claimCode: { kind: "kept", why: "set only while a request filed for someone else is unclaimed: it belongs to that person, not to the filer" },
  },
  RequestStatusChange: { fromStatus: code("lifecycle status"), toStatus: code("lifecycle status"), actorRole: code("role of the actor") },
  StorageEntry: {
    key: { kind: "erased", why: "conversation:<chat id> / session:<chat id>: the person's own rows are deleted" },
    value: { kind: "erased", why: "an unfinished conversation (e.g. an intake draft with a description and phone): deleted" },
  },
  Mediator: {
    fullName: { kind: "erased", why: "the mediator's name", blankTo: "" },
    kind: code("professional or public"),
    registryNumber: { kind: "erased", why: "the registry number identifies the mediator", blankTo: null },
    languages: code("languages"),
    specializations: code("categories"),
    modes: code("meeting modes"),
    phone: { kind: "erased", why: "the mediator's phone", blankTo: "" },
    bio: { kind: "erased", why: "the mediator's own words about themselves", blankTo: "" },
    status: code("review status"),
    decisionReason: { kind: "erased", why: "an operator's reason about this mediator; the audit entry keeps the decision", blankTo: null },
  },
  MediatorRayon: { rayonCode: code("rayon served") },
  Offer: {
    status: code("offer status"),
    declineReason: { kind: "erased", why: "a mediator's reason for declining: typed text is erased with the mediator, the button codes stay as statistics" },
  },
  AuditEntry: {
    action: code("what was done"),
    targetType: code("kind of target"),
    targetId: { kind: "not-personal", why: "the id of a row (request, mediator, invite), never a name" },
    details: {
      kind: "kept",
      why: "the centre's record of what staff did: ids, counts, codes and an operator's reason for a decision — nothing a citizen typed",
    },
  },
  Appointment: {
    status: code("appointment status"),
    mode: code("meeting mode"),
    place: { kind: "erased", why: "where the meeting is, typed by the mediator: erased when either side erases" },
    slots: { kind: "not-personal", why: "the times offered (ISO instants)" },
    cancelledBy: code("which side cancelled"),
    cancelReason: { kind: "erased", why: "typed text of the side that cancelled (when that side erases); the button codes stay as statistics" },
    outcome: code("session outcome"),
    ratingComment: { kind: "erased", why: "the citizen's comment on the mediator" },
  },
  Reminder: {
    kind: code("reminder kind"),
    recipient: code("citizen, mediator, other party or operators"),
    status: code("send status"),
    lastError: { kind: "not-personal", why: "the Bot API's error text (e.g. \"bot was blocked by the user\")" },
  },
  DigestRun: { date: { kind: "not-personal", why: "the local date of a digest" } },
  Broadcast: {
    text: { kind: "kept", why: "an announcement the centre's operators wrote to many people, not about one person" },
    photoFileId: { kind: "kept", why: "the picture of that announcement" },
    audience: code("audience"),
    oblastCodes: code("oblasts"),
    languages: code("languages"),
    status: code("broadcast status"),
  },
  BroadcastDelivery: {
    status: code("delivery status"),
    lastError: { kind: "not-personal", why: "the Bot API's error text; the person's delivery rows themselves are deleted by erasure (L7)" },
  },
  Invitation: {
    code: { kind: "not-personal", why: "a random link code; it only works for an open request, and erasure closes them" },
    status: code("invitation status"),
    questionDay: { kind: "not-personal", why: "a local date for the daily question cap" },
  },
  DeepLinkStart: {
    kind: code("link kind"),
    ref: { kind: "not-personal", why: "the rayon code of a poster, counted in statistics; userId is nulled by erasure" },
  },
  MediatorInvite: {
    code: { kind: "not-personal", why: "a random link code; once joined it opens nothing" },
    fullName: { kind: "erased", why: "the mediator's name from the register (P1): blanked when the joined mediator erases", blankTo: "" },
    phone: { kind: "erased", why: "the mediator's phone from the register (P1)", blankTo: "" },
    kind: code("professional or public"),
    registryNumber: { kind: "erased", why: "the registry number identifies the mediator", blankTo: null },
    rayonCodes: code("rayons"),
    languages: code("languages"),
    specializations: code("categories"),
    modes: code("meeting modes"),
    status: code("invite status"),
  },
  MediatorImport: {
    fileName: { kind: "kept", why: "the name of a register file an operator uploaded" },
    status: code("import status"),
    plan: {
      kind: "kept",
      why: "the register an operator uploaded (names and phones of many mediators): the centre's own copy of its official register, not linked to an account",
    },
  },
  AgreementTerm: {
    party: code("who carries the term out"),
    action: { kind: "erased", why: "what a party promised, as the mediator typed it: erased when either party erases (blanked on the case's terms)", blankTo: null },
    voiceFileId: {
      kind: "erased",
      why: "the term as the mediator spoke it (a Telegram file id): erased when either party or the mediator erases",
      blankTo: null,
    },
    dueDate: { kind: "not-personal", why: "a local date alone; the statistics count the terms due in a period" },
  },
  TermCheck: {
    recipient: code("which party is asked"),
    status: code("send status"),
    lastError: { kind: "not-personal", why: "the Bot API's error text (e.g. \"bot was blocked by the user\")" },
    answer: code("the answer to \"Was this done?\", kept as anonymous counts for the fulfilment rate"),
  },
  ProcessedUpdate: { instance: { kind: "not-personal", why: "which bot instance took an update" } },
  Lease: {
    key: { kind: "not-personal", why: "a hold of a few seconds on a chat's updates or a job; it expires by itself" },
    holder: { kind: "not-personal", why: "which bot instance holds the lease" },
  },
} as const satisfies Record<string, Record<string, ColumnRule>>;

type Blanks<T> = { -readonly [K in keyof T as T[K] extends { blankTo: null | "" } ? K : never]: T[K] extends { blankTo: infer V } ? V : never };

/** The columns of `model` that erasure blanks on every row of the person, with their blank values. */
export function blankedColumns<M extends keyof typeof STRING_COLUMNS>(model: M): Blanks<(typeof STRING_COLUMNS)[M]> {
  const rules: Record<string, ColumnRule> = STRING_COLUMNS[model];
  const entries = Object.entries(rules).flatMap(([column, rule]) => (rule.kind === "erased" && rule.blankTo !== undefined ? [[column, rule.blankTo] as const] : []));
  // The table above is `as const`, so this object has exactly the keys and values the mapped type names.
  return Object.fromEntries(entries) as Blanks<(typeof STRING_COLUMNS)[M]>;
}
