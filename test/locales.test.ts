// Every catalogue key exists, non-empty, in kk, ru and en; no key is unused; placeholders and
// HTML tags agree across languages, so one language cannot break where another works.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ABOUT_PAGES } from "../src/bot/about-pages.js";
import { COMMANDS } from "../src/bot/commands.js";
import { readCatalogues } from "../src/bot/i18n.js";
import { SUPPORTED_LOCALES } from "../src/config.js";
import { FIELD_LABEL } from "../src/bot/conversations/intake/intake-questions.js";
import { AWARENESS, CATEGORIES, COST_PREFERENCES, MODES, NOT_MEDIABLE, OTHER_PARTIES, SESSION_LANGUAGES } from "../src/domain/request.js";
import { REQUEST_STATUSES } from "../src/domain/request-lifecycle.js";
import { DECLINE_REASONS } from "../src/domain/offers.js";
import { MEDIATOR_KINDS, MEDIATOR_STATUSES } from "../src/domain/mediator.js";
import { OPERATOR_AUDIT_ACTIONS } from "../src/domain/operator-team.js";
import { OPERATOR_COMMANDS } from "../src/bot/operator-commands.js";
import { PROFILE_FIELDS } from "../src/bot/helpers/mediator-text.js";
import { OPEN_CASE_STATUSES } from "../src/domain/mediator-case.js";
import { CANCEL_REASONS, OUTCOMES } from "../src/domain/appointments.js";
import { STUCK_KINDS } from "../src/domain/reminder-queue.js";
import { AUDIENCES } from "../src/domain/broadcast.js";
import { ANSWER_CHANNELS, OTHER_PARTY_STATUSES, RECORDED_ANSWERS, STAFF_CHANNELS } from "../src/domain/invitations.js";

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === "string") out.set(prefix + key, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

const catalogues = readCatalogues();
const flat = Object.fromEntries(
  SUPPORTED_LOCALES.map((locale) => {
    const all = new Map<string, string>();
    for (const [ns, tree] of Object.entries(catalogues[locale])) for (const [k, v] of flatten(tree as Tree)) all.set(`${ns}:${k}`, v);
    return [locale, all];
  }),
) as Record<(typeof SUPPORTED_LOCALES)[number], Map<string, string>>;
const allKeys = [...new Set(SUPPORTED_LOCALES.flatMap((l) => [...flat[l].keys()]))].sort();

// i18next plural forms ("erase.cancelled_one", "_few"…): the code calls the base key with a count, and each
// language needs exactly the forms its plural rules have (Russian one/few/many/other, English one/other).
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;
const baseKey = (key: string) => key.replace(PLURAL_SUFFIX, "");
function neededIn(locale: string, key: string): boolean {
  const form = PLURAL_SUFFIX.exec(key)?.[1];
  return form === undefined || new Intl.PluralRules(locale).resolvedOptions().pluralCategories.includes(form as Intl.LDMLPluralRule);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === "generated" ? [] : sourceFiles(full);
    return full.endsWith(".ts") ? [full] : [];
  });
}

