// SIGKILL at random moments. The real bot runs as a child process (polling the emulator, a fresh SQLite
// file); the test plays a citizen through the intake, a mediator accepting the offer, a round of proposed
// times confirmed by the citizen, and an operator's broadcast, and kills the process at random points —
// right after an update is queued, while it is being handled, as soon as the first reply is on its way,
// while a broadcast is sending — then starts it again. After each kill the person goes on as a person
// would: if the bot's answer never came, they do the same thing again.
//
// What is asserted:
// - the intake resumes where it was (the draft kept: the summary shows every answer), one request;
// - one offer to the mediator, one acceptance; the citizen is told at most once (see the known gap below);
// - one appointment, confirmed once; each side gets its .ics once (or, when a kill fell right after the
//   pick was saved, not at all: a known gap, counted and printed — never twice);
// - no bot message repeated back to back in any chat without a kill between (one update handled twice);
// - the broadcast ends with every recipient "sent" or "failed", nobody got it twice, and a recipient
//   whose row was left "sending" by a kill is marked failed ("interrupted"), never sent again.
// KILL_SEED repeats a run (the seed is printed).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.js";
import { createBroadcastRepository } from "../../src/db/repositories/broadcast-repository.js";
import { startBotApiEmulator } from "../support/bot-api-emulator/index.js";
import type { BotApiEmulator, ChatMessage, EmulatedUser } from "../support/bot-api-emulator/types.js";
import { freshSqlite, type TestDatabase } from "../support/databases.js";
import type { Flow } from "../support/flow.js";
import { label } from "../support/intake-driver.js";
import { activeMediator } from "../support/mediators.js";
import { botProcess, removeBundle, type BotProcess } from "./bot-process.js";
import { random } from "./random.js";

const SEED = Number(process.env.KILL_SEED ?? 20261125);
const MIN_KILLS = 20;
// Kills inside conversations (intake, proposing times) too: a kill after a step's reply went out but before
// the conversation's state was saved leaves the person looking at the next question while the bot waits for
// the previous answer; every hint re-shows the question the bot waits for, so the person answers it again.
// KILL_CONVERSATIONS=0 turns them off (to tell a conversation problem from another one).
const CONVERSATION_KILL_RATE = process.env.KILL_CONVERSATIONS === "0" ? 0 : 0.45;
const INTAKE_KILL_RATE = CONVERSATION_KILL_RATE;
const OPERATOR = 7301;
const L = (key: string) => label("en", key);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await sleep(20);
  }
}

const buttons = (u: EmulatedUser) => u.lastBotMessage()?.inlineButtons.flat() ?? [];
const shows = (u: EmulatedUser, text: string) => () => buttons(u).includes(text);
/** The newest bot message is the question `key` (its first words, markup and placeholders left out). */

let emu: BotApiEmulator;
let db: TestDatabase;
let database: Database;
let bot: BotProcess;

beforeAll(async () => {
  emu = await startBotApiEmulator();
  db = freshSqlite();
  bot = botProcess(emu, { BOT_TOKEN: "123456:TEST", BOT_API_ROOT: emu.apiRoot, DATABASE_URL: db.url, OPERATOR_IDS: String(OPERATOR) });
  await bot.start();
  database = openDatabase(db.url);
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await database?.close();
  await emu?.close();
  await db?.drop();
  removeBundle();
});

