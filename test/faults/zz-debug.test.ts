import { it } from "vitest";
import { startBotApiEmulator } from "../support/bot-api-emulator/index.js";
import { freshSqlite } from "../support/databases.js";
import { botProcess } from "./bot-process.js";
it("debug", async () => {
  const emu = await startBotApiEmulator();
  const db = freshSqlite();
  const bot = botProcess(emu, { BOT_TOKEN: "123456:TEST", BOT_API_ROOT: emu.apiRoot, DATABASE_URL: db.url });
  await bot.start();
  const u = emu.user({ id: 100, first_name: "A", language_code: "en" });
  for (let i = 0; i < 5; i++) {
    await u.sendText("/start");
    await new Promise((r) => setTimeout(r, i * 150));
    await bot.kill();
    await bot.start();
    const t = Date.now();
    const got = await u.waitForReply({ timeoutMs: 8000 }).then((m) => m.length, () => -1);
    console.log(i, "replies after restart", got, Date.now() - t, "pending", emu.pendingUpdates());
  }
  await bot.stop(); await emu.close(); await db.drop();
}, 120_000);
