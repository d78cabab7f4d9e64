// The playground's demo case played to its end through the page's own API (issue #16, item 7): request →
// accept → the citizen invites the other party, whose pane opens the link → meeting → outcome "agreement" with
// two terms → both parties' panes get the terms and the PDF → "+1 day" up to the day after the due date → the
// follow-up question appears in both parties' panes, once each, and not before.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Locale } from "../../src/config.js";
import { dateLabel } from "../../src/bot/conversations/propose-times/propose-times.js";
import { formatDayLabel } from "../../src/bot/helpers/format-date.js";
import { formatLocalDateTime, localToInstant } from "../../src/domain/scheduling.js";
import { startPlayground, type PaneView, type Playground } from "../../playground/playground.js";
import type { PaneName } from "../../playground/seed.js";
import { label } from "../support/intake-driver.js";

const TZ = "Asia/Almaty";
/** Wednesday 25 November 2026, 11:00 in Almaty; the meeting is Thursday 26 November at 14:00. */
const START = new Date("2026-11-25T06:00:00Z");
const MEETING = { date: "2026-11-26", time: "14:00" };
/** Term 1 is due three days after the meeting; term 2 has no date. */
const DUE = "2026-11-29";
const FIRST = "Серік returns two sacks of grain";
const SECOND = "Aigul lets the cattle pass along the field edge";

let playground: Playground;
beforeAll(async () => {
  playground = await startPlayground({ startAt: START, locales: { citizen: "en", mediator: "ru", operator: "ru", other: "kk" } });
}, 30_000);
afterAll(() => playground?.close());

