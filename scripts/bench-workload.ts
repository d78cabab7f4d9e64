// The mixed workload of `npm run bench`: many people at once, each a new person walking one deterministic
// script — /start (first contact: the language picker), a language tap, "About mediation" and three pages of
// it, the menu, Help, /request and the first intake steps (consent, category, a typed description, the
// other side, whether they know), then /cancel. People are driven through the Bot API emulator's user API.
//
// The same script drives a bare echo bot: the same updates in the same order from the same people (texts
// are sent, taps become callback queries on the echo), so both sides handle the same number and mix.
//
// Latency of one update = from the moment the emulator queues it to the moment the bot's reaction is
// visible in the chat: for Kelisim, the message (new or edited) that the next step needs — the language
// picker, the menu, the page, the next intake question; for the bare bot, its echo or its answer to the
// callback query. So it includes the long-poll hand-off, every middleware, database work and the Bot API
// calls of the reply, as a person would feel it. The emulator and the driver run in one process; the bot
// runs in another (see bench-bot-child.ts).
import { ABOUT_PAGES } from "../src/bot/about-pages.js";
import type { Locale } from "../src/config.js";
import { label } from "../test/support/intake-driver.js";
import type { BotApiEmulator, ChatMessage, EmulatedUser } from "../test/support/bot-api-emulator/index.js";

export type BotKind = "bare" | "kelisim";

export interface Step {
  /** A text the person sends, or the text of the inline button they tap. */
  kind: "text" | "tap";
  value: string;
  /** Kelisim's reaction is complete when a bot message sent or edited after the update satisfies this. */
  done(last: ChatMessage): boolean;
}

const LOCALES: readonly Locale[] = ["kk", "ru", "en"];
const DESCRIPTION = "Көршім екі айдан бері қоршауды біздің жерге жылжытып қойды. Сөйлесіп, келісімге келгіміз келеді.";

