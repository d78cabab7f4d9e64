// Two webhook instances on one PostgreSQL database behind a round-robin load balancer, driven by the
// emulator: 100 people send 1,000 updates (start, language, the About pages, help) while Telegram
// redelivers some updates and the balancer hands some to both instances at the same moment. Every update
// must be handled exactly once, every chat must read as with one bot, and reminders and the daily digest,
// run by both instances at once, must go out exactly once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "../../src/app.js";
import { readCatalogues } from "../../src/bot/i18n.js";
import { createConfig, SUPPORTED_LOCALES } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { startBotApiEmulator } from "../support/bot-api-emulator/index.js";
import type { BotApiEmulator, EmulatedUser } from "../support/bot-api-emulator/types.js";
import { databaseTargets, type TestDatabase } from "../support/databases.js";
import { startLoadBalancer, type LoadBalancer } from "../support/load-balancer.js";
import { submitRequest, userIdOf } from "../support/requests.js";

const postgres = databaseTargets().find((t) => t.name === "postgresql");
if (!postgres) console.warn("test/flows/two-instances.test.ts skipped: set TEST_DATABASE_URL to a PostgreSQL server (several instances need PostgreSQL).");

const PEOPLE = 100;
const FIRST_ID = 70_001;
const OPERATOR_ID = 69_999;
const SECRET = "two-instances-secret";

type Catalogue = { common: { menu: Record<string, string>; nav: Record<string, string> }; about: { pages: Record<string, { button: string }> } };
const catalogues = readCatalogues() as unknown as Record<string, Catalogue>;
const LANGUAGE_BUTTONS = { kk: "Қазақша", ru: "Русский", en: "English" } as const;

/** Ten updates, each with exactly one visible reaction: 3 messages (new bot messages) and 7 taps (edits). */
async function converse(user: EmulatedUser, locale: (typeof SUPPORTED_LOCALES)[number]): Promise<void> {
  const { common, about } = catalogues[locale]!;
  const step = async (act: () => Promise<void>) => {
    await act();
    await user.waitForReply({ timeoutMs: 60_000, quietMs: 30 });
  };
  await step(() => user.sendText("/start"));
  await step(() => user.tap(LANGUAGE_BUTTONS[locale]));
  await step(() => user.tap(common.menu.about!));
  await step(() => user.tap(about.pages.what!.button));
  await step(() => user.tap(common.nav.next!));
  await step(() => user.tap(common.nav.next!));
  await step(() => user.tap(common.nav.menu!));
  await step(() => user.sendText("/language"));
  await step(() => user.tap(LANGUAGE_BUTTONS[locale]));
  await step(() => user.sendText("/help"));
}

const metricValue = (text: string, name: string) =>
  text.split("\n").filter((line) => line.startsWith(name)).reduce((sum, line) => sum + Number(line.split(" ").at(-1)), 0);

