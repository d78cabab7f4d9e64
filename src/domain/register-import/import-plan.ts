// What an import would do to the profiles the bot already has: each entry of the file is matched to an
// existing profile by register number, else by phone; a match is updated (with the fields that differ)
// or left alone, no match creates a waiting profile with a join link. Mediators who applied in the bot
// themselves are not overwritten by a register, and an entry whose phone and number point at two
// different profiles is refused rather than guessed. Pure: the caller loads the profiles.
import { registryKey, type LineEntry, type RegisterEntry, type RejectedLine } from "./register-file.js";

/** A waiting (or revoked) invitation, or a mediator who is in the bot already. */
export type ProfileRef = { type: "invite"; id: number } | { type: "mediator"; id: number };

export interface ExistingProfile {
  ref: ProfileRef;
  /** A mediator who applied through /mediator rather than joining through a register link. */
  selfRegistered: boolean;
  entry: RegisterEntry;
}

export const ENTRY_FIELDS = ["fullName", "phone", "kind", "registryNumber", "rayonCodes", "languages", "specializations", "modes", "maxOpenCases"] as const;
export type EntryField = (typeof ENTRY_FIELDS)[number];

export interface PlannedUpdate extends LineEntry {
  target: ProfileRef;
  changes: EntryField[];
}

export interface ImportPlan {
  creates: LineEntry[];
  updates: PlannedUpdate[];
  unchanged: Array<LineEntry & { target: ProfileRef }>;
  rejected: RejectedLine[];
}

const same = (a: unknown, b: unknown) => (Array.isArray(a) && Array.isArray(b) ? [...a].sort().join(",") === [...b].sort().join(",") : a === b);

/** The fields of `next` that differ from `current`. */
export function changedFields(current: RegisterEntry, next: RegisterEntry): EntryField[] {
  return ENTRY_FIELDS.filter((f) => !same(current[f], next[f]));
}

const refKey = (ref: ProfileRef) => `${ref.type}:${ref.id}`;

export function planImport(entries: readonly LineEntry[], rejectedInFile: readonly RejectedLine[], existing: readonly ExistingProfile[]): ImportPlan {
  const byPhone = new Map<string, ExistingProfile>();
  const byRegistry = new Map<string, ExistingProfile>();
  for (const profile of existing) {
    byPhone.set(profile.entry.phone, profile);
    const key = registryKey(profile.entry.registryNumber);
    if (key) byRegistry.set(key, profile);
  }
  const plan: ImportPlan = { creates: [], updates: [], unchanged: [], rejected: [...rejectedInFile] };
  const taken = new Set<string>();
  for (const item of entries) {
    const key = registryKey(item.entry.registryNumber);
    const byNumber = key ? byRegistry.get(key) : undefined;
    const byPhoneMatch = byPhone.get(item.entry.phone);
    const target = byNumber ?? byPhoneMatch;
    if (!target) {
      plan.creates.push(item);
      continue;
    }
    if ((byNumber && byPhoneMatch && byNumber !== byPhoneMatch) || taken.has(refKey(target.ref))) {
      plan.rejected.push({ line: item.line, problems: [{ code: "conflict" }] });
      continue;
    }
    if (target.selfRegistered) {
      plan.rejected.push({ line: item.line, problems: [{ code: "selfRegistered" }] });
      continue;
    }
    taken.add(refKey(target.ref));
    const changes = changedFields(target.entry, item.entry);
    if (changes.length === 0) plan.unchanged.push({ ...item, target: target.ref });
    else plan.updates.push({ ...item, target: target.ref, changes });
  }
  plan.rejected.sort((a, b) => a.line - b.line);
  return plan;
}
