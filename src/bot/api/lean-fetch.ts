// The `fetch` grammY calls the Bot API with (client option `fetch`), on node:http(s) directly. grammY's default,
// node-fetch, builds a Headers object, a Request, a body stream and a Response for every call: about 6% of the
// bot's CPU in `npm run bench` (issue #17), and garbage. grammY needs little of fetch: it POSTs a JSON string or
// a multipart stream (files), passes its keep-alive agent and an abort signal in the options, and calls
// `.json()` on the answer, whatever its status (the Bot API answers errors in JSON too). That is all this does.
// Anything else (a non-JSON answer, a broken connection, an abort) rejects, and grammY turns it into an
// HttpError exactly as before, so retries (auto-retry) behave the same.
import http from "node:http";
import https from "node:https";
import type { Readable } from "node:stream";

interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: "abort", listener: () => void): void;
  removeEventListener(type: "abort", listener: () => void): void;
}

interface FetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Readable | null;
  signal?: AbortSignalLike | null;
  agent?: http.Agent | ((url: URL) => http.Agent);
}

export interface LeanResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  json(): Promise<unknown>;
  text(): Promise<string>;
}

const isReadable = (body: unknown): body is Readable => typeof body === "object" && body !== null && typeof (body as Readable).pipe === "function";

class AbortError extends Error {
  override readonly name = "AbortError";
}

export function leanFetch(input: string | URL, init: FetchInit = {}): Promise<LeanResponse> {
  return new Promise<LeanResponse>((resolve, reject) => {
    const url = typeof input === "string" ? new URL(input) : input;
    const signal = init.signal ?? undefined;
    if (signal?.aborted) return reject(new AbortError("The operation was aborted."));
    const transport = url.protocol === "https:" ? https : url.protocol === "http:" ? http : undefined;
    if (!transport) return reject(new TypeError(`Only http(s) URLs are supported (got ${url.protocol})`));
    const headers: Record<string, string | number> = { ...init.headers };
    const body = init.body ?? undefined;
    if (typeof body === "string") headers["content-length"] = Buffer.byteLength(body);
    const agent = typeof init.agent === "function" ? init.agent(url) : init.agent;
    let settled = false;
    const onAbort = () => request.destroy(new AbortError("The operation was aborted."));
    const done = () => signal?.removeEventListener("abort", onAbort);
    const fail = (error: Error) => {
      done();
      if (!settled) {
        settled = true;
        reject(error);
      }
    };
    const request = transport.request(url, { method: init.method ?? "GET", headers, ...(agent ? { agent } : {}) }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", fail);
      response.on("close", () => fail(new Error("The connection closed before the answer ended.")));
      response.on("end", () => {
        done();
        if (settled) return;
        settled = true;
        const text = Buffer.concat(chunks).toString("utf8");
        const status = response.statusCode ?? 0;
        resolve({
          ok: status >= 200 && status < 300,
          status,
          statusText: response.statusMessage ?? "",
          json: async () => JSON.parse(text) as unknown,
          text: async () => text,
        });
      });
    });
    request.on("error", fail);
    signal?.addEventListener("abort", onAbort);
    if (isReadable(body)) {
      body.on("error", (error: Error) => request.destroy(error));
      body.pipe(request);
    } else request.end(body);
  });
}
