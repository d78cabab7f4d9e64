// A request whose citizen erased their data (/deletedata) no longer points to anyone (citizenId is null).
// Erasure closes every open request first, so such rows are only ever read as history; where a reader needs
// "the citizen" anyway it gets this empty stand-in, whose Telegram id 0 no message can reach.
export const ERASED_CITIZEN = { id: 0, telegramId: 0n, locale: null, telegramLanguage: null, firstName: "" } as const;

export function citizenOrErased<T extends object>(citizen: T | null): T | typeof ERASED_CITIZEN {
  return citizen ?? ERASED_CITIZEN;
}
