// Callback data of the poster and assisted-intake entry points, parsed strictly (anything else is not ours).
// Whether the tapping person may act (an operator; an active mediator or operator) is checked on every tap.
//   "pst"                 — /poster: the list of oblasts
//   "pst:o:<page>"        — a page of the oblast list
//   "pst:r:<oblast>:<p>"  — page p of an oblast's rayons
//   "pst:mk:<kato>"       — make the poster of a rayon
//   "asf"                 — file a request for someone (assisted intake)
export type PosterAction =
  | { type: "oblasts"; page: number }
  | { type: "rayons"; oblastCode: string; page: number }
  | { type: "make"; kato: string }
  | { type: "assist" };

const PAGE = /^\d{1,2}$/;
const OBLAST = /^[a-z_]{2,24}$/;
const KATO = /^\d{2,12}$/;

export function packPoster(action: PosterAction): string {
  switch (action.type) {
    case "oblasts": return action.page === 0 ? "pst" : `pst:o:${action.page}`;
    case "rayons": return `pst:r:${action.oblastCode}:${action.page}`;
    case "make": return `pst:mk:${action.kato}`;
    case "assist": return "asf";
  }
}

export function parsePoster(data: string | undefined): PosterAction | null {
  if (data === undefined || data.length > 64) return null;
  if (data === "asf") return { type: "assist" };
  const [head, kind, a, b, ...rest] = data.split(":");
  if (head !== "pst" || rest.length > 0) return null;
  if (kind === undefined) return { type: "oblasts", page: 0 };
  if (kind === "o" && a !== undefined && PAGE.test(a) && b === undefined) return { type: "oblasts", page: Number(a) };
  if (kind === "r" && a !== undefined && OBLAST.test(a) && b !== undefined && PAGE.test(b)) return { type: "rayons", oblastCode: a, page: Number(b) };
  if (kind === "mk" && a !== undefined && KATO.test(a) && b === undefined) return { type: "make", kato: a };
  return null;
}
