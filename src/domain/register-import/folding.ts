// How names typed in registers are compared: Kazakh letters folded to the Russian letters people type
// instead (ә→а, ғ→г, қ→к, ң→н, ө→о, ұ/ү→у, һ→х, і→и), ё→е, case, punctuation and spacing ignored.

const KAZAKH_FOLDS: Record<string, string> = { ә: "а", ғ: "г", қ: "к", ң: "н", ө: "о", ұ: "у", ү: "у", һ: "х", і: "и", ё: "е" };

/** Lower case, Kazakh letters and ё folded, anything but letters and digits turned into single spaces. */
export function foldWords(text: string): string {
  return text
    .normalize("NFC")
    .toLowerCase()
    .replace(/[әғқңөұүһіё]/g, (ch) => KAZAKH_FOLDS[ch] ?? ch)
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** foldWords without the spaces: "Катон-Карагай" and "Қатонқарағай" become the same key. */
export function foldKey(text: string): string {
  return foldWords(text).replace(/ /g, "");
}

/** Levenshtein distance (insertions, deletions, substitutions), for "did you mean". */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
