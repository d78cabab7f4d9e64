// Drives a real grammY bot (long polling via bot.start() and via
// @grammyjs/runner) through the Bot API emulator, end to end over HTTP.
import { describe, it, expect, afterEach } from "vitest";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Bot, GrammyError, InlineKeyboard, InputFile, Keyboard, webhookCallback, type Context } from "grammy";
import { run } from "@grammyjs/runner";
import { startBotApiEmulator, type BotApiEmulator } from "./bot-api-emulator/index.js";

const TOKEN = "123:abc";
const AIDA = { id: 501, first_name: "Aida", username: "aida_k", language_code: "kk" };

const teardown: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (teardown.length) await teardown.pop()!();
});

/** Polls `cond` (things the bot does asynchronously, e.g. confirming updates). */
async function until(cond: () => boolean, timeoutMs = 1000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs}ms: ${cond.toString()}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Starts an emulator and a long-polling bot built by `build`; both are torn down after the test. */
async function startBot(build: (bot: Bot) => void, emu?: BotApiEmulator) {
  const emulator = emu ?? (await startBotApiEmulator({ token: TOKEN }));
  const bot = new Bot(TOKEN, { client: { apiRoot: emulator.apiRoot } });
  const errors: unknown[] = [];
  const errorWaiters: Array<(e: unknown) => void> = [];
  bot.catch((err) => {
    errors.push(err.error);
    errorWaiters.shift()?.(err.error);
  });
  build(bot);
  let polling!: Promise<void>;
  await new Promise<void>((onStarted) => {
    polling = bot.start({ onStart: () => onStarted() });
  });
  teardown.push(() => emulator.close());
  teardown.push(async () => {
    if (bot.isRunning()) await bot.stop();
    await polling;
  });
  const nextError = () => new Promise<unknown>((resolve) => errorWaiters.push(resolve));
  return { emu: emulator, bot, errors, nextError };
}

