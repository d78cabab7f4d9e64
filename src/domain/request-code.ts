// Request codes people can read aloud on the phone: "KL-" and five characters without look-alikes
// (no 0/O, 1/I/L). 31^5 ≈ 29 million codes; the repository retries on the rare collision.
const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

export function generateRequestCode(random: () => number = Math.random): string {
  let code = "KL-";
  for (let i = 0; i < 5; i++) code += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return code;
}

export function isRequestCode(value: string): boolean {
  return new RegExp(`^KL-[${ALPHABET}]{5}$`).test(value);
}