const get = async (path: string) => (await fetch(new URL(path, playground.url))).json() as Promise<Record<string, unknown>>;
const post = async (path: string, body: unknown) => {
  const res = await fetch(new URL(path, playground.url), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
};
const pane = async (name: PaneName) => ((await get("/api/chats")).panes as PaneView[]).find((p) => p.pane === name)!;
const botTexts = async (name: PaneName) => (await pane(name)).messages.filter((m) => m.fromBot).map((m) => m.html);
const count = async (name: PaneName, text: string) => (await botTexts(name)).filter((h) => h.includes(text)).length;

/** Waits for the newest message carrying a button that matches, and taps it there (as the page does). */
async function tap(name: PaneName, button: string | RegExp): Promise<void> {
  const matches = (text: string) => (typeof button === "string" ? text === button : button.test(text));
  let found: { id: number; text: string } | undefined;
  await expect
    .poll(async () => {
      const withButton = (await pane(name)).messages.filter((m) => m.buttons.flat().some((b) => matches(b.text))).at(-1);
      found = withButton ? { id: withButton.id, text: withButton.buttons.flat().find((b) => matches(b.text))!.text } : undefined;
      return found !== undefined;
    }, { timeout: 15_000 })
    .toBe(true);
  await post("/api/act", { pane: name, action: "tap", text: found!.text, messageId: found!.id });
}

/** Taps `button` on a paged list, turning pages with `next` until it shows. */
async function tapInList(name: PaneName, button: RegExp, next: string): Promise<void> {
  const lastButtons = async () => (await pane(name)).messages.filter((m) => m.buttons.length > 0).at(-1)?.buttons.flat().map((b) => b.text) ?? [];
  for (let page = 0; page < 6; page++) {
    // The list is on screen (its own button or its "next page" one) before deciding.
    await expect.poll(async () => (await lastButtons()).some((b) => button.test(b) || b === next), { timeout: 15_000 }).toBe(true);
    if ((await lastButtons()).some((b) => button.test(b))) return tap(name, button);
    const before = JSON.stringify(await lastButtons());
    await tap(name, next);
    await expect.poll(async () => JSON.stringify(await lastButtons()), { timeout: 15_000 }).not.toBe(before);
  }
  throw new Error(`${String(button)} not found; last buttons: ${JSON.stringify(await lastButtons())}`);
}

const say = (name: PaneName, text: string) => post("/api/act", { pane: name, action: "text", text });
const L = (locale: Locale, key: string) => label(locale, key);
/** Waits until the pane's newest bot message contains `text`. */
const botSays = (name: PaneName, text: string) => expect.poll(async () => (await botTexts(name)).at(-1) ?? "", { timeout: 15_000 }).toContain(text);

describe("playground: the demo case after the session", () => {
  it("plays to an agreement with two terms, and '+1 day' brings the follow-up question to both parties' panes", async () => {
    const views = (await get("/api/chats")).panes as PaneView[];
    expect(views.map((p) => p.pane)).toEqual(["citizen", "mediator", "operator", "other"]);

    // The citizen's request, in English.
    await tap("citizen", L("en", "language.names.en"));
    await tap("citizen", L("en", "menu.request"));
    await tap("citizen", L("en", "intake:consent.agree"));
    await tap("citizen", L("en", "intake:category.names.neighbours"));
    await say("citizen", "The neighbour's cattle trample our hayfield.");
    await tap("citizen", L("en", "intake:otherParty.names.neighbour"));
    await tap("citizen", L("en", "intake:awareness.names.knows"));
    await tap("citizen", L("en", "intake:inCourt.no"));
    await tap("citizen", L("en", "intake:cost.names.free_only"));
    await tapInList("citizen", /^Akmola Region$/, L("en", "intake:place.nextPage"));
    await tapInList("citizen", /Burabay/, L("en", "intake:place.nextPage"));
    await tap("citizen", L("en", "intake:mode.names.in_person"));
    await tap("citizen", L("en", "intake:sessionLanguage.names.kk"));
    await say("citizen", "Айгүл Серікқызы");
    await expect.poll(async () => (await pane("citizen")).replyKeyboard?.flat().some((b) => b.request === "contact"), { timeout: 15_000 }).toBe(true);
    await post("/api/act", { pane: "citizen", action: "contact" });
    await tap("citizen", L("en", "intake:summary.submit"));

    // The mediator (in Russian) accepts; the citizen invites the other side, whose pane opens the link and agrees.
    await tap("mediator", L("ru", "offers:card.accept"));
    const code = /KL-[A-Z0-9]+/.exec((await botTexts("citizen")).join("\n"))![0];
    await botSays("citizen", code);
    await tap("citizen", L("en", "invitations:buttons.invite"));
    let invitation: string | undefined;
    await expect.poll(async () => (invitation = (await pane("citizen")).messages.flatMap((m) => m.invitations).at(-1)), { timeout: 15_000 }).toMatch(/^inv_[A-Za-z0-9]+$/);
    await say("other", `/start ${invitation}`);
    await tap("other", L("kk", "invitations:buttons.agree"));
    await botSays("mediator", "другая сторона согласилась");

    // A meeting on Thursday at 14:00, picked by the citizen.
    await tap("mediator", L("ru", "appointments:proposeButton"));
    await tap("mediator", dateLabel(MEETING.date, "ru"));
    await tap("mediator", MEETING.time);
    await tap("mediator", L("ru", "appointments:propose.next"));
    await tap("mediator", L("ru", "requests:labels.mode.in_person"));
    await say("mediator", "Щучинск, акимат, кабинет 12");
    await tap("citizen", formatLocalDateTime(localToInstant(MEETING.date, MEETING.time, TZ), "en", TZ));
    await expect.poll(async () => (await pane("other")).messages.some((m) => m.attachment?.label.includes(".ics")), { timeout: 15_000 }).toBe(true);

    // "+1 day" and "+1 hour" to the end of the meeting: the mediator records the agreement and its two terms.
    await post("/api/clock", { advance: "1d" });
    for (let i = 0; i < 4; i++) await post("/api/clock", { advance: "1h" });
    await tap("mediator", L("ru", "appointments:outcome.names.agreement"));
    await tap("mediator", L("ru", "agreement:party.otherParty"));
    await say("mediator", FIRST);
    await tap("mediator", formatDayLabel(DUE, "ru"));
    await say("mediator", "50 000");
    await tap("mediator", L("ru", "agreement:buttons.add"));
    await botSays("mediator", L("ru", "agreement:ask.party"));
    const partyButton = (await pane("mediator")).messages.at(-1)!.buttons[0]![0]!.text; // the applicant, by name
    await tap("mediator", partyButton);
    await say("mediator", SECOND);
    await tap("mediator", L("ru", "agreement:buttons.noDate"));
    await tap("mediator", L("ru", "agreement:buttons.noAmount"));
    await tap("mediator", L("ru", "agreement:buttons.done"));
    await botSays("mediator", L("ru", "agreement:sentBoth"));

    // Both parties' panes: the terms and the agreement PDF.
    for (const name of ["citizen", "other"] as const) {
      await expect.poll(() => count(name, FIRST), { timeout: 15_000 }).toBeGreaterThan(0);
      expect((await botTexts(name)).find((h) => h.includes(FIRST))).toContain(SECOND);
      await expect.poll(async () => (await pane(name)).messages.filter((m) => m.attachment?.kind === "document" && m.attachment.label.includes(".pdf")).length, { timeout: 15_000 }).toBe(1);
    }

    // "+1 day" up to the due date: no question yet; one more day (the morning after it has passed): both panes asked, once.
    const asked = async () => ({ citizen: await count("citizen", "Was this done?"), other: await count("other", "Бұл орындалды ма?") });
    for (let day = 0; day < 3; day++) await post("/api/clock", { advance: "1d" });
    expect(playground.now().toISOString()).toBe("2026-11-29T10:00:00.000Z");
    expect(await asked()).toEqual({ citizen: 0, other: 0 });
    const moved = await post("/api/clock", { advance: "1d" });
    expect(moved.termChecks).toMatchObject({ sent: 2 });
    await expect.poll(asked, { timeout: 15_000 }).toEqual({ citizen: 1, other: 1 });
    const question = (await pane("citizen")).messages.filter((m) => m.html.includes("Was this done?")).at(-1)!;
    expect(question.html).toContain(FIRST);
    expect(question.buttons.flat().map((b) => b.text)).toEqual([L("en", "followup:buttons.done"), L("en", "followup:buttons.partly"), L("en", "followup:buttons.notYet"), L("en", "followup:buttons.notDone")]);
    // Another day: nobody is asked twice.
    await post("/api/clock", { advance: "1d" });
    expect(await asked()).toEqual({ citizen: 1, other: 1 });
  }, 180_000);
});
