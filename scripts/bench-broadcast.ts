// Benchmark of broadcast delivery: --recipients people (default 10,000) receive one message through the
// Bot API emulator enforcing Telegram's real limits (30 msg/s overall, 1 msg/s per chat, 429 with
// retry_after beyond them), sent by the app's own engine (runBroadcasts + the paced broadcast Api).
//
//   npm run bench:broadcast [-- --recipients 10000 --concurrency 8]
//
// Prints achieved messages/s and its ratio to 30 msg/s (target ≥ 0.9), the 429s received after the first
// second (target 0) and duplicates (must be 0). At 28 msg/s, 10,000 recipients take about 6 minutes.
// The LAST line is one JSON object for machines.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createBroadcastApi } from "../src/bot/api/broadcast-api.js";
import { openDatabase } from "../src/db/client.js";
import { migrate } from "../src/db/migrator.js";
import { createBroadcastRepository } from "../src/db/repositories/broadcast-repository.js";
import { createUserRepository } from "../src/db/repositories/user-repository.js";
import { runBroadcasts } from "../src/jobs/run-broadcasts.js";
import { createLogger } from "../src/logger.js";
import { startBotApiEmulator } from "../test/support/bot-api-emulator/index.js";
import { positiveInt, UsageError } from "./bench-support.js";

const LIMIT = 30;
const FIRST_ID = 1_000_000;

async function main() {
  const { values } = parseArgs({ options: { recipients: { type: "string" }, concurrency: { type: "string" } } });
  const recipients = positiveInt(values.recipients, 10_000, "--recipients");
  const concurrency = positiveInt(values.concurrency, 8, "--concurrency");
  const dir = mkdtempSync(path.join(tmpdir(), "kelisim-bench-broadcast-"));
  const url = `file:${path.join(dir, "bench.db")}`;
  const emu = await startBotApiEmulator({ rateLimits: { perSecond: LIMIT, perChatPerSecond: 1 } });
  try {
    await migrate(url);
    const db = openDatabase(url);
    const logger = createLogger("silent");
    const ids = Array.from({ length: recipients }, (_, i) => FIRST_ID + i);
    await db.prisma.user.createMany({ data: ids.map((id) => ({ telegramId: BigInt(id), firstName: `R${id}`, locale: "kk" })) });
    emu.addStartedUsers(ids.map((id) => ({ id, first_name: `R${id}` })));
    const broadcasts = createBroadcastRepository(db.prisma);
    const creator = await db.prisma.user.findFirstOrThrow({ select: { id: true } });
    const now = new Date();
    const { id } = await broadcasts.create(
      { audience: "everyone", oblastCodes: [], languages: [], createdById: creator.id, text: "<b>Kelisim</b>: benchmark", photoFileId: null, scheduledAt: null, progressChatId: null },
      "kk",
      now,
    );
    console.log(`${recipients.toLocaleString("en")} recipients; limit ${LIMIT} msg/s overall, 1 msg/s per chat; expected ≈ ${Math.ceil(recipients / 28)} s`);

    const api = createBroadcastApi("123456:BENCH", emu.apiRoot, { users: createUserRepository(db.prisma), logger });
    const ticker = setInterval(() => {
      const sent = [...emu.deliveredCounts().values()].reduce((a, b) => a + b, 0);
      console.log(`  … ${sent.toLocaleString("en")} sent`);
    }, 30_000);
    await runBroadcasts({ broadcasts, api, logger, concurrency, renderProgress: async () => ({ text: "" }) }, now);
    clearInterval(ticker);

    const sends = emu.calls.filter((c) => c.method === "sendMessage");
    const ok = sends.filter((c) => !c.error);
    const first = sends[0]?.at ?? 0;
    const last = ok.at(-1)?.at ?? first;
    const seconds = Math.max(0.001, (last - first) / 1000);
    // n messages spread over the time between the first and the last: n - 1 intervals.
    const rate = ok.length > 1 ? (ok.length - 1) / seconds : ok.length;
    const late429s = emu.rateLimitedAt().filter((t) => t > first + 1000).length;
    const duplicates = [...emu.deliveredCounts().values()].reduce((n, c) => n + Math.max(0, c - 1), 0);
    const counts = await broadcasts.counts(id);
    await db.close();

    const figures = {
      recipients,
      msgs_per_s: Math.round(rate * 100) / 100,
      ratio_to_limit: Math.round((rate / LIMIT) * 1000) / 1000,
      late_429s: late429s,
      duplicates,
    };
    console.log(`delivered ${counts.sent.toLocaleString("en")} (blocked ${counts.blocked}, failed ${counts.failed}) in ${seconds.toFixed(1)} s`);
    console.log(`achieved ${figures.msgs_per_s} msg/s — ${figures.ratio_to_limit} of ${LIMIT} msg/s (target ≥ 0.9)`);
    console.log(`429s after the first second: ${late429s} (target 0); 429s in all: ${emu.rateLimitedAt().length}; duplicates: ${duplicates} (must be 0)`);
    console.log(JSON.stringify(figures));
  } finally {
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof UsageError ? error.message : error);
  process.exit(1);
});
