import { afterEach, describe, expect, it } from "vitest";
import type { Logger } from "../../src/logger.js";
import { startHealthServer } from "../../src/server/health-server.js";
import { startFlow, type Flow } from "../support/flow.js";

let flow: Flow | undefined;
afterEach(async () => {
  await flow?.stop();
  flow = undefined;
});

describe("health endpoints", () => {
  it("/healthz says the process is up; /readyz that the database answers and is migrated", async () => {
    flow = await startFlow();
    const base = `http://127.0.0.1:${flow.app.healthPort}`;
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready" });
    expect((await fetch(`${base}/nothing`)).status).toBe(404);
    expect((await fetch(`${base}/healthz`, { method: "POST" })).status).toBe(405);
  });

  it("/readyz is 503 when the migrations are not in order", async () => {
    flow = await startFlow();
    const base = `http://127.0.0.1:${flow.app.healthPort}`;
    // A migration row marked as never finished: the migrator refuses, so readiness must too.
    await flow.app.db.prisma.$executeRawUnsafe(`UPDATE _prisma_migrations SET finished_at = NULL`);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    // Generic words only: the detail (migration names, database hosts) goes to the log (security review L6).
    const body = (await ready.json()) as { status: string; problem: string };
    expect(body.status).toBe("not ready");
    expect(["database unavailable", "migrations pending"]).toContain(body.problem);
    expect(Object.keys(body).sort()).toEqual(["problem", "status"]);
  });

  it("/readyz says only \"database unavailable\" when the database does not answer, and logs the detail", async () => {
    const lines: string[] = [];
    const logger = { info: () => undefined, warn: (o: object, m: string) => lines.push(JSON.stringify({ ...o, m })), error: () => undefined } as unknown as Logger;
    const server = await startHealthServer({
      host: "127.0.0.1", port: 0, logger,
      ready: async () => { throw new Error("connect ECONNREFUSED db.internal.example:5432 (user kelisim)"); },
    });
    try {
      const ready = await fetch(`http://127.0.0.1:${server.port}/readyz`);
      expect(ready.status).toBe(503);
      const text = await ready.text();
      expect(JSON.parse(text)).toEqual({ status: "not ready", problem: "database unavailable" });
      expect(text).not.toContain("db.internal");
      expect(lines.join("\n")).toContain("db.internal.example");
    } finally {
      await server.close();
    }
  });
});

describe("metrics", () => {
  it("/metrics counts updates by kind, handler time and Bot API calls by method, without personal data", async () => {
    flow = await startFlow();
    const user = flow.emu.user({ id: 9801, first_name: "Секретное Имя", language_code: "ru" });
    await user.sendText("/start");
    await user.waitForReply();
    const response = await fetch(`http://127.0.0.1:${flow.app.healthPort}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(/kelisim_updates_total\{kind="message"\} [1-9]/);
    expect(text).toMatch(/kelisim_handler_seconds_count\{kind="message"\} [1-9]/);
    expect(text).toMatch(/kelisim_bot_api_calls_total\{method="sendMessage"\} [1-9]/);
    expect(text).toContain("kelisim_process_resident_memory_bytes");
    expect(text).not.toContain("Секретное");
    expect(text).not.toContain("9801");
  });
});
