import { describe, expect, it } from "vitest";
import { renderTelegramHtml } from "../../playground/sanitize.js";

describe("playground message rendering", () => {
  it("keeps Telegram's formatting tags and line breaks", () => {
    expect(renderTelegramHtml("<b>Bold</b> &amp; <i>it</i>\n<code>KL-1</code> <u>u</u> <s>s</s>", "HTML")).toBe(
      "<b>Bold</b> &amp; <i>it</i><br><code>KL-1</code> <u>u</u> <s>s</s>",
    );
    expect(renderTelegramHtml("<strong>x</strong><em>y</em>", "HTML")).toBe("<b>x</b><i>y</i>");
  });

  it("drops every other tag and unsafe links, escapes the rest", () => {
    expect(renderTelegramHtml('<script>alert(1)</script><img src=x onerror=alert(1)>&lt;b&gt;', "HTML")).toBe("alert(1)&lt;b&gt;");
    expect(renderTelegramHtml('<a href="javascript:alert(1)">x</a>', "HTML")).toBe("<a>x</a>");
    expect(renderTelegramHtml('<a href="https://example.org/?a=1&amp;b=2">x</a>', "HTML")).toBe('<a href="https://example.org/?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">x</a>');
    expect(renderTelegramHtml("<b>unclosed", "HTML")).toBe("<b>unclosed</b>");
    expect(renderTelegramHtml("<blockquote>q</blockquote>", "HTML")).toBe("q");
  });

  it("shows plain text as text", () => {
    expect(renderTelegramHtml("<b>not bold</b>\nnext")).toBe("&lt;b&gt;not bold&lt;/b&gt;<br>next");
  });
});
