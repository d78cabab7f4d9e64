// Telegram HTML (parse_mode "HTML") → HTML that is safe to put into the page: only b/i/u/s/code/pre/a survive
// (a keeps an http(s)/tg href), every other tag is dropped with its content kept, all text is escaped again.
const KEEP: Record<string, string> = { b: "b", strong: "b", i: "i", em: "i", u: "u", ins: "u", s: "s", strike: "s", del: "s", code: "code", pre: "pre", a: "a" };

const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'", nbsp: "\u00a0" };

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

function decode(text: string): string {
  return text.replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (whole, name: string) => {
    if (/^#x/i.test(name)) return safeCodePoint(parseInt(name.slice(2), 16)) ?? whole;
    if (name.startsWith("#")) return safeCodePoint(parseInt(name.slice(1), 10)) ?? whole;
    return NAMED[name.toLowerCase()] ?? whole;
  });
}

function safeCodePoint(n: number): string | undefined {
  return Number.isInteger(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : undefined;
}

function safeHref(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const href = decode(raw).trim();
  return /^(https?|tg):\/\//i.test(href) ? href : undefined;
}

/** Renders a message text: Telegram HTML when parseMode is HTML, otherwise plain text. Newlines become <br>. */
export function renderTelegramHtml(raw: string, parseMode?: string): string {
  if ((parseMode ?? "").toLowerCase() !== "html") return escapeHtml(raw).replace(/\n/g, "<br>");
  const out: string[] = [];
  const open: string[] = [];
  let last = 0;
  for (const m of raw.matchAll(/<\s*(\/?)\s*([a-zA-Z][\w-]*)([^>]*)>/g)) {
    out.push(escapeHtml(decode(raw.slice(last, m.index))));
    last = m.index + m[0].length;
    const closing = m[1] === "/";
    const tag = KEEP[m[2]!.toLowerCase()];
    if (!tag) continue;
    if (closing) {
      const at = open.lastIndexOf(tag);
      if (at === -1) continue;
      while (open.length > at) out.push(`</${open.pop()}>`);
      continue;
    }
    if (tag === "a") {
      const href = safeHref(/href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(m[3] ?? "")?.slice(1).find((v) => v !== undefined));
      out.push(href ? `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">` : "<a>");
    } else out.push(`<${tag}>`);
    open.push(tag);
  }
  out.push(escapeHtml(decode(raw.slice(last))));
  while (open.length) out.push(`</${open.pop()}>`);
  return out.join("").replace(/\n/g, "<br>");
}
