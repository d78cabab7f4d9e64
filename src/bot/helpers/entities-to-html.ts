// A message's text and entities (what Telegram gives us for formatted text) as Telegram HTML, so that a
// broadcast is stored once and sent with parse_mode HTML exactly as the operator formatted it.
import type { MessageEntity } from "grammy/types";
import { escapeHtml } from "./escape-html.js";

function tags(entity: MessageEntity): [string, string] | null {
  switch (entity.type) {
    case "bold": return ["<b>", "</b>"];
    case "italic": return ["<i>", "</i>"];
    case "underline": return ["<u>", "</u>"];
    case "strikethrough": return ["<s>", "</s>"];
    case "spoiler": return ["<tg-spoiler>", "</tg-spoiler>"];
    case "code": return ["<code>", "</code>"];
    case "pre": return [entity.language ? `<pre><code class="language-${escapeHtml(entity.language)}">` : "<pre>", entity.language ? "</code></pre>" : "</pre>"];
    case "text_link": return [`<a href="${escapeHtml(entity.url)}">`, "</a>"];
    case "text_mention": return [`<a href="tg://user?id=${entity.user.id}">`, "</a>"];
    case "blockquote": return ["<blockquote>", "</blockquote>"];
    case "expandable_blockquote": return ["<blockquote expandable>", "</blockquote>"];
    default: return null; // mentions, hashtags, URLs…: Telegram recognises them again by itself
  }
}

/** Offsets are UTF-16 code units, like JavaScript string indexes. Entities nest (Telegram guarantees it). */
export function entitiesToHtml(text: string, entities: readonly MessageEntity[] = []): string {
  const spans = entities
    .map((e) => ({ start: e.offset, end: e.offset + e.length, tags: tags(e) }))
    .filter((s): s is { start: number; end: number; tags: [string, string] } => s.tags !== null && s.end > s.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  let out = "";
  const open: typeof spans = [];
  let next = 0;
  for (let i = 0; i <= text.length; i++) {
    while (open.length > 0 && open[open.length - 1]!.end === i) out += open.pop()!.tags[1];
    while (next < spans.length && spans[next]!.start === i) {
      out += spans[next]!.tags[0];
      open.push(spans[next]!);
      next++;
    }
    if (i < text.length) out += escapeHtml(text[i]!);
  }
  while (open.length > 0) out += open.pop()!.tags[1];
  return out;
}
