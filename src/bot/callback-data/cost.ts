// Callback data of the cost choice after the fact ("cw:…"). Untrusted like all callback data:
//   cw:<requestId>   the citizen of an unmatched free_only request also accepts a professional mediator —
//                    re-checked in the write (offer-repository widenCost): their own request, still unmatched.

export type CostAction = { type: "widen"; requestId: number };

const ID = /^[1-9]\d{0,8}$/;

export function packCost(action: CostAction): string {
  return `cw:${action.requestId}`;
}

export function parseCost(data: string | undefined): CostAction | null {
  if (!data || data.length > 64) return null;
  const [head, id, ...rest] = data.split(":");
  if (head !== "cw" || rest.length > 0 || !id || !ID.test(id)) return null;
  return { type: "widen", requestId: Number(id) };
}