/** Keys the code uses: literal t("…") calls, plus the families built from registries in code. */
function usedKeys(): Set<string> {
  const used = new Set<string>();
  const source = sourceFiles("src").map((f) => readFileSync(f, "utf8")).join("\n");
  // Any string literal shaped like a key ("menu.title", "about:menuTitle"), wherever it is passed to t().
  for (const match of source.matchAll(/"((?:[a-z]+:)?[a-zA-Z]+(?:\.[a-zA-Z]+)*)"/g)) used.add(match[1]!.includes(":") ? match[1]! : `common:${match[1]}`);
  for (const id of ABOUT_PAGES) for (const part of ["button", "title", "body"]) used.add(`about:pages.${id}.${part}`);
  for (const command of COMMANDS) used.add(`common:commands.${command}`);
  for (const locale of SUPPORTED_LOCALES) used.add(`common:language.names.${locale}`);
  // Intake: one label per choice, built from the domain's lists.
  const families: Array<[string, readonly string[]]> = [
    ["intake:category.names", CATEGORIES],
    ["intake:category.notMediable", NOT_MEDIABLE],
    ["intake:category.notMediableHint", NOT_MEDIABLE],
    ["intake:otherParty.names", OTHER_PARTIES],
    ["intake:awareness.names", AWARENESS],
    ["intake:mode.names", MODES],
    ["intake:sessionLanguage.names", SESSION_LANGUAGES],
    ["intake:cost.names", COST_PREFERENCES],
    ["intake:summary.fields", [...Object.values(FIELD_LABEL)]],
    // Offers: card labels, decline reasons, answers and mediator kinds.
    ["offers:card", ["category", "place", "language", "mode", "inCourt", "cost", "otherParty", "description"]],
    ["offers:decline.reasons", DECLINE_REASONS],
    ["offers:answers", ["notFound", "taken", "expired", "answered"]],
    ["offers:accepted.kinds", MEDIATOR_KINDS],
    // The cost choice: the operator's assignment list by kind, refusals of "also accept a professional".
    ["offers:assign.kinds", MEDIATOR_KINDS],
    ["offers:widen.refused", ["notFound", "notOpen", "already"]],
    // Appointments: detail lines, cancel reasons, outcomes, reminders, and change messages by side.
    ["appointments:fields", ["when", "mode", "place", "mediator", "citizen"]],
    ["appointments:cancel.reasons", CANCEL_REASONS],
    ["appointments:outcome.names", OUTCOMES],
    ["appointments:reminder", ["before_24h", "before_2h"]],
    ["appointments:answers", ["notFound", "notYours", "notActive", "ownCase", "stale", "wrongStatus", "tooEarly", "answered"]],
    ["appointments:rescheduled.self", ["citizen", "mediator"]],
    ["appointments:rescheduled.other", ["citizen", "mediator"]],
    ["appointments:cancelled.self", ["citizen", "mediator"]],
    ["appointments:cancelled.other", ["citizen", "mediator"]],
    // Operator digest: why a case is stuck, by kind.
    ["digest:stuckReason", STUCK_KINDS],
  ];
  for (const [prefix, values] of families) for (const value of values) used.add(`${prefix}.${value}`);
  // Request words, looked up by the stored value (src/bot/helpers/request-text.ts).
  const requestWords: Record<string, readonly string[]> = {
    "status": REQUEST_STATUSES,
    "labels.category": CATEGORIES,
    "labels.otherParty": OTHER_PARTIES,
    "labels.awareness": AWARENESS,
    "labels.mode": MODES,
    "labels.sessionLanguage": SESSION_LANGUAGES,
    "labels.cost": COST_PREFERENCES,
  };
  for (const [family, values] of Object.entries(requestWords)) for (const value of values) used.add(`requests:${family}.${value}`);
  // Operator console: statuses and kinds by stored value, audit actions by name, commands in the operator's "/" menu.
  const operatorWords: Array<[string, readonly string[]]> = [
    ["operator:status", MEDIATOR_STATUSES],
    ["operator:kinds", MEDIATOR_KINDS],
    ["operator:audit.actions", OPERATOR_AUDIT_ACTIONS],
    ["operator:commands", OPERATOR_COMMANDS],
  ];
  for (const [prefix, values] of operatorWords) for (const value of values) used.add(`${prefix}.${value}`);
  // Mediator application and workspace: kinds, profile fields, profile states (status, or "paused"), case statuses.
  const mediatorWords: Array<[string, readonly string[]]> = [
    ["mediator:kind.names", MEDIATOR_KINDS],
    ["mediator:kind.words", MEDIATOR_KINDS],
    ["mediator:profileFields", PROFILE_FIELDS],
    ["mediator:profile.status", [...MEDIATOR_STATUSES, "paused"]],
    ["mediator:profile.hint", [...MEDIATOR_STATUSES, "paused"]],
    ["mediator:workspace.notActive", MEDIATOR_STATUSES.filter((s) => s !== "active")],
    ["mediator:cases.status", OPEN_CASE_STATUSES],
  ];
  for (const [prefix, values] of mediatorWords) for (const value of values) used.add(`${prefix}.${value}`);
  // Broadcasts: one label per audience (src/bot/conversations/broadcast-compose/).
  for (const audience of AUDIENCES) used.add(`broadcast:audience.${audience}`);
  // Invitations: the other party's status and how the answer came, answers by recipient, staff buttons, meeting changes.
  for (const status of OTHER_PARTY_STATUSES) used.add(`invitations:status.${status}`);
  for (const via of ANSWER_CHANNELS) used.add(`invitations:via.${via}`);
  // What an invitation says about cost (src/domain/invitations.ts, invitationCost).
  for (const cost of ["free_only", "either", "public", "professional"]) used.add(`invitations:cost.${cost}`);
  for (const answer of RECORDED_ANSWERS) {
    for (const who of ["citizen", "mediator"]) used.add(`invitations:answered.${who}.${answer}`);
    for (const via of STAFF_CHANNELS) used.add(`invitations:record.buttons.${answer}.${via}`);
  }
  for (const change of ["rescheduled", "cancelled"]) used.add(`invitations:meeting.${change}`);
  return used;
}

