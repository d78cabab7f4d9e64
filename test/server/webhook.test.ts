// Webhook mode (BOT_MODE=webhook) on both databases: the secret token is checked before anything is read,
// a redelivered update (or the same one posted twice at once) is handled once, /healthz and /readyz are
// served on the webhook's port, stop() finishes what was already accepted, and polling takes over again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp } from "../../src/app.js";
import { createConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { startBotApiEmulator } from "../support/bot-api-emulator/index.js";
import { databaseTargets, type DatabaseTarget } from "../support/databases.js";
import { startFlow, type Flow } from "../support/flow.js";
import { startLoadBalancer, type LoadBalancer } from "../support/load-balancer.js";

const SECRET = "test-webhook-secret_1";

interface WebhookFlow {
  flow: Flow;
  balancer: LoadBalancer;
  /** The instance's own webhook address (bypassing the balancer). */
  hook: string;
  stop(): Promise<void>;
}

/** One webhook instance behind the test load balancer (so WEBHOOK_URL is known before the port is). */
async function startWebhookFlow(target: DatabaseTarget): Promise<WebhookFlow> {
  const balancer = await startLoadBalancer();
  const database = await target.create();
  const flow = await startFlow({
    database: { name: target.name, create: async () => database },
    env: { DATABASE_URL: database.url, BOT_MODE: "webhook", WEBHOOK_URL: `${balancer.url}/telegram`, WEBHOOK_SECRET: SECRET },
  });
  balancer.setUpstreams([`http://127.0.0.1:${flow.app.healthPort}`]);
  return {
    flow, balancer, hook: `http://127.0.0.1:${flow.app.healthPort}/telegram`,
    async stop() {
      await flow.stop();
      await balancer.close();
    },
  };
}

const startUpdate = (updateId: number, userId: number) => ({
  update_id: updateId,
  message: { message_id: 1, date: 1_700_000_000, chat: { id: userId, type: "private", first_name: "Forged" }, from: { id: userId, is_bot: false, first_name: "Forged", language_code: "en" }, text: "/start", entities: [{ type: "bot_command", offset: 0, length: 6 }] },
});

const post = (url: string, body: unknown, secret?: string) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json", ...(secret !== undefined ? { "x-telegram-bot-api-secret-token": secret } : {}) }, body: JSON.stringify(body) });

describe.each(databaseTargets())("webhook mode on $name", (target) => {
  // One instance for the tests that leave it running (the stop test starts its own).
  let shared: WebhookFlow;
  beforeAll(async () => {
    shared = await startWebhookFlow(target);
  }, 60_000);
  afterAll(async () => {
    await shared?.stop();
  });

  it("registers the webhook with the secret and the update types the bot uses", async () => {
    const { flow, balancer } = shared;
    const set = flow.emu.calls.find((c) => c.method === "setWebhook");
    expect(set?.payload).toMatchObject({ url: `${balancer.url}/telegram`, secret_token: SECRET, allowed_updates: ["message", "callback_query", "my_chat_member"], drop_pending_updates: false });
    const user = flow.emu.user({ id: 5101, first_name: "Айгүл", language_code: "kk" });
    await user.sendText("/start");
    const [welcome] = await user.waitForReply();
    expect(welcome?.text).toContain("Сәлеметсіз бе, Айгүл!");
  });

  it("refuses a wrong or missing secret with 401 and handles nothing", async () => {
    const { flow, hook } = shared;
    flow.emu.addStartedUsers([{ id: 5201, first_name: "Forged" }]); // a reply could be delivered
    expect((await post(hook, startUpdate(900_001, 5201), "wrong-secret")).status).toBe(401);
    expect((await post(hook, startUpdate(900_002, 5201))).status).toBe(401);
    expect((await post(hook, startUpdate(900_003, 5201), `${SECRET}x`)).status).toBe(401);
    expect((await post(hook, { hello: "world" }, SECRET)).status).toBe(400); // right secret, not an update
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await flow.app.db.prisma.processedUpdate.count({ where: { updateId: { in: [900_001n, 900_002n, 900_003n] } } })).toBe(0);
    expect(await flow.app.db.prisma.user.count({ where: { telegramId: 5201n } })).toBe(0);
    expect(flow.emu.calls.filter((c) => c.payload.chat_id === 5201)).toEqual([]);
  });

  it("handles a redelivered update once, and the same update posted twice at once once", async () => {
    const { flow, hook } = shared;
    flow.emu.redeliverWebhookUpdates(1); // every update arrives twice, as when Telegram misses our answer
    const user = flow.emu.user({ id: 5301, first_name: "Dana", language_code: "en" });
    await user.sendText("/start");
    await user.waitForReply();
    await user.tap("English");
    const [menu] = await user.waitForReply({ quietMs: 200 });
    expect(menu?.text).toContain("I will speak English with you");
    const toUser = (method: string) => flow.emu.calls.filter((c) => c.method === method && !c.error && (c.payload.chat_id === 5301 || method === "answerCallbackQuery"));
    expect(toUser("sendMessage")).toHaveLength(1);
    expect(toUser("editMessageText")).toHaveLength(1);
    expect(toUser("answerCallbackQuery")).toHaveLength(1);

    // Two deliveries of one update racing into the claim: exactly one is handled.
    flow.emu.addStartedUsers([{ id: 5302, first_name: "Forged" }]);
    const answers = await Promise.all([post(hook, startUpdate(900_100, 5302), SECRET), post(hook, startUpdate(900_100, 5302), SECRET)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(flow.emu.calls.filter((c) => c.method === "sendMessage" && c.payload.chat_id === 5302 && !c.error)).toHaveLength(1);
    expect(await flow.app.db.prisma.processedUpdate.count({ where: { updateId: 900_100n } })).toBe(1);

    const metrics = await (await fetch(`http://127.0.0.1:${flow.app.healthPort}/metrics`)).text();
    expect(metrics).toMatch(/kelisim_webhook_duplicate_updates_total 3\b/);
    flow.emu.redeliverWebhookUpdates(undefined);
  });

  it("serves /healthz and /readyz on the webhook's port", async () => {
    const { flow } = shared;
    const base = `http://127.0.0.1:${flow.app.healthPort}`;
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: "ok" });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready" });
    expect((await fetch(`${base}/telegram`)).status).toBe(404); // only POST is a delivery
  });

  it("stop() finishes an update it already accepted; posts after that get 503 until the server closes", async () => {
    const own = await startWebhookFlow(target);
    const { flow, hook } = own;
    const user = flow.emu.user({ id: 5401, first_name: "Slow", language_code: "ru" });
    flow.emu.injectFault({ method: "sendMessage", delayMs: 400 }); // the reply is still on its way at stop()
    await user.sendText("/start");
    await expect.poll(() => flow.app.db.prisma.processedUpdate.count(), { timeout: 3000, interval: 20 }).toBe(1);
    const stopping = flow.app.stop();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await post(hook, startUpdate(900_200, 5401), SECRET)).status).toBe(503);
    await stopping;
    expect(flow.emu.calls.filter((c) => c.method === "sendMessage" && c.payload.chat_id === 5401 && !c.error)).toHaveLength(1);
    await flow.emu.close();
    await flow.db.drop();
    await own.balancer.close();
  }, 60_000);
});

describe("switching back to polling", () => {
  it("polling removes the webhook, so updates flow through getUpdates again", async () => {
    const emu = await startBotApiEmulator();
    const { freshSqlite } = await import("../support/databases.js");
    const db = freshSqlite();
    const base = { BOT_TOKEN: "123456:TEST", BOT_API_ROOT: emu.apiRoot, DATABASE_URL: db.url, LOG_LEVEL: "silent", HTTP_PORT: "0", HTTP_HOST: "127.0.0.1" } as const;
    const logger = createLogger("silent");
    const hooked = await startApp(createConfig({ ...base, BOT_MODE: "webhook", WEBHOOK_URL: "http://127.0.0.1:9/telegram", WEBHOOK_SECRET: SECRET }), { logger });
    await hooked.stop();
    const polling = await startApp(createConfig(base), { logger });
    try {
      expect(emu.calls.map((c) => c.method)).toContain("deleteWebhook");
      const user = emu.user({ id: 5501, first_name: "Back", language_code: "en" });
      await user.sendText("/start");
      expect((await user.waitForReply())[0]?.text).toContain("Hello, Back!");
    } finally {
      await polling.stop();
      await emu.close();
      await db.drop();
    }
  }, 60_000);
});