describe.skipIf(!postgres)("two webhook instances on PostgreSQL (TEST_DATABASE_URL)", () => {
  let emu: BotApiEmulator;
  let balancer: LoadBalancer;
  let database: TestDatabase;
  let apps: RunningApp[] = [];

  beforeAll(async () => {
    emu = await startBotApiEmulator();
    balancer = await startLoadBalancer({ mirrorEvery: 20 });
    database = await postgres!.create();
    const config = createConfig({
      BOT_TOKEN: "123456:TEST", BOT_API_ROOT: emu.apiRoot, DATABASE_URL: database.url, LOG_LEVEL: "silent",
      HTTP_PORT: "0", HTTP_HOST: "127.0.0.1", RATE_LIMIT_PER_10S: "0", OPERATOR_IDS: String(OPERATOR_ID),
      BOT_MODE: "webhook", WEBHOOK_URL: `${balancer.url}/telegram`, WEBHOOK_SECRET: SECRET,
    });
    const logger = createLogger("silent");
    apps = await Promise.all([startApp(config, { logger }), startApp(config, { logger })]);
    balancer.setUpstreams(apps.map((app) => `http://127.0.0.1:${app.healthPort}`));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await balancer?.close();
    await emu?.close();
    await database?.drop();
  });

  it("handles each of 1,000 updates from 100 people exactly once, with redeliveries and simultaneous deliveries", async () => {
    emu.deliverWebhookConcurrently(16); // as Telegram with max_connections: several posts in flight
    emu.redeliverWebhookUpdates(25); // Telegram "missed" the answer to every 25th update
    const people = Array.from({ length: PEOPLE }, (_, i) => ({
      user: emu.user({ id: FIRST_ID + i, first_name: `Person${i}`, language_code: SUPPORTED_LOCALES[i % 3] }),
      locale: SUPPORTED_LOCALES[i % 3]!,
    }));
    await Promise.all(people.map(({ user, locale }) => converse(user, locale)));
    // The last redeliveries may still be on their way.
    await expect.poll(() => emu.pendingUpdates(), { timeout: 5000 }).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    emu.redeliverWebhookUpdates(undefined);

    const prisma = apps[0]!.db.prisma;
    expect(await prisma.processedUpdate.count()).toBe(1000);
    const byInstance = await prisma.processedUpdate.groupBy({ by: ["instance"], _count: true });
    expect(byInstance).toHaveLength(2); // both instances took a share
    for (const share of byInstance) expect(share._count).toBeGreaterThan(100);

    // Handled: the bot's own count of updates, over both instances.
    const metrics = await Promise.all(apps.map(async (app) => (await fetch(`http://127.0.0.1:${app.healthPort}/metrics`)).text()));
    const handled = metrics.reduce((sum, text) => sum + metricValue(text, "kelisim_updates_total{"), 0);
    expect(handled).toBe(1000);
    // Every delivery beyond the first of an update was recognised as a duplicate and skipped.
    const deliveries = [...balancer.forwarded().values()].reduce((a, b) => a + b, 0);
    const duplicates = metrics.reduce((sum, text) => sum + metricValue(text, "kelisim_webhook_duplicate_updates_total"), 0);
    expect(duplicates).toBe(deliveries - 1000);
    expect(duplicates).toBeGreaterThanOrEqual(80); // 40 redeliveries + every 20th request to both

    // Each chat reads as with one bot: three messages, seven taps each answered once, nothing failed.
    const ok = emu.calls.filter((c) => !c.error);
    for (const { user } of people) {
      expect(ok.filter((c) => c.method === "sendMessage" && c.payload.chat_id === user.id)).toHaveLength(3);
      expect(user.messages().filter((m) => m.fromBot)).toHaveLength(3);
    }
    const answered = new Map<unknown, number>();
    for (const call of ok.filter((c) => c.method === "answerCallbackQuery")) answered.set(call.payload.callback_query_id, (answered.get(call.payload.callback_query_id) ?? 0) + 1);
    expect(answered.size).toBe(700);
    expect([...answered.values()].every((n) => n === 1)).toBe(true);
    // (The operator has not opened the bot yet in this test: a digest the minute job sends them meanwhile fails
    // with "chat not found", which is Telegram's answer, not a fault of the two instances.)
    expect(emu.calls.filter((c) => c.error && c.method !== "getUpdates" && c.payload.chat_id !== OPERATOR_ID)).toEqual([]);
  }, 180_000);

  it("sends each of 30 reminders once when both instances run the reminder job at the same time", async () => {
    const prisma = apps[0]!.db.prisma;
    const now = new Date();
    const mediatorUser = await userIdOf(prisma, FIRST_ID);
    const mediator = await prisma.mediator.create({
      data: { userId: mediatorUser, fullName: "Мәди Медиатор", kind: "public", languages: "kk,ru", specializations: "neighbours", modes: "in_person", maxOpenCases: 50, phone: "+77010000000", bio: "—", status: "active" },
    });
    const citizens = Array.from({ length: 30 }, (_, i) => FIRST_ID + 1 + i);
    for (const telegramId of citizens) {
      const request = await submitRequest(prisma, await userIdOf(prisma, telegramId), new Date(now.getTime() - 86_400_000));
      await prisma.mediationRequest.update({ where: { id: request.id }, data: { status: "accepted", mediatorId: mediator.id } });
      const appointment = await prisma.appointment.create({
        data: { requestId: request.id, status: "confirmed", mode: "in_person", slots: "[]", startsAt: new Date(now.getTime() + 86_400_000), proposedAt: now, confirmedAt: now },
      });
      await prisma.reminder.create({ data: { requestId: request.id, appointmentId: appointment.id, kind: "before_24h", recipient: "citizen", dueAt: new Date(now.getTime() - 60_000) } });
    }
    const before = emu.calls.length;
    // Both instances, several times each, all at once (their minute timers may join in too).
    await Promise.all([0, 1, 2].flatMap(() => apps.map((app) => app.jobs.sendReminders(now))));
    const sent = emu.calls.slice(before).filter((c) => c.method === "sendMessage" && !c.error);
    expect(sent).toHaveLength(30);
    expect(new Set(sent.map((c) => c.payload.chat_id))).toEqual(new Set(citizens));
    expect(await prisma.reminder.count({ where: { status: "sent" } })).toBe(30);
  }, 30_000);

  it("sends the operators' daily digest once when both instances reach DIGEST_TIME together", async () => {
    emu.addStartedUsers([{ id: OPERATOR_ID, first_name: "Operator", language_code: "ru" }]);
    const digestDay = new Date("2031-03-03T04:00:00Z"); // 09:00 in Asia/Almaty, after DIGEST_TIME 08:00
    const before = emu.calls.length;
    await Promise.all(apps.flatMap((app) => [app.jobs.dailyDigest(digestDay), app.jobs.dailyDigest(digestDay)]));
    const digests = emu.calls.slice(before).filter((c) => c.method === "sendMessage" && c.payload.chat_id === OPERATOR_ID && !c.error);
    expect(digests).toHaveLength(1);
  }, 30_000);
});
