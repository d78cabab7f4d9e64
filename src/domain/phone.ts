// Phone numbers as people type them in Kazakhstan: "+7 701 234 56 78", "8 (701) 234-56-78", "87012345678",
// "7012345678". Normalised to +7XXXXXXXXXX (Kazakhstan and Russia share country code 7).

/** The number as +7XXXXXXXXXX, or null when it is not a valid +7 number. */
export function normalizePhone(input: string): string | null {
  const trimmed = input.trim();
  if (!/^\+?[\d\s()\-.]{10,20}$/.test(trimmed)) return null;
  const digits = trimmed.replace(/\D/g, "");
  let national: string | undefined;
  if (digits.length === 11 && (digits.startsWith("7") || digits.startsWith("8"))) national = digits.slice(1);
  // Ten digits without a prefix are a Kazakh number written without its 8 ("701 234 56 78").
  else if (digits.length === 10 && !trimmed.startsWith("+") && digits.startsWith("7")) national = digits;
  if (!national) return null;
  // Kazakh numbers start with 7 (mobile 70x/74x/75x/77x, landline 71x-72x); Russian ones with 3, 4, 8 or 9.
  if (!/^[3-9]\d{9}$/.test(national)) return null;
  return `+7${national}`;
}
