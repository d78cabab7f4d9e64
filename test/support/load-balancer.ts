// A minimal HTTP load balancer for tests of several webhook instances: posts are forwarded round-robin to
// the upstreams (path, headers and body unchanged). `mirrorEvery: n` also sends every n-th request to every
// upstream at the same moment — the same update reaching two instances at once, the hardest case for
// deduplication. The answer is the first upstream's. Before upstreams are set, posts get 502 (Telegram, or
// the emulator, retries them).
import { createServer, request, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface LoadBalancer {
  url: string;
  setUpstreams(origins: string[]): void;
  /** Requests forwarded per upstream origin (mirrored copies included). */
  forwarded(): Map<string, number>;
  close(): Promise<void>;
}

export async function startLoadBalancer(opts: { mirrorEvery?: number } = {}): Promise<LoadBalancer> {
  let upstreams: string[] = [];
  let next = 0;
  let received = 0;
  const forwarded = new Map<string, number>();

  const forward = (origin: string, path: string, headers: IncomingHttpHeaders, body: Buffer) =>
    new Promise<{ status: number; body: Buffer }>((resolve) => {
      forwarded.set(origin, (forwarded.get(origin) ?? 0) + 1);
      const req = request(new URL(path, origin), { method: "POST", headers: { ...headers, host: new URL(origin).host } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 502, body: Buffer.concat(chunks) }));
        res.on("error", () => resolve({ status: 502, body: Buffer.alloc(0) }));
      });
      req.on("error", () => resolve({ status: 502, body: Buffer.alloc(0) }));
      req.end(body);
    });

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        if (upstreams.length === 0) {
          res.writeHead(502).end();
          return;
        }
        const body = Buffer.concat(chunks);
        const mirror = opts.mirrorEvery !== undefined && ++received % opts.mirrorEvery === 0;
        const first = upstreams[next++ % upstreams.length]!;
        const targets = mirror ? [first, ...upstreams.filter((u) => u !== first)] : [first];
        const [answer] = await Promise.all(targets.map((origin) => forward(origin, req.url ?? "/", req.headers, body)));
        res.writeHead(answer!.status, { "content-type": "application/json" }).end(answer!.body);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    setUpstreams: (origins) => (upstreams = [...origins]),
    forwarded: () => new Map(forwarded),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
