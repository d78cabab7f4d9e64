/**
 * Joins blocks of a long HTML text into as few messages as fit Telegram's 4096 characters. Blocks are never cut
 * (a cut could split an HTML tag); the limit is measured on the raw HTML, which is never shorter than what
 * Telegram counts, so a message that fits here fits there.
 */
export function splitMessage(blocks: readonly string[], limit = 3800, separator = "\n\n"): string[] {
  const messages: string[] = [];
  let current = "";
  for (const block of blocks) {
    const joined = current === "" ? block : `${current}${separator}${block}`;
    if (current !== "" && joined.length > limit) {
      messages.push(current);
      current = block;
    } else {
      current = joined;
    }
  }
  if (current !== "") messages.push(current);
  return messages;
}
