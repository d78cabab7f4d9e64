// The playground in a real browser (playwright-core + Debian's Chromium): a whole case played by clicking the
// three chat panes — request, accept, propose times, pick one, clock moves, reminders, outcome and rating —
// once in Kazakh and once in Russian, with screenshots of the panes in test-results/.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Locale } from "../../src/config.js";
import { dateLabel } from "../../src/bot/conversations/propose-times/propose-times.js";
import { formatLocalDateTime, localToInstant } from "../../src/domain/scheduling.js";
import { startPlayground, type Playground } from "../../playground/playground.js";
import { label } from "../support/intake-driver.js";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`[playground e2e] SKIPPED: ${CHROMIUM} not found — install it with \`apt-get install -y chromium\` (.ci/run does this when apt is available).`);

const RESULTS = path.resolve("test-results");
const TZ = "Asia/Almaty";
/** Wednesday 25 November 2026, 11:00 in Almaty; the meeting is Thursday 26 November at 14:00 (27 h later). */
const START = new Date("2026-11-25T06:00:00Z");
const MEETING = { date: "2026-11-26", time: "14:00" };

let playground: Playground | undefined;
let context: BrowserContext | undefined;
let profile: string | undefined;
let page: Page;

describe.skipIf(!hasChromium)("playground in a browser", () => {
  beforeAll(async () => {
    const { chromium } = await import("playwright-core");
    playground = await startPlayground({ startAt: START, pollMs: 150 });
    profile = mkdtempSync(path.join(tmpdir(), "kelisim-chromium-"));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      viewport: { width: 1280, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    mkdirSync(RESULTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await playground?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it.each(["kk", "ru"] as const)("a whole case in %s: request → accept → times → reminders → outcome", async (locale) => {
    if (locale === "kk") await page.goto(`${playground!.url}?poll=150`);
    else {
      await page.getByRole("button", { name: "Reset" }).click();
      await page.locator('[data-pane="citizen"] .msg.bot').first().waitFor();
    }
    await page.locator("body[data-ready=true]").waitFor();
    const L = (key: string) => label(locale, key);
    const citizen = pane(page, "citizen");
    const mediator = pane(page, "mediator");
    const operator = pane(page, "operator");

    // Language per pane: the mediator and operator switch with the pane's selector, the citizen in the chat.
    for (const p of [mediator, operator]) {
      await p.locator("select[data-testid=language]").selectOption(locale);
    }
    await tap(citizen, L("language.names." + locale));
    await tap(citizen, L("menu.request"));
    await tap(citizen, L("intake:consent.agree"));
    await tap(citizen, L("intake:category.names.neighbours"));
    await say(citizen, locale === "kk" ? "Көршінің малы шабындығымызды таптап жүр." : "Соседский скот топчет наш сенокос.");
    await tap(citizen, L("intake:otherParty.names.neighbour"));
    await tap(citizen, L("intake:awareness.names.knows"));
    await tap(citizen, L("intake:inCourt.no"));
    await tap(citizen, L("intake:cost.names.free_only"));
    await tapInList(citizen, locale === "kk" ? "Ақмола облысы" : "Акмолинская область", L("intake:place.nextPage"));
    await tapInList(citizen, locale === "kk" ? "Бурабай ауданы" : "Бурабайский район", L("intake:place.nextPage"));
    await tap(citizen, L("intake:mode.names.in_person"));
    await tap(citizen, L(`intake:sessionLanguage.names.${locale}`));
    await say(citizen, "Айгүл Серікқызы");
    await citizen.locator(".reply-kb button", { hasText: L("intake:phone.shareButton") }).click();
    await tap(citizen, L("intake:summary.submit"));

    // The mediator gets the anonymised offer, accepts, proposes a time through the pickers.
    await tap(mediator, L("offers:card.accept"));
    await tap(mediator, L("appointments:proposeButton"));
    await tap(mediator, dateLabel(MEETING.date, locale));
    await tap(mediator, MEETING.time);
    await tap(mediator, L("appointments:propose.next"));
    await tap(mediator, L("requests:labels.mode.in_person"));
    await say(mediator, locale === "kk" ? "Щучинск, ауыл әкімдігі, 12-кабинет" : "Щучинск, акимат, кабинет 12");

    // The citizen picks it; both get the confirmation and the calendar file as an attachment.
    const meeting = localToInstant(MEETING.date, MEETING.time, TZ);
    await tap(citizen, formatLocalDateTime(meeting, locale, TZ));
    await citizen.locator(".attachment.document", { hasText: ".ics" }).waitFor();
    await mediator.locator(".attachment.document", { hasText: ".ics" }).waitFor();

    // The clock: +1 day → the 24 h reminder (and the operators' digest); +1 hour → the 2 h reminder; after the end → outcome.
    await page.locator("#advance-1d").click();
    await botSaid(citizen, locale === "kk" ? "ертең" : "завтра");
    await botSaid(operator, "");
    await page.locator("#advance-1h").click();
    await botSaid(citizen, locale === "kk" ? "2 сағат" : "2 час");
    for (let i = 0; i < 3; i++) await page.locator("#advance-1h").click();
    await tap(mediator, L("appointments:outcome.names.agreement"));
    await tap(citizen, "4 ⭐");
    await say(operator, "/operator");
    await operator.locator(".inline-kb button").first().waitFor();

    await page.waitForTimeout(400); // the last poll
    for (const [name, p] of [["citizen", citizen], ["mediator", mediator], ["operator", operator]] as const) {
      const messages = await p.locator(".msg.bot .text").allInnerTexts();
      expect(messages.length).toBeGreaterThan(2);
      await p.screenshot({ path: path.join(RESULTS, `playground-${locale}-${name}.png`) });
    }
    await page.screenshot({ path: path.join(RESULTS, `playground-${locale}.png`) });
  }, 90_000);
});

const pane = (p: Page, name: string) => p.locator(`[data-pane="${name}"]`);

/** Taps the newest inline button with exactly this text (waiting until the bot has shown it). */
async function tap(where: Locator, text: string): Promise<void> {
  await where.locator(".inline-kb button").filter({ hasText: exact(text) }).last().click({ timeout: 15_000 });
}

async function say(where: Locator, text: string): Promise<void> {
  const input = where.locator(".composer input");
  await input.fill(text);
  await input.press("Enter");
}

async function botSaid(where: Locator, text: string): Promise<void> {
  await where.locator(".msg.bot", { hasText: text }).last().waitFor({ timeout: 15_000 });
}

/** Turns list pages until the button is there. */
async function tapInList(where: Locator, text: string, next: string): Promise<void> {
  for (let page = 0; page < 6; page++) {
    const either = new RegExp(`${exact(text).source}|${exact(next).source}`);
    await where.locator(".inline-kb button").filter({ hasText: either }).last().waitFor({ timeout: 15_000 });
    if ((await where.locator(".inline-kb button").filter({ hasText: exact(text) }).count()) > 0) return tap(where, text);
    await tap(where, next);
    await where.page().waitForTimeout(300);
  }
  throw new Error(`no button ${text} on any page`);
}

const exact = (text: string) => new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*$`);

export type { Locale };
