import { describe, expect, it } from "vitest";
import { packBroadcast, parseBroadcast, type BroadcastAction } from "../../src/bot/callback-data/broadcast.js";
import { entitiesToHtml } from "../../src/bot/helpers/entities-to-html.js";

describe("entitiesToHtml", () => {
  it("turns Telegram formatting into HTML and escapes the rest", () => {
    const text = "Hi Aida & <all>: meeting 🙂 at akimat, see site";
    const html = entitiesToHtml(text, [
      { type: "bold", offset: 0, length: 7 },
      { type: "italic", offset: 3, length: 4 },
      { type: "code", offset: 17, length: 7 },
      { type: "text_link", offset: 43, length: 4, url: "https://example.kz/?a=1&b=2" },
      { type: "mention", offset: 0, length: 2 },
    ]);
    expect(html).toBe('<b>Hi <i>Aida</i></b> &amp; &lt;all&gt;: <code>meeting</code> 🙂 at akimat, see <a href="https://example.kz/?a=1&amp;b=2">site</a>');
  });

  it("counts offsets in UTF-16 units (emoji take two)", () => {
    expect(entitiesToHtml("🙂 Сәлем", [{ type: "underline", offset: 3, length: 5 }])).toBe("🙂 <u>Сәлем</u>");
  });

  it("returns plain text escaped when there are no entities", () => {
    expect(entitiesToHtml("a<b")).toBe("a&lt;b");
  });
});

describe("broadcast callback data", () => {
  it("round-trips every action", () => {
    const actions: BroadcastAction[] = [
      { type: "bc-audience", audience: "mediators" },
      { type: "bc-oblast", code: "almaty_region" },
      { type: "bc-language", locale: "ru" },
      { type: "bc-next" }, { type: "bc-send-now" }, { type: "bc-send-at" }, { type: "bc-cancel" },
      { type: "bc-stop", id: 42 },
    ];
    for (const action of actions) expect(parseBroadcast(packBroadcast(action))).toEqual(action);
  });

  it("rejects anything malformed", () => {
    for (const data of [undefined, "bca:admins", "bcl:de", "bcx:0", "bcx:abc", "bcs:1", "bco:A B", "op", "bcx:1:2", `bco:${"a".repeat(70)}`]) {
      expect(parseBroadcast(data)).toBeNull();
    }
  });
});
