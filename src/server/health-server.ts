// Health endpoints for orchestrators (Docker HEALTHCHECK, Kubernetes probes), in every mode:
//   GET /healthz — the process is up;
//   GET /readyz  — the database answers and every committed migration is applied (the answer names the
//                  problem in generic words only; the detail, which can hold host names, goes to the log);
//   GET /metrics — Prometheus metrics;
//   POST <webhook path> — in webhook mode, Telegram's updates (src/server/webhook-handler.ts), on the same port.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";
import type { Logger } from "../logger.js";

/** Why the instance is not ready: `problem` is what /readyz answers, `detail` only goes to the log. */
export interface NotReady {
  problem: "database unavailable" | "migrations pending";
  detail?: string;
}

export interface ReadinessCheck {
  /** Resolves with null when ready; returns the reason (or rejects: "database unavailable") when not. */
  (): Promise<NotReady | null>;
}

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

export interface WebhookRoute {
  path: string;
  handle(req: IncomingMessage, res: ServerResponse): void;
}

export async function startHealthServer(options: { host: string; port: number; ready: ReadinessCheck; logger: Logger; metrics?: Registry; webhook?: WebhookRoute }): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    if (options.webhook && req.method === "POST" && req.url?.split("?")[0] === options.webhook.path) return options.webhook.handle(req, res);
    const reply = (status: number, body: Record<string, unknown>) => {
      res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify(body));
    };
    if (req.method !== "GET") return reply(405, { error: "method not allowed" });
    if (req.url === "/healthz") return reply(200, { status: "ok" });
    if (req.url === "/metrics" && options.metrics) {
      const registry = options.metrics;
      registry.metrics().then((text) => {
        res.writeHead(200, { "content-type": registry.contentType });
        res.end(text);
      }, (error: Error) => {
        options.logger.error({ err: error.message }, "rendering metrics failed");
        reply(500, { error: "metrics unavailable" });
      });
      return;
    }
    if (req.url === "/readyz") {
      const notReady = (reason: NotReady) => {
        options.logger.warn({ problem: reason.problem, detail: reason.detail }, "not ready");
        reply(503, { status: "not ready", problem: reason.problem });
      };
      options.ready().then(
        (reason) => (reason ? notReady(reason) : reply(200, { status: "ready" })),
        (error: Error) => notReady({ problem: "database unavailable", detail: error.message }),
      );
      return;
    }
    reply(404, { error: "not found" });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  options.logger.info({ port }, "health endpoints listening");
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
