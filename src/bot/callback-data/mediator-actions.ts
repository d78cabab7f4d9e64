// Callback data of the mediator workspace ("mw:…"), kept apart from actions.ts so that the workspace owns its
// buttons. Untrusted like all callback data: ids are re-checked against the tapping person's own profile.
export type MediatorAction =
  | { type: "profile" }
  | { type: "apply" }
  | { type: "edit" | "pause" | "resume" | "cases"; id: number };

const CODES = { edit: "e", pause: "z", resume: "r", cases: "c" } as const;
const BY_CODE: Record<string, "edit" | "pause" | "resume" | "cases"> = { e: "edit", z: "pause", r: "resume", c: "cases" };

export function packMediatorAction(action: MediatorAction): string {
  if (action.type === "profile") return "mw:p";
  if (action.type === "apply") return "mw:a";
  return `mw:${CODES[action.type]}:${action.id}`;
}

export function parseMediatorAction(data: string | undefined): MediatorAction | null {
  if (data === undefined || data.length > 64) return null;
  const [head, code, arg, ...rest] = data.split(":");
  if (head !== "mw" || code === undefined || rest.length > 0) return null;
  if (arg === undefined) return code === "p" ? { type: "profile" } : code === "a" ? { type: "apply" } : null;
  const type = BY_CODE[code];
  return type && /^[1-9]\d{0,8}$/.test(arg) ? { type, id: Number(arg) } : null;
}
