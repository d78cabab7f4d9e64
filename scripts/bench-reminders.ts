// Benchmark of the reminder scan on SQLite: the SELECT with which claimDue finds the due rows
// (status = 'pending' AND dueAt <= now, through @@index([status, dueAt])) among millions of reminder rows.
//
//   npm run bench:reminders [-- --appointments 1000000 --due 100 --scans 50 --seed-seconds 120]
//
// Builds a fresh SQLite database in a temporary folder (migrations + Kazakhstan's 212 units), then seeds
// with raw SQL in big transactions (deterministic seed): appointments spread over 60 days around "now",
// each with its two "before" reminders (24 h and 2 h, one per side → 4 rows); reminders in the past are
// sent (a few missed or cancelled), those ahead pending, and exactly --due rows are pending and due.
// Seeding stops early when it passes --seed-seconds (the count seeded is printed). Then times --scans runs
// of claimDue's query through Prisma (the app's own code path) and of the same SQL on the raw driver, and
// prints EXPLAIN QUERY PLAN. The LAST line is one JSON object for machines. Timings only: nothing asserts.
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { openDatabase } from "../src/db/client.js";
import { migrate } from "../src/db/migrator.js";
import { createRegionRepository } from "../src/db/repositories/region-repository.js";
import { loadRegions } from "../src/db/regions/load-regions.js";
import { positiveInt, seeded, UsageError } from "./bench-support.js";

const NOW = Date.UTC(2026, 10, 30, 18, 0); // 23:00 in Almaty, 30 November 2026
const DAY = 86_400_000;
const BATCH = 50_000;
const REQUESTS = 10_000;


/** DateTime as Prisma's SQLite adapter stores it. */
const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const round = (n: number) => Math.round(n * 1000) / 1000;

