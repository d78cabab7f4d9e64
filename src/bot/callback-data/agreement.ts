// Callback data of the agreement terms outside their conversation: "ag:r:<appointmentId>" (record the terms,
// on the outcome message). Untrusted: parsed strictly here and re-authorised by the repository on every tap.
export type AgreementAction = { type: "record"; appointmentId: number };

const ID = /^[1-9]\d{0,8}$/;

export function packAgreement(action: AgreementAction): string {
  return `ag:r:${action.appointmentId}`;
}

export function parseAgreement(data: string | undefined): AgreementAction | null {
  if (!data || data.length > 64) return null;
  const [head, verb, id, ...rest] = data.split(":");
  if (head !== "ag" || verb !== "r" || rest.length > 0 || !id || !ID.test(id)) return null;
  return { type: "record", appointmentId: Number(id) };
}