describe("Bot API emulator", () => {
  it("answers /start and delivers realistic updates", async () => {
    let seen: Context["update"] | undefined;
    const { emu } = await startBot((bot) =>
      bot.command("start", async (ctx) => {
        seen = ctx.update;
        await ctx.reply(`Salem, ${ctx.from!.first_name}!`);
      }),
    );
    const aida = emu.user(AIDA);
    expect(emu.user(AIDA)).toBe(aida);

    await aida.sendText("/start");
    const replies = await aida.waitForReply();

    expect(replies.map((m) => m.text)).toEqual(["Salem, Aida!"]);
    expect(aida.messages().map((m) => [m.messageId, m.fromBot, m.text])).toEqual([
      [1, false, "/start"],
      [2, true, "Salem, Aida!"],
    ]);
    expect(seen?.message?.entities).toEqual([{ type: "bot_command", offset: 0, length: 6 }]);
    expect(seen?.message?.from).toMatchObject({ id: 501, is_bot: false, language_code: "kk" });
    expect(seen?.message?.chat).toEqual({ id: 501, type: "private", first_name: "Aida", username: "aida_k" });
    expect(emu.calls.map((c) => c.method)).toEqual(["getMe", "deleteWebhook", "sendMessage"]);
    expect(emu.calls[2]!.payload).toMatchObject({ chat_id: 501, text: "Salem, Aida!" });
    await until(() => emu.pendingUpdates() === 0); // confirmed by the bot's next getUpdates offset
  });

  it("taps an inline button and shows the edit in place", async () => {
    const { emu } = await startBot((bot) => {
      bot.command("vote", (ctx) =>
        ctx.reply("Do you agree?", { reply_markup: new InlineKeyboard().text("Ha", "vote:yes").text("Joq", "vote:no") }),
      );
      bot.callbackQuery(/^vote:(.+)$/, async (ctx) => {
        await ctx.answerCallbackQuery({ text: "Recorded" });
        await ctx.editMessageText(`You chose <b>${ctx.match[1]}</b>`, { parse_mode: "HTML" });
      });
    });
    const aida = emu.user(AIDA);
    await aida.sendText("/vote");
    const [question] = await aida.waitForReply();
    expect(question!.inlineButtons).toEqual([["Ha", "Joq"]]);

    await expect(aida.tap("Maybe")).rejects.toThrow(/no inline button matches.*\n.*#2: \[Ha\] \[Joq\]/);
    await aida.tap(/^ha$/i);
    const [edited] = await aida.waitForReply();

    expect(edited).toMatchObject({ messageId: question!.messageId, text: "You chose yes", edited: true, inlineButtons: [] });
    expect(edited!.html).toBe("You chose <b>yes</b>");
    expect(aida.messages()).toHaveLength(2);
    expect(aida.callbackAnswers()).toEqual([{ callbackQueryId: expect.any(String), text: "Recorded" }]);
    await expect(aida.tap("Ha")).rejects.toThrow(/no inline button/); // the edit removed the keyboard
  });

  it("strips HTML for the visible text and produces entities", async () => {
    let sent: { entities?: Array<{ type: string }> } | undefined;
    const { emu } = await startBot((bot) =>
      bot.on("message:text", async (ctx) => {
        sent = await ctx.reply("<b>Kelisim</b> &amp; <i>bitim</i> &lt;3", { parse_mode: "HTML" });
      }),
    );
    const aida = emu.user(AIDA);
    await aida.sendText("salem");
    const [reply] = await aida.waitForReply();
    expect(reply).toMatchObject({ text: "Kelisim & bitim <3", html: "<b>Kelisim</b> &amp; <i>bitim</i> &lt;3", parseMode: "HTML" });
    expect(sent?.entities?.map((e) => e.type)).toEqual(["bold", "italic"]);
  });

  it("presses a reply keyboard button that shares the contact", async () => {
    let contactUserId: number | undefined;
    const { emu } = await startBot((bot) => {
      bot.command("start", (ctx) =>
        ctx.reply("Share your phone", { reply_markup: new Keyboard().requestContact("📱 Share").resized().oneTime() }),
      );
      bot.on("message:contact", (ctx) => {
        contactUserId = ctx.message.contact.user_id;
        return ctx.reply(`Got ${ctx.message.contact.phone_number}`, { reply_markup: { remove_keyboard: true } });
      });
    });
    const aida = emu.user({ ...AIDA, phone_number: "+77011234567" });
    await aida.sendText("/start");
    const [ask] = await aida.waitForReply();
    expect(ask!.replyMarkup).toMatchObject({ keyboard: [[{ text: "📱 Share", request_contact: true }]] });

    await aida.pressReplyButton("📱 Share");
    const [got] = await aida.waitForReply();
    expect(got!.text).toBe("Got +77011234567");
    expect(contactUserId).toBe(AIDA.id);
    expect(aida.messages()[2]).toMatchObject({ kind: "contact", fromBot: false, contact: { phoneNumber: "+77011234567" } });
    await expect(aida.pressReplyButton("📱 Share")).rejects.toThrow(/no reply keyboard is shown/);
  });

  it("receives a document uploaded from a Buffer (multipart) and serves it via getFile", async () => {
    const csv = "region,cases\nAlmaty,3\n";
    let fileId: string | undefined;
    const { emu, bot } = await startBot((bot) =>
      bot.command("export", async (ctx) => {
        const sent = await ctx.replyWithDocument(new InputFile(Buffer.from(csv), "report.csv"), {
          caption: "Your <b>report</b>",
          parse_mode: "HTML",
        });
        fileId = sent.document.file_id;
      }),
    );
    const aida = emu.user(AIDA);
    await aida.sendText("/export");
    const [doc] = await aida.waitForReply();

    expect(doc).toMatchObject({ kind: "document", text: "Your report", document: { fileName: "report.csv", size: csv.length } });
    expect(doc!.document!.content!.toString("utf8")).toBe(csv);
    expect(emu.calls.at(-1)).toMatchObject({ method: "sendDocument", payload: { chat_id: 501, caption: "Your <b>report</b>" } });

    // Downloadable like from api.telegram.org/file/bot<token>/<file_path>.
    const { file_path } = await bot.api.getFile(fileId!);
    const download = await fetch(`${emu.apiRoot}/file/bot${TOKEN}/${file_path}`);
    expect(await download.text()).toBe(csv);
  });

  it("reports Telegram-like errors to the bot (and stores commands per language)", async () => {
    const { emu, bot } = await startBot((bot) => bot.command("start", (ctx) => ctx.reply("hi")));
    const aida = emu.user(AIDA);
    await aida.sendText("/start");
    const [hi] = await aida.waitForReply();
    const err = (p: Promise<unknown>) => p.then(() => undefined, (e: GrammyError) => `${e.error_code} ${e.description}`);

    expect(await err(bot.api.editMessageText(501, hi!.messageId, "hi"))).toMatch(/^400 Bad Request: message is not modified/);
    expect(await err(bot.api.deleteMessage(501, 999))).toBe("400 Bad Request: message to delete not found");
    expect(await err(bot.api.editMessageText(501, 999, "x"))).toBe("400 Bad Request: message to edit not found");
    expect(await err(bot.api.sendMessage(999, "x"))).toBe("400 Bad Request: chat not found");
    expect(await err(bot.api.sendMessage(501, ""))).toBe("400 Bad Request: message text is empty");
    expect(await err(bot.api.sendMessage(501, "x".repeat(4097)))).toBe("400 Bad Request: message is too long");
    expect(await err(bot.api.sendMessage(501, "<b>x", { parse_mode: "HTML" }))).toMatch(/^400 Bad Request: can't parse entities: /);
    expect(await err(bot.api.sendMessage(501, "<div>x</div>", { parse_mode: "HTML" }))).toMatch(/Unsupported start tag "div"/);
    expect(
      await err(bot.api.sendMessage(501, "x", { reply_markup: new InlineKeyboard().text("x", "d".repeat(65)) })),
    ).toBe("400 Bad Request: BUTTON_DATA_INVALID");
    expect(await err(bot.api.setMyCommands([{ command: "Start!", description: "x" }]))).toBe("400 Bad Request: BOT_COMMAND_INVALID");
    await bot.api.setMyCommands([{ command: "start", description: "Bastau" }], { language_code: "kk" });
    expect(emu.commands({ language_code: "kk" })).toEqual([{ command: "start", description: "Bastau" }]);
    expect(emu.commands()).toBeUndefined();
    const unknown = await fetch(`${emu.apiRoot}/bot${TOKEN}/sendTelepathy`, { method: "POST" });
    expect([unknown.status, await unknown.json()]).toEqual([404, { ok: false, error_code: 404, description: "Not Found" }]);
  });

  it("injectFault: 429 with retry_after reaches the bot as a GrammyError, then recovers", async () => {
    const { emu, nextError } = await startBot((bot) => bot.command("start", (ctx) => ctx.reply("hi")));
    const aida = emu.user(AIDA);
    emu.injectFault({ method: "sendMessage", errorCode: 429, retryAfter: 7 });
    const failed = nextError();
    await aida.sendText("/start");

    const error = (await failed) as GrammyError;
    expect(error).toBeInstanceOf(GrammyError);
    expect(error.error_code).toBe(429);
    expect(error.parameters.retry_after).toBe(7);
    expect(error.description).toBe("Too Many Requests: retry after 7");

    emu.injectFault({ method: "sendMessage", delayMs: 120 }); // slow, but successful
    const t0 = performance.now();
    await aida.sendText("/start");
    expect((await aida.waitForReply()).map((m) => m.text)).toEqual(["hi"]);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(110);
    expect(emu.calls.filter((c) => c.method === "sendMessage").map((c) => c.error?.code)).toEqual([429, undefined]);
  });

  it("blockBot makes sends fail with 403 and tells the bot via my_chat_member", async () => {
    const statuses: string[] = [];
    const { emu, bot } = await startBot((bot) => {
      bot.command("start", (ctx) => ctx.reply("hi"));
      bot.on("my_chat_member", (ctx) => void statuses.push(ctx.myChatMember.new_chat_member.status));
    });
    const aida = emu.user(AIDA);
    await aida.sendText("/start");
    await aida.waitForReply();

    aida.blockBot();
    await expect(bot.api.sendMessage(AIDA.id, "ping")).rejects.toMatchObject({
      error_code: 403,
      description: "Forbidden: bot was blocked by the user",
    });
    await aida.sendText("/start"); // like Telegram's "Restart": unblocks
    await aida.waitForReply();
    expect(statuses).toEqual(["kicked", "member"]);
  });

  it("works with @grammyjs/runner", async () => {
    const emu = await startBotApiEmulator();
    teardown.push(() => emu.close());
    const bot = new Bot(TOKEN, { client: { apiRoot: emu.apiRoot } });
    bot.command("start", (ctx) => ctx.reply("runner says hi"));
    const runner = run(bot);
    teardown.push(async () => {
      if (runner.isRunning()) await runner.stop();
    });

    const aida = emu.user(AIDA);
    await aida.sendText("/start");
    expect((await aida.waitForReply()).map((m) => m.text)).toEqual(["runner says hi"]);
    const t0 = performance.now();
    await runner.stop();
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it("delivers updates to a webhook with the secret token, retrying failures", async () => {
    const emu = await startBotApiEmulator({ token: TOKEN });
    teardown.push(() => emu.close());
    const bot = new Bot(TOKEN, { client: { apiRoot: emu.apiRoot } });
    bot.command("start", (ctx) => ctx.reply("via webhook"));
    await bot.init();
    const handle = webhookCallback(bot, "http", { secretToken: "s3cret" });
    const secrets: unknown[] = [];
    let failFirst = true;
    const server = http.createServer((req, res) => {
      secrets.push(req.headers["x-telegram-bot-api-secret-token"]);
      if (failFirst) {
        failFirst = false;
        res.writeHead(500).end();
      } else void handle(req, res);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    teardown.push(() => new Promise((r) => server.close(r)));
    await bot.api.setWebhook(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, { secret_token: "s3cret" });

    const aida = emu.user(AIDA);
    await aida.sendText("/start");
    expect((await aida.waitForReply()).map((m) => m.text)).toEqual(["via webhook"]);
    expect(secrets).toEqual(["s3cret", "s3cret"]);
    expect(await bot.api.getWebhookInfo()).toMatchObject({ pending_update_count: 0, last_error_message: expect.stringMatching(/500/) });

    await bot.api.deleteWebhook(); // back to getUpdates: new updates queue up again
    await aida.sendText("hello?");
    expect(emu.pendingUpdates()).toBe(1);
  });

  it("stops a long-polling bot and closes promptly", async () => {
    const emu = await startBotApiEmulator();
    const bot = new Bot(TOKEN, { client: { apiRoot: emu.apiRoot } });
    let polling!: Promise<void>;
    await new Promise<void>((onStarted) => (polling = bot.start({ onStart: () => onStarted() })));
    await new Promise((r) => setTimeout(r, 30)); // let the 30 s long poll reach the emulator

    let t0 = performance.now();
    await bot.stop(); // aborts the poll; the emulator must drop the waiter and answer the offset confirmation
    await polling;
    expect(performance.now() - t0).toBeLessThan(1000);

    // A poll still pending at close() is answered right away with an empty result.
    const pendingPoll = fetch(`${emu.apiRoot}/bot${TOKEN}/getUpdates`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ timeout: 30 }),
    }).then((r) => r.json());
    await new Promise((r) => setTimeout(r, 20));
    t0 = performance.now();
    await emu.close();
    expect(await pendingPoll).toEqual({ ok: true, result: [] });
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

describe("Bot API emulator: traffic rules", () => {
  async function rawSender(emu: BotApiEmulator) {
    const { Api } = await import("grammy");
    return new Api(TOKEN, { apiRoot: emu.apiRoot });
  }
  const people = (n: number, from = 9000) => Array.from({ length: n }, (_, i) => ({ id: from + i, first_name: `P${i}` }));

  it("enforces 30 msg/s overall and 1 msg/s per chat with 429 and retry_after", async () => {
    let now = 1_000_000;
    const emu = await startBotApiEmulator({ token: TOKEN, now: () => now, rateLimits: true });
    teardown.push(() => emu.close());
    const api = await rawSender(emu);
    emu.addStartedUsers(people(31));
    for (let i = 0; i < 30; i++) await api.sendMessage(9000 + i, "hi");
    const over = await api.sendMessage(9030, "hi").catch((e: unknown) => e);
    expect(over).toBeInstanceOf(GrammyError);
    expect((over as GrammyError).error_code).toBe(429);
    expect((over as GrammyError).parameters.retry_after).toBe(1);
    now += 1000; // the window has moved on
    await api.sendMessage(9030, "hi");
    const again = await api.sendMessage(9030, "again").catch((e: unknown) => e);
    expect((again as GrammyError).error_code).toBe(429); // same chat within the second
    expect(emu.rateLimitedAt()).toHaveLength(2);
    expect(emu.deliveredCounts().get(9030)).toBe(1);
    // Edits and chat actions are not message sends.
    await api.sendChatAction(9001, "typing");
  });

  it("injects seeded random faults: 5xx at the given rate, 403 for chosen chats, and counts deliveries", async () => {
    const outcomes = async (seed: number) => {
      const emu = await startBotApiEmulator({ token: TOKEN });
      teardown.push(() => emu.close());
      const api = await rawSender(emu);
      emu.addStartedUsers(people(200));
      emu.injectRandomFaults({ serverErrorRate: 0.1, blockedChatIds: [9003], seed });
      const codes: number[] = [];
      for (let i = 0; i < 200; i++) codes.push(await api.sendMessage(9000 + i, "x").then(() => 200, (e: GrammyError) => e.error_code));
      return { codes, delivered: emu.deliveredCounts() };
    };
    const a = await outcomes(42);
    const b = await outcomes(42);
    expect(a.codes).toEqual(b.codes);
    expect(a.codes[3]).toBe(403);
    const serverErrors = a.codes.filter((c) => c >= 500).length;
    expect(serverErrors).toBeGreaterThan(8);
    expect(serverErrors).toBeLessThan(35);
    expect(a.delivered.get(9003)).toBeUndefined();
    expect([...a.delivered.values()].reduce((s, n) => s + n, 0)).toBe(a.codes.filter((c) => c === 200).length);
  });
});