async function main() {
  const { values } = parseArgs({ options: { appointments: { type: "string" }, due: { type: "string" }, scans: { type: "string" }, "seed-seconds": { type: "string" } } });
  const target = positiveInt(values.appointments, 1_000_000, "appointments");
  const dueCount = positiveInt(values.due, 100, "due");
  const scans = positiveInt(values.scans, 50, "scans");
  const seedBudgetMs = positiveInt(values["seed-seconds"], 120, "seed-seconds") * 1000;

  const dir = mkdtempSync(path.join(tmpdir(), "kelisim-bench-reminders-"));
  const file = path.join(dir, "bench.db");
  const url = `file:${file}`;
  try {
    await migrate(url);
    const app = openDatabase(url);
    await loadRegions(createRegionRepository(app.prisma));
    await app.close();

    const raw = new Database(file);
    raw.pragma("journal_mode = WAL");
    raw.pragma("synchronous = OFF"); // a throwaway database: seed speed, not durability
    const random = seeded(20261130);
    const seedStart = performance.now();

    // Requests (appointments need one; they cycle over these).
    raw.prepare("INSERT INTO User (telegramId, firstName, startedAt, createdAt, updatedAt) VALUES (1, 'Citizen', ?, ?, ?)").run(iso(NOW), iso(NOW), iso(NOW));
    const insertRequest = raw.prepare(
      `INSERT INTO MediationRequest (code, citizenId, status, category, otherParty, otherPartyAware, inCourt, rayonCode, mode, sessionLanguage, consentAt, submittedAt, createdAt, updatedAt)
       VALUES (?, 1, 'scheduled', 'neighbours', 'neighbour', 'knows', 0, 'akmola.burabay', 'in_person', 'kk', ?, ?, ?, ?)`,
    );
    raw.transaction(() => {
      for (let i = 1; i <= REQUESTS; i++) insertRequest.run(`KL-B${i.toString(36).toUpperCase()}`, iso(NOW - 90 * DAY), iso(NOW - 90 * DAY), iso(NOW), iso(NOW));
    })();

    const insertAppointment = raw.prepare(
      `INSERT INTO Appointment (id, requestId, status, round, mode, slots, startsAt, durationMinutes, proposedAt, confirmedAt, createdAt, updatedAt)
       VALUES (?, ?, 'confirmed', 1, 'in_person', '[]', ?, 60, ?, ?, ?, ?)`,
    );
    const insertReminder = raw.prepare(
      `INSERT INTO Reminder (requestId, appointmentId, kind, recipient, dueAt, status, sentAt, attempts, createdAt, updatedAt)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    let appointments = 0;
    let reminders = 0;
    let stoppedEarly = false;
    while (appointments < target) {
      if (performance.now() - seedStart > seedBudgetMs) {
        stoppedEarly = true;
        break;
      }
      const upTo = Math.min(target, appointments + BATCH);
      raw.transaction(() => {
        for (let id = appointments + 1; id <= upTo; id++) {
          const requestId = 1 + (id % REQUESTS);
          // Sessions from 45 days ago to 15 days ahead, on half-hour slots.
          const startsAt = NOW - 45 * DAY + Math.floor(random() * 60 * 48) * 1_800_000 + 5 * 60_000;
          const created = iso(startsAt - 3 * DAY);
          insertAppointment.run(id, requestId, iso(startsAt), created, created, created, created);
          for (const [kind, hours] of [["before_24h", 24], ["before_2h", 2]] as const) {
            const dueAt = startsAt - hours * 3_600_000;
            // In the past: done (mostly sent). Ahead: pending. The few due ones are added below.
            const past = dueAt <= NOW;
            const r = random();
            const status = !past ? "pending" : r < 0.97 ? "sent" : r < 0.99 ? "missed" : "cancelled";
            for (const recipient of ["citizen", "mediator"]) {
              insertReminder.run(requestId, id, kind, recipient, iso(dueAt), status, status === "sent" ? iso(dueAt + 30_000) : null, past ? 1 : 0, created, created);
              reminders++;
            }
          }
        }
      })();
      appointments = upTo;
    }
    // Exactly `dueCount` pending reminders that are due now (fell due in the last few minutes).
    raw.transaction(() => {
      for (let i = 0; i < dueCount; i++) {
        const id = 1 + Math.floor(random() * appointments);
        insertReminder.run(1 + (id % REQUESTS), id, "before_2h", i % 2 ? "citizen" : "mediator", iso(NOW - Math.floor(random() * 5 * 60_000)), "pending", null, 0, iso(NOW - DAY), iso(NOW - DAY));
        reminders++;
      }
    })();
    raw.exec("ANALYZE");
    const seedSeconds = (performance.now() - seedStart) / 1000;
    console.log(`seeded ${appointments.toLocaleString("en")} appointments and ${reminders.toLocaleString("en")} reminders in ${seedSeconds.toFixed(1)} s${stoppedEarly ? ` (stopped at the ${seedBudgetMs / 1000} s budget; ${target.toLocaleString("en")} asked)` : ""}`);

    // The scan exactly as claimDue runs it (through Prisma), and the same SQL on the raw driver.
    const sql = "SELECT id, requestId, appointmentId, kind, recipient, dueAt, attempts, claimedAt FROM Reminder WHERE status = 'pending' AND dueAt <= ? ORDER BY dueAt ASC LIMIT 100";
    const plan = raw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(iso(NOW)) as { detail: string }[];
    console.log("EXPLAIN QUERY PLAN:");
    for (const row of plan) console.log(`  ${row.detail}`);
    const usesIndex = plan.some((row) => /USING (COVERING )?INDEX Reminder_status_dueAt_idx/.test(row.detail));

    const db = openDatabase(url);
    const now = new Date(NOW);
    const scan = () =>
      db.prisma.reminder.findMany({
        where: { status: "pending", dueAt: { lte: now } }, orderBy: { dueAt: "asc" }, take: 100,
        select: { id: true, requestId: true, appointmentId: true, kind: true, recipient: true, dueAt: true, attempts: true, claimedAt: true },
      });
    for (let i = 0; i < 5; i++) await scan(); // warm-up
    const prismaTimes: number[] = [];
    let found = 0;
    for (let i = 0; i < scans; i++) {
      const t = performance.now();
      found = (await scan()).length;
      prismaTimes.push(performance.now() - t);
    }
    const statement = raw.prepare(sql);
    const rawTimes: number[] = [];
    for (let i = 0; i < scans; i++) {
      const t = performance.now();
      statement.all(iso(NOW));
      rawTimes.push(performance.now() - t);
    }
    await db.close();
    raw.close();
    prismaTimes.sort((a, b) => a - b);
    rawTimes.sort((a, b) => a - b);

    const figures = {
      appointments,
      reminders,
      due_found: found,
      scans,
      scan_ms: round(percentile(prismaTimes, 50)),
      scan_ms_p95: round(percentile(prismaTimes, 95)),
      raw_scan_ms: round(percentile(rawTimes, 50)),
      raw_scan_ms_p95: round(percentile(rawTimes, 95)),
      index_used: usesIndex,
      seed_s: Math.round(seedSeconds * 10) / 10,
      stopped_early: stoppedEarly,
    };
    console.log(`scan (Prisma, claimDue's query): p50 ${figures.scan_ms} ms, p95 ${figures.scan_ms_p95} ms — found ${found} due of ${reminders.toLocaleString("en")} rows`);
    console.log(`scan (raw SQL): p50 ${figures.raw_scan_ms} ms, p95 ${figures.raw_scan_ms_p95} ms; target < 50 ms; index used: ${usesIndex}`);
    console.log(JSON.stringify(figures));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof UsageError ? error.message : error);
  process.exit(1);
});