describe("locale catalogues", () => {
  it.each(SUPPORTED_LOCALES)("%s has every key, none empty", (locale) => {
    const missing = allKeys.filter((k) => neededIn(locale, k) && !flat[locale].has(k));
    const extraPluralForms = [...flat[locale].keys()].filter((k) => !neededIn(locale, k));
    const empty = [...flat[locale]].filter(([, v]) => v.trim() === "").map(([k]) => k);
    expect({ missing, empty, extraPluralForms }).toEqual({ missing: [], empty: [], extraPluralForms: [] });
  });

  it("has no unused key, and the code uses no missing key", () => {
    const used = usedKeys();
    expect(allKeys.filter((k) => !used.has(baseKey(k)))).toEqual([]);
    // Literal t("…") keys must exist (other literals merely look like keys).
    const source = sourceFiles("src").map((f) => readFileSync(f, "utf8")).join("\n");
    const called = [...source.matchAll(/\bt\(\s*"([^"]+)"/g)].map((m) => (m[1]!.includes(":") ? m[1]! : `common:${m[1]}`));
    expect(called.length).toBeGreaterThan(10);
    expect(called.filter((k) => !flat.en.has(k) && !flat.en.has(`${k}_other`))).toEqual([]);
  });

  it("uses the same placeholders and HTML tags in every language", () => {
    const shape = (text: string) => ({
      placeholders: [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort(),
      tags: [...text.matchAll(/<\/?([a-z-]+)/g)].map((m) => m[0]).sort(),
    });
    for (const key of allKeys) {
      // A plural form English lacks (Russian "_few") must match English "_other".
      const en = shape(flat.en.get(key) ?? flat.en.get(`${baseKey(key)}_other`) ?? "");
      for (const locale of ["kk", "ru"] as const) if (flat[locale].has(key)) expect({ key, ...shape(flat[locale].get(key)!) }).toEqual({ key, ...en });
    }
  });

  it("writes Kazakh in Cyrillic with Kazakh letters, not transliterated Russian", () => {
    const kk = [...flat.kk.values()].join(" ");
    expect(kk).toMatch(/[әіңғүұқөһ]/);
    expect(kk).not.toMatch(/непрофессиональн/i);
  });

  it("keeps every message within Telegram's 4096 characters", () => {
    for (const locale of SUPPORTED_LOCALES) for (const [key, value] of flat[locale]) expect({ key, long: value.length > 3500 }).toEqual({ key, long: false });
  });
});
