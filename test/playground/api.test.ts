// The playground's JSON API without a browser: seeded panes, acting as a user, moving the clock, languages.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPlayground, type PaneView, type Playground } from "../../playground/playground.js";

let playground: Playground;
beforeAll(async () => {
  playground = await startPlayground({ startAt: new Date("2026-11-25T06:00:00Z") });
}, 30_000);
afterAll(() => playground?.close());

const get = async (path: string) => (await fetch(new URL(path, playground.url))).json() as Promise<Record<string, unknown>>;
const post = async (path: string, body: unknown) => {
  const res = await fetch(new URL(path, playground.url), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const panes = async () => (await get("/api/chats")).panes as PaneView[];

describe("playground API", () => {
  it("serves the page and four panes: the three seeded people and the other party, who has not met the bot yet", async () => {
    const page = await fetch(playground.url);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toContain("Kelisim playground");
    const views = await panes();
    expect(views.map((p) => p.pane)).toEqual(["citizen", "mediator", "operator", "other"]);
    expect(views[3]).toMatchObject({ name: "Серік Оспанов", locale: "kk", messages: [] });
    const welcome = views[0]!.messages.find((m) => m.fromBot)!;
    expect(welcome.html).toContain("<b>Келісім</b>");
    expect(welcome.buttons.flat().map((b) => b.text)).toContain("Русский");
  });

  it("acts as the person, switches languages, moves the clock, refuses bad input", async () => {
    expect((await post("/api/act", { pane: "citizen", action: "tap", text: "Русский" })).status).toBe(200);
    await expect.poll(async () => (await panes())[0]!.locale).toBe("ru");
    expect((await post("/api/language", { pane: "operator", locale: "ru" })).status).toBe(200);
    await post("/api/act", { pane: "operator", action: "text", text: "/operator" });
    await expect.poll(async () => (await panes())[2]!.messages.at(-1)?.html).toContain("Пульт оператора");
    const moved = await post("/api/clock", { advance: "1d" });
    expect(moved.body.now).toBe("2026-11-26T06:00:00.000Z");
    expect(playground.now().toISOString()).toBe("2026-11-26T06:00:00.000Z");
    expect((await post("/api/clock", { advance: "1y" })).status).toBe(400);
    expect((await post("/api/act", { pane: "nobody", action: "text", text: "hi" })).status).toBe(400);
    expect((await post("/api/language", { pane: "citizen", locale: "de" })).status).toBe(400);
  });

  it("shows the pictures the bot sends (the /stats chart) in the operator pane, not only their names", async () => {
    await post("/api/act", { pane: "operator", action: "text", text: "/stats" });
    const photo = async () => (await panes())[2]!.messages.find((m) => m.attachment?.kind === "photo")?.attachment;
    await expect.poll(photo, { timeout: 20_000 }).toBeDefined();
    expect((await photo())?.image).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
  }, 30_000);
});
