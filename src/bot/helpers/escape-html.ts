/**
 * Makes text typed by a person (a description, a name) safe inside a Telegram HTML message: without it a
 * stray "<" would make Telegram reject the whole message, and a typed "<b>" would change its formatting.
 * Telegram's HTML knows only &lt; &gt; &amp; &quot; by name, so these four are all we replace.
 * Do not pass the result to t(…) as a placeholder value: i18next escapes those itself (see i18n.ts).
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (ch) => (ch === "&" ? "&amp;" : ch === "<" ? "&lt;" : ch === ">" ? "&gt;" : "&quot;"));
}