describe("kill -9 at random moments", () => {
  it("intake, offer, scheduling and a broadcast survive at least 20 kills: nothing lost, nothing twice", async () => {
    console.log(`kill/restart seed ${SEED} (KILL_SEED to repeat)`);
    const r = random(SEED);
    const prisma = database.prisma;
    let kills = 0;
    /** Per chat: how many bot messages it had at each kill. */
    const killedAt = new Map<number, Set<number>>();
    let repeated = 0;

    /** Kills the bot at a random moment of what was just done (or not), and starts it again. */
    const maybeKill = async (rate: number) => {
      if (!r.chance(rate)) return;
      const moment = r.int(3);
      if (moment === 1) await sleep(r.int(300)); // while the update is being handled
      else if (moment === 2) {
        const before = emu.calls.length; // as soon as the bot starts answering
        await until(() => emu.calls.length > before, 2_000);
      }
      await bot.kill();
      kills++;
      for (const u of people) killedAt.set(u.id, (killedAt.get(u.id) ?? new Set<number>()).add(u.messages().filter((m) => m.fromBot).length));
      await bot.start();
    };

    const people: EmulatedUser[] = [];
    const chatTail = () => people.map((u) => `${u.id}:\n${u.messages().slice(-25).map((m) => `  ${m.fromBot ? "bot" : "person"}: ${(m.text ?? m.kind).slice(0, 120).replace(/\n/g, " ")} [${m.inlineButtons.flat().join(" | ")}]`).join("\n")}`).join("\n") +
      `\nlast API calls: ${emu.calls.slice(-6).map((c) => `${c.method}${c.error ? ` ${c.error.code} ${c.error.description}` : ""}`).join("; ")}\npending updates: ${emu.pendingUpdates()}\nbot stderr: ${bot.stderr().slice(-2000)}`;

    /** One thing a person does; done() says the bot has reacted. A reaction lost in a kill → do it again. */
    const step = async (what: string, action: () => Promise<void>, done: () => boolean | Promise<boolean>, killRate = 0.8) => {
      await action();
      await maybeKill(killRate);
      for (let attempt = 0; !(await until(done, 6_000)); attempt++) {
        if (attempt >= 3) throw new Error(`no reaction to "${what}" after ${attempt + 1} tries (seed ${SEED}); the chat ends with:\n${chatTail()}`);
        repeated++;
        await action();
      }
    };

    /**
     * A person who answers whatever the bot is asking now (the newest bot message that asks something),
     * so that a question asked again after a kill is simply answered again, as a person would.
     */
    type Rule = [asking: (m: ChatMessage) => boolean, answer: (m: ChatMessage) => Promise<void>];
    // Questions the bot no longer knows: a kill lost the conversation's start, so a tap on its buttons got
    // the "out of date" answer and the main menu. The person goes back to what started it (an older message).
    const dead = new Set<number>();
    const drive = async (u: EmulatedUser, what: string, rules: Rule[], goal: () => Promise<boolean>, killRate: number, restart?: () => Promise<void>) => {
      for (let turn = 0; !(await goal()); turn++) {
        if (turn > 60) {
          const probe = emu.user({ id: 7999, first_name: "Probe", language_code: "en" });
          await probe.sendText("/start");
          const answered = await probe.waitForReply({ timeoutMs: 5_000 }).then(() => true, () => false);
          const newest = u.messages().filter((m) => m.fromBot).slice(-12).map((m) => `#${m.messageId} rules ${rules.map(([asking], i) => (asking(m) ? i : "")).join("")} ${JSON.stringify(m.inlineButtons)} ${m.text?.slice(0, 50)}`);
          console.log(newest.join("\n"));
          const state = await prisma.storageEntry.findMany({ where: { key: { startsWith: "conversation:" } } });
          throw new Error(`${what}: no end after ${turn} turns (another person's /start ${answered ? "is" : "is NOT"} answered)\n${chatTail()}\n${state.map((e) => `${e.key}: ${e.value.slice(0, 3000)}`).join("\n")}`);
        }
        if (turn > 60) throw new Error(`${what}: no end after ${turn} turns (seed ${SEED}); the chat ends with:\n${chatTail()}`);
        const question = u.messages().filter((m) => m.fromBot && !dead.has(m.messageId) && rules.some(([asking]) => asking(m))).at(-1);
        if (!question) {
          // Only a dead question left and no message to start again from (a button that came by callback).
          if (restart && turn % 10 === 9) await restart();
          await sleep(100);
          continue;
        }
        const seen = chatVersion(u);
        const [, answer] = rules.find(([asking]) => asking(question))!;
        await answer(question);
        turns++;
        await maybeKill(killRate);
        // The bot's answer, or (lost in a kill) nothing: then the same question gets the same answer again.
        const before = u.messages().length;
        if (!(await until(async () => chatVersion(u) !== seen || (await goal()), 8_000))) repeated++;
        // The rest of the answer (a hint, then the question) arrives together; wait until the chat is quiet.
        for (let last = chatVersion(u); await until(() => chatVersion(u) !== last, 250); last = chatVersion(u));
        if (u.messages().slice(before).some((m) => m.fromBot && says("menu.title")(m) && !rules.some(([asking]) => asking(m)))) dead.add(question.messageId);
      }
    };
    const chatVersion = (u: EmulatedUser) => u.messages().filter((m) => m.fromBot).map((m) => `${m.messageId}:${m.edited ? m.text : ""}`).join("|");
    const has = (text: string) => (m: ChatMessage) => m.inlineButtons.flat().includes(text);
    const says = (key: string) => (m: ChatMessage) => m.text?.includes(L(key).replace(/<[^>]+>/g, "").split("{{")[0]!.trim().slice(0, 30)) === true;
    const tapOn = (u: EmulatedUser, text: string) => (m: ChatMessage) => u.tap(text, { messageId: m.messageId });
    const tap = (u: EmulatedUser, text: string) => () => u.tap(text);
    let turns = 0;
    let zombieIntakes = 0;

    // The mediator serving Burabay, registered directly (the application has its own tests).
    const fakeFlow = { emu, app: { db: database } } as unknown as Flow;
    const mediator = (await activeMediator(fakeFlow, { id: 7101, name: "Асқар Бекұлы", locale: "en" }, { rayonCodes: ["akmola.burabay"] })).user;

    // --- intake ---------------------------------------------------------------------------------------
    const citizen = emu.user({ id: 7001, first_name: "Айгүл", language_code: "en", phone_number: "+7 701 555 44 33" });
    people.push(citizen, mediator);
    await step("/start", () => citizen.sendText("/start"), shows(citizen, "English"));
    const answers: Array<[string, string]> = [
      ["English", "English"],
      [L("menu.request"), L("menu.request")],
      [L("intake:consent.agree"), L("intake:consent.agree")],
      [L("intake:category.names.neighbours"), L("intake:category.names.neighbours")],
      [L("intake:otherParty.names.neighbour"), L("intake:otherParty.names.neighbour")],
      [L("intake:awareness.names.knows"), L("intake:awareness.names.knows")],
      [L("intake:inCourt.no"), L("intake:inCourt.no")],
      [L("intake:cost.names.free_only"), L("intake:cost.names.free_only")],
      [L("intake:place.locationYes"), L("intake:place.locationYes")],
      [L("intake:mode.names.in_person"), L("intake:mode.names.in_person")],
    ];
    let summarySeen = "";
    await drive(citizen, "intake", [
      // The session language buttons are the language picker's words ("English"): asked by the question's text.
      [says("intake:sessionLanguage.question"), tapOn(citizen, L("intake:sessionLanguage.names.kk"))],
      ...answers.map(([button, tapText]): Rule => [has(button), tapOn(citizen, tapText)]),
      [says("intake:description.question"), () => citizen.sendText("The neighbour's cattle trample our hayfield every summer.")],
      [says("intake:place.oblastQuestion"), () => citizen.sendLocation(52.95, 70.19)],
      [says("intake:name.question"), () => citizen.sendText("Айгүл Серікқызы")],
      // The share button is gone when "Number saved" (which takes the keyboard away) came before a kill lost
      // that step: then the person types the number, as the question says they may.
      [says("intake:phone.question"), () => citizen.pressReplyButton(L("intake:phone.shareButton")).catch(() => citizen.sendText("+7 701 555 44 33"))],
      [has(L("intake:summary.submit")), (m) => ((summarySeen = m.text ?? ""), citizen.tap(L("intake:summary.submit"), { messageId: m.messageId }))],
    ], async () => (await prisma.mediationRequest.count()) > 0, INTAKE_KILL_RATE);
    // The draft survived every kill: the summary showed every answer.
    for (const part of ["cattle trample", "Айгүл Серікқызы", "+77015554433", "Burabay"]) expect(summarySeen).toContain(part);
    await until(() => false, 1_000); // the confirmation and the offer go out
    expect(await prisma.mediationRequest.count()).toBe(1);
    const request = await prisma.mediationRequest.findFirstOrThrow();

    // --- offer and acceptance ---------------------------------------------------------------------------
    expect(await until(shows(mediator, L("offers:card.accept")), 15_000)).toBe(true);
    const accepted = async () => (await prisma.offer.findFirst())?.status === "accepted";
    await step("accept", () => (buttons(mediator).includes(L("offers:card.accept")) ? mediator.tap(L("offers:card.accept")) : Promise.resolve()), accepted);
    // Known gap (reported): a kill after the acceptance is committed but before both sides are told loses
    // those two messages (notifications go out once, after the commit). The "Propose times" button is then
    // only on the next day's reminder (nudge_propose); the test taps that button's data right away.
    let lostNotices = 0;
    let proposeByNudge = false;
    if (!(await until(shows(mediator, L("appointments:proposeButton")), 8_000))) {
      lostNotices++;
      proposeByNudge = true;
    }
    if (!(await until(() => citizen.messages().some((m) => m.text?.includes("Асқар Бекұлы")), 10_000))) lostNotices++;
    expect(await accepted()).toBe(true);

    // --- a round of proposed times --------------------------------------------------------------------
    const first = (u: EmulatedUser) => (m: ChatMessage) => u.tap(m.inlineButtons.flat()[0]!, { messageId: m.messageId });
    if (proposeByNudge) await mediator.sendCallbackData(`ap:p:${request.id}`);
    await drive(mediator, "proposing times", [
      [has(L("appointments:proposeButton")), tapOn(mediator, L("appointments:proposeButton"))],
      [says("appointments:propose.more"), tapOn(mediator, L("appointments:propose.next"))],
      [says("appointments:propose.chooseMode"), tapOn(mediator, L("requests:labels.mode.in_person"))],
      [says("appointments:propose.askPlace"), () => mediator.sendText("Akimat of Shchuchinsk, room 12")],
      // Not today's date (late in the day it may have no time left): the second date, then the first time.
      [(m) => says("appointments:propose.chooseDate")(m) && m.inlineButtons.flat().length > 2, (m) => mediator.tap(m.inlineButtons.flat()[1]!, { messageId: m.messageId })],
      [(m) => says("appointments:propose.chooseTime")(m) && m.inlineButtons.flat().length > 0, first(mediator)],
    ], async () => (await prisma.appointment.count()) > 0 && citizen.messages().some((m) => m.text?.includes("room 12") === true), CONVERSATION_KILL_RATE,
    proposeByNudge ? () => mediator.sendCallbackData(`ap:p:${request.id}`) : undefined);
    await drive(citizen, "picking a time", [
      [(m) => m.text?.includes("room 12") === true && m.inlineButtons.flat().length > 0, first(citizen)],
      // App gap (reported): a kill after the request was saved but before the intake's end was stored
      // leaves the intake open at its summary; it takes the slot tap for a stale button of its own and shows
      // the summary again. The person cancels that (tapping Submit again would file a second request).
      [has(L("intake:summary.submit")), (m) => (zombieIntakes++, citizen.tap(L("intake:nav.cancel"), { messageId: m.messageId }))],
    ], async () => (await prisma.appointment.findFirst())?.status === "confirmed", 0.5);
    await until(() => false, 1_000); // the confirmations and calendar files go out

    // --- checks of the conversation parts ---------------------------------------------------------------
    expect(await prisma.mediationRequest.count()).toBe(1);
    expect(await prisma.offer.findMany({ select: { status: true } })).toEqual([{ status: "accepted" }]);
    expect(await prisma.appointment.findMany({ select: { status: true } })).toEqual([{ status: "confirmed" }]);
    const offersShown = mediator.messages().filter((m) => m.fromBot && m.text?.includes(request.code) && m.text.includes("would you take it"));
    expect(offersShown).toHaveLength(1);
    const calendarFiles = (u: EmulatedUser) => u.messages().filter((m) => m.fromBot && m.kind === "document");
    // Known gap (reported, like the acceptance notices): the confirmations and .ics files go out once, after
    // the pick is committed; a kill in between loses them (a tap again gets "already chosen"). Never twice.
    for (const u of [citizen, mediator]) {
      expect(calendarFiles(u).length, `.ics files sent to ${u.id}`).toBeLessThanOrEqual(1);
      if (calendarFiles(u).length === 0) lostNotices++;
    }
    for (const u of [citizen, mediator]) {
      const texts = u.messages().filter((m) => m.fromBot).map((m) => `${m.kind}:${m.text ?? ""}`);
      // The same reply twice in a row, with no kill between them: one update handled twice. (With a kill
      // between, the first handling was cut short and the person did the same thing again: a new update.)
      const twice = texts.filter((t, i) => i > 0 && t === texts[i - 1] && !killedAt.get(u.id)?.has(i));
      expect(twice, `a reply sent twice to ${u.id}`).toEqual([]);
    }

    // --- a broadcast, killed while sending ------------------------------------------------------------
    const killsBeforeBroadcast = kills;
    const recipients = Array.from({ length: 300 }, (_, i) => 800_000 + i);
    await prisma.user.createMany({ data: recipients.map((id) => ({ telegramId: BigInt(id), firstName: `R${id}`, locale: "kk" })) });
    emu.addStartedUsers(recipients.map((id) => ({ id, first_name: `R${id}` })));
    const operator = emu.user({ id: OPERATOR, first_name: "Operator", language_code: "en" });
    await step("operator /start", () => operator.sendText("/start"), () => buttons(operator).length > 0, 0);
    const operatorRow = await prisma.user.findUniqueOrThrow({ where: { telegramId: BigInt(OPERATOR) } });
    const broadcast = await createBroadcastRepository(prisma).create(
      { audience: "everyone", oblastCodes: [], languages: ["kk"], createdById: operatorRow.id, text: "Ауылда жиналыс: сенбі, 10:00", photoFileId: null, scheduledAt: null, progressChatId: null },
      "kk",
      new Date(),
    );
    const delivered = (id: number) => emu.deliveredCounts().get(id) ?? 0;
    const sentSoFar = () => recipients.filter((id) => delivered(id) > 0).length;
    while (kills < MIN_KILLS + 2 && (await prisma.broadcast.findUniqueOrThrow({ where: { id: broadcast.id } })).status !== "done") {
      const target = Math.min(recipients.length, sentSoFar() + 1 + r.int(12));
      await until(() => sentSoFar() >= target, 15_000);
      await bot.kill();
      kills++;
      // The dead process's lease (LEASE_MS, 60 s) would hold the broadcast that long: fast-forward it.
      await prisma.broadcast.updateMany({ where: { id: broadcast.id, status: "sending" }, data: { leaseUntil: new Date(0) } });
      await bot.start();
    }
    expect(await until(async () => (await prisma.broadcast.findUniqueOrThrow({ where: { id: broadcast.id } })).status === "done", 40_000)).toBe(true);
    const rows = await prisma.broadcastDelivery.findMany({ where: { broadcastId: broadcast.id }, });
    const ours = rows.filter((row) => recipients.includes(Number(row.telegramId)));
    expect(ours).toHaveLength(recipients.length);
    for (const row of ours) {
      const id = Number(row.telegramId);
      expect(delivered(id), `recipient ${id} got the broadcast twice`).toBeLessThanOrEqual(1);
      expect(["sent", "failed"]).toContain(row.status);
      if (row.status === "sent") expect(delivered(id)).toBe(1);
      // Left "sending" by a kill: marked failed, never sent again (it may or may not have arrived once).
      if (row.status === "failed") expect(row.lastError).toBe("interrupted");
    }
    console.log(`kills ${kills} (${killsBeforeBroadcast} in the intake, offer and scheduling; ${bot.starts} starts), lost notices after a commit ${lostNotices}, person's turns ${turns}, intakes left open by a kill ${zombieIntakes}, answers repeated after a kill ${repeated}, broadcast: ${ours.filter((x) => x.status === "sent").length} sent, ${ours.filter((x) => x.status === "failed").length} interrupted`);
    expect(kills).toBeGreaterThanOrEqual(MIN_KILLS);
    // Only crashes count; node-cron's "missed execution" warning just says the machine was busy.
    expect(bot.stderr().split("\n").filter((line) => line.trim() && !line.includes("[NODE-CRON]")).join("\n")).toBe("");
  }, 400_000);
});