/** Text as a client shows it: tags removed, the few entities the catalogues use decoded. */
function plain(html: string): string {
  return html.replace(/<[^>]+>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

const hasButton = (text: string) => (m: ChatMessage) => m.inlineButtons.flat().includes(text);
const startsWith = (html: string) => {
  const prefix = plain(html).slice(0, 24);
  return (m: ChatMessage) => (m.text ?? "").startsWith(prefix);
};

/** One person's script in their language; 16 updates (5 texts, 11 taps). */
export function personaScript(locale: Locale): Step[] {
  const L = (key: string) => label(locale, key);
  const pageTitle = (i: number) => L(`about:pages.${ABOUT_PAGES[i]}.title`);
  return [
    { kind: "text", value: "/start", done: hasButton(L(`language.names.${locale}`)) },
    { kind: "tap", value: L(`language.names.${locale}`), done: hasButton(L("menu.about")) },
    { kind: "text", value: "/about", done: hasButton(L(`about:pages.${ABOUT_PAGES[0]}.button`)) },
    { kind: "tap", value: L(`about:pages.${ABOUT_PAGES[0]}.button`), done: startsWith(pageTitle(0)) },
    { kind: "tap", value: L("nav.next"), done: startsWith(pageTitle(1)) },
    { kind: "tap", value: L("nav.next"), done: startsWith(pageTitle(2)) },
    { kind: "tap", value: L("nav.next"), done: startsWith(pageTitle(3)) },
    { kind: "tap", value: L("nav.menu"), done: hasButton(L("menu.request")) },
    { kind: "tap", value: L("menu.help"), done: startsWith(L("help.intro")) },
    { kind: "text", value: "/request", done: hasButton(L("intake:consent.agree")) },
    { kind: "tap", value: L("intake:consent.agree"), done: hasButton(L("intake:category.names.neighbours")) },
    { kind: "tap", value: L("intake:category.names.neighbours"), done: startsWith(L("intake:description.question")) },
    { kind: "text", value: DESCRIPTION, done: hasButton(L("intake:otherParty.names.neighbour")) },
    { kind: "tap", value: L("intake:otherParty.names.neighbour"), done: hasButton(L("intake:awareness.names.knows")) },
    { kind: "tap", value: L("intake:awareness.names.knows"), done: hasButton(L("intake:inCourt.no")) },
    { kind: "text", value: "/cancel", done: startsWith(L("intake:cancelled")) },
  ];
}

export const STEPS_PER_PERSON = personaScript("kk").length;

type Part = "start" | "browse" | "intake";
/** Steps 0-1 start and choose a language, 2-8 read and navigate, 9-15 are the intake (with /cancel). */
const partOf = (step: number): Part => (step < 2 ? "start" : step < 9 ? "browse" : "intake");

/** The person's language: spread over kk, ru and en. */
export const localeOf = (slot: number, round: number): Locale => LOCALES[(slot + round) % LOCALES.length]!;

/** Sends one update and resolves with its latency in ms (see the header), or rejects after timeoutMs. */
export async function runStep(user: EmulatedUser, step: Step, bot: BotKind, timeoutMs: number): Promise<number> {
  const started = performance.now();
  if (bot === "bare") {
    if (step.kind === "text") {
      await user.sendText(step.value);
      await user.waitForReply({ quietMs: 0, timeoutMs });
    } else {
      await user.sendCallbackData("bench"); // on the newest echo: the same kind of update as Kelisim's tap
      await user.waitForCallbackAnswer({ timeoutMs });
    }
    return performance.now() - started;
  }
  if (step.kind === "text") await user.sendText(step.value);
  else await user.tap(step.value);
  // Each waitForReply resolves on the next change(s) of the chat (quietMs 0) with the messages sent or
  // edited since the previous one; the reaction is complete once the expected screen is among them.
  for (;;) {
    const left = timeoutMs - (performance.now() - started);
    if (left <= 0) throw new Error(`no expected reaction to ${step.kind} ${JSON.stringify(step.value)} within ${timeoutMs} ms`);
    const changed = await user.waitForReply({ quietMs: 0, timeoutMs: left });
    if (changed.some(step.done)) return performance.now() - started;
  }
}

export interface DriveOptions {
  emu: BotApiEmulator;
  bot: BotKind;
  /** People active at once (a closed loop: each sends its next update when the previous one was answered). */
  concurrency: number;
  warmupMs: number;
  measureMs: number;
  /** Telegram ids are firstId + round * concurrency + slot: every round is a new person. */
  firstId: number;
  timeoutMs?: number;
  /** Called when the measured phase begins and when it ends. */
  onPhase?(phase: "measure" | "end"): void;
}

export interface DriveResult {
  /** Latencies (ms) of the updates sent during the measured phase. */
  latencies: number[];
  /** How many of them were of each part of the script (the mix actually measured). */
  mix: Record<Part, number>;
  measuredSeconds: number;
  /** Updates that got no expected reaction within the timeout (the person then gives up). */
  failures: number;
  firstFailure?: string;
}

/**
 * Set-up, warm-up, then the measured phase. In the set-up, slot i walks the first (i mod 16) steps of its
 * first person, so that from the warm-up on the slots are spread over the whole script and the measured
 * mix is the script's mix whatever the throughput (otherwise everybody would be at /start together).
 * Then `concurrency` slots play person after person until the time is up. Updates sent during the
 * measured phase count (their answer may land just after it ends).
 */
export async function drive(options: DriveOptions): Promise<DriveResult> {
  const { emu, bot, concurrency, warmupMs, measureMs, firstId, timeoutMs = 30_000 } = options;
  let measureFrom = Number.POSITIVE_INFINITY;
  let measureTo = Number.POSITIVE_INFINITY;
  const latencies: number[] = [];
  const mix: Record<Part, number> = { start: 0, browse: 0, intake: 0 };
  let failures = 0;
  let firstFailure: string | undefined;
  let settingUp = concurrency;
  let setUp!: () => void;
  const allSetUp = new Promise<void>((resolve) => (setUp = resolve));
  const arrive = () => {
    if (--settingUp > 0) return;
    measureFrom = performance.now() + warmupMs;
    measureTo = measureFrom + measureMs;
    setTimeout(() => options.onPhase?.("measure"), warmupMs);
    setTimeout(() => options.onPhase?.("end"), warmupMs + measureMs);
    setUp();
  };

  const slot = async (slotIndex: number): Promise<void> => {
    const offset = slotIndex % STEPS_PER_PERSON;
    for (let round = 0; performance.now() < measureTo; round++) {
      const locale = localeOf(slotIndex, round);
      const user = emu.user({ id: firstId + round * concurrency + slotIndex, first_name: `Bench${slotIndex}`, language_code: locale });
      for (const [stepIndex, step] of personaScript(locale).entries()) {
        if (round === 0 && stepIndex === offset) {
          arrive();
          await allSetUp;
        }
        const sentAt = performance.now();
        if (sentAt >= measureTo) return;
        try {
          const ms = await runStep(user, step, bot, timeoutMs);
          if (sentAt >= measureFrom) {
            latencies.push(ms);
            mix[partOf(stepIndex)]++;
          }
        } catch (error) {
          if (sentAt >= measureFrom) failures++;
          firstFailure ??= (error as Error).message.split("\n")[0];
          if (round === 0 && stepIndex < offset) arrive(); // never leave the others waiting
          break; // this person is stuck; the slot goes on with a new one
        }
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, i) => slot(i)));
  return { latencies, mix, measuredSeconds: measureMs / 1000, failures, ...(firstFailure ? { firstFailure } : {}) };
}

/** The q-quantile (0..1) by the nearest-rank method; NaN for no samples. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
