// The fetch grammY's handlers call the Bot API with (src/bot/api/lean-fetch.ts), against a local HTTP server:
// JSON and multipart bodies arrive whole, error answers are still read as JSON, and an abort, a dropped
// connection or a non-JSON answer reject (grammY turns each into an HttpError, as with node-fetch).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { AbortController } from "abort-controller";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Api, HttpError, InputFile } from "grammy";
import { leanFetch } from "../../src/bot/api/lean-fetch.js";

interface Seen {
  method: string;
  contentType: string;
  contentLength: string | undefined;
  body: string;
}

describe("lean fetch", () => {
  let server: http.Server;
  let root: string;
  const seen: Seen[] = [];
  const agent = new http.Agent({ keepAlive: true });

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        seen.push({ method: req.method ?? "", contentType: req.headers["content-type"] ?? "", contentLength: req.headers["content-length"], body });
        if (req.url?.endsWith("/hang")) return; // never answers
        if (req.url?.endsWith("/drop")) {
          res.writeHead(200, { "content-type": "application/json" });
          res.write('{"ok":tr');
          setTimeout(() => res.destroy(), 20);
          return;
        }
        if (req.url?.endsWith("/html")) return void res.writeHead(502, { "content-type": "text/html" }).end("<h1>Bad gateway</h1>");
        if (req.url?.endsWith("/sendMessage") && body.includes('"text":"forbidden"')) {
          return void res.writeHead(403, { "content-type": "application/json" }).end(JSON.stringify({ ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" }));
        }
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, result: { echoed: body.length, text: "Сәлем" } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    agent.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it("posts a JSON string with its UTF-8 length and reads the JSON answer", async () => {
    const body = JSON.stringify({ chat_id: 1, text: "Қош келдіңіз" });
    const res = await leanFetch(`${root}/bot1:x/sendMessage`, { method: "POST", headers: { "content-type": "application/json" }, body, agent });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, result: { echoed: body.length, text: "Сәлем" } });
    expect(seen.at(-1)).toMatchObject({ method: "POST", contentType: "application/json", contentLength: String(Buffer.byteLength(body)), body });
  });

  it("through grammY: a JSON call, an error answer as GrammyError, a file as multipart", async () => {
    const api = new Api("1:x", { apiRoot: root, fetch: leanFetch as unknown as typeof fetch });
    expect(await api.raw.sendMessage({ chat_id: 1, text: "hi" })).toMatchObject({ text: "Сәлем" });
    await expect(api.sendMessage(1, "forbidden")).rejects.toMatchObject({ error_code: 403, description: "Forbidden: bot was blocked by the user" });
    await api.sendDocument(1, new InputFile(Buffer.from("poster bytes"), "poster.pdf"));
    const upload = seen.at(-1)!;
    expect(upload.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(upload.body).toContain("poster bytes");
    expect(upload.body).toContain("filename=poster.pdf");
  });

  it("pipes a stream body", async () => {
    const res = await leanFetch(`${root}/bot1:x/upload`, { method: "POST", body: Readable.from(["part one, ", "part two"]) });
    await res.json();
    expect(seen.at(-1)!.body).toBe("part one, part two");
  });

  it("rejects on abort, before or during the call", async () => {
    const before = new AbortController();
    before.abort();
    await expect(leanFetch(`${root}/bot1:x/getMe`, { signal: before.signal })).rejects.toMatchObject({ name: "AbortError" });
    const during = new AbortController();
    const call = leanFetch(`${root}/bot1:x/hang`, { method: "POST", body: "{}", signal: during.signal });
    setTimeout(() => during.abort(), 30);
    await expect(call).rejects.toMatchObject({ name: "AbortError" });
  });

  it("rejects when the connection drops mid-answer, and a non-JSON answer fails in json(); grammY makes both an HttpError", async () => {
    await expect(leanFetch(`${root}/bot1:x/drop`, { method: "POST", body: "{}" })).rejects.toThrow();
    const html = await leanFetch(`${root}/bot1:x/html`, { method: "POST", body: "{}" });
    expect(html.status).toBe(502);
    await expect(html.json()).rejects.toThrow(SyntaxError);
    const api = new Api("1:x", { apiRoot: root, fetch: leanFetch as unknown as typeof fetch, buildUrl: (r, t) => `${r}/bot${t}/html` });
    await expect(api.getMe()).rejects.toBeInstanceOf(HttpError);
  });
});
