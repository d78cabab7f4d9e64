// HTTP transport: routes `POST /bot<token>/<method>` to dispatch() and serves
// file downloads from `/file/bot<token>/<file_path>`, like api.telegram.org.
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { EmulatorCore } from "./core.js";
import { dispatch } from "./dispatch.js";
import { ApiError, Errors } from "./errors.js";
import { decodeBody } from "./params.js";

const MAX_BODY = 50 * 1024 * 1024; // Telegram's upload limit for bots

export class ApiServer {
  private readonly server = http.createServer((req, res) => void this.handle(req, res));
  /** Responses still being produced; close() lets them finish before cutting connections. */
  private readonly inflight = new Set<ServerResponse>();

  constructor(private readonly core: EmulatorCore) {}

  async listen(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(0, "127.0.0.1", resolve);
    });
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** Waits briefly for in-flight answers (e.g. just-ended long polls), then drops every connection. */
  async close(): Promise<void> {
    const deadline = Date.now() + 250;
    while (this.inflight.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // Keep-alive sockets (grammY uses an agent with keepAlive) would hold close() open.
    this.server.closeAllConnections();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.inflight.add(res);
    res.on("close", () => this.inflight.delete(res));
    try {
      const url = new URL(req.url ?? "/", "http://emulator");
      const api = /^\/bot([^/]+)\/([A-Za-z0-9_]+)\/?$/.exec(url.pathname);
      const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
      if (api) await this.handleApi(req, res, api[1]!, api[2]!, url.searchParams);
      else if (file) this.handleFile(res, file[1]!, decodeURIComponent(file[2]!));
      else send(res, Errors.notFound());
    } catch (e) {
      send(res, e instanceof ApiError ? e : new ApiError(500, `Internal Server Error: ${(e as Error).message}`));
    }
  }

  private async handleApi(req: IncomingMessage, res: ServerResponse, token: string, method: string, query: URLSearchParams): Promise<void> {
    if (this.core.token !== undefined && token !== this.core.token) return send(res, Errors.unauthorized());
    const params = decodeBody(req.headers["content-type"], await readBody(req), query);
    const answer = await dispatch(this.core, method, params, {
      // "close" before the answer was written means the client gave up (aborted fetch).
      onAbort: (cb) => {
        if (res.destroyed || req.socket.destroyed) cb();
        else res.on("close", () => !res.writableEnded && cb());
      },
    });
    send(res, answer);
  }

  private handleFile(res: ServerResponse, token: string, path: string): void {
    if (this.core.token !== undefined && token !== this.core.token) return send(res, Errors.unauthorized());
    const file = this.core.files.atPath(path);
    if (!file?.content) return send(res, Errors.notFound());
    res.writeHead(200, { "content-type": file.mimeType ?? "application/octet-stream", "content-length": file.content.length });
    res.end(file.content);
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) reject(new ApiError(413, "Request Entity Too Large"));
      else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, answer: { ok: true; result: unknown } | ApiError): void {
  if (res.writableEnded || res.destroyed) return;
  const status = answer instanceof ApiError ? answer.code : 200;
  const body = JSON.stringify(answer instanceof ApiError ? answer.toJSON() : answer);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}
