// The playground: the real app (startApp, same bot code as production) against the Bot API emulator, with a
// hand-moved clock, a throw-away SQLite folder and demo data; plus the JSON API the browser page talks to.
// Only the API root and the clock source differ from `npm start`. Nothing in src/ imports this folder.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startApp, type RunningApp } from "../src/app.js";
import { createConfig, SUPPORTED_LOCALES, type Locale } from "../src/config.js";
import { createLogger } from "../src/logger.js";
import { startBotApiEmulator } from "../test/support/bot-api-emulator/index.js";
import type { BotApiEmulator, ChatMessage, EmulatedUser } from "../test/support/bot-api-emulator/types.js";
import { EmulatedUserImpl } from "../test/support/bot-api-emulator/user.js";
import { renderTelegramHtml } from "./sanitize.js";
import { demoVillages, PANE_PEOPLE, PANES, seed, type PaneName } from "./seed.js";

const PUBLIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "public");
const STATIC: Record<string, { file: string; type: string }> = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/app.js": { file: "app.js", type: "text/javascript; charset=utf-8" },
  "/style.css": { file: "style.css", type: "text/css; charset=utf-8" },
};
const HOUR = 3_600_000;
const STEPS: Record<string, number> = { "1h": HOUR, "1d": 24 * HOUR };

export interface PlaygroundOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Where the clock starts (default: now). */
  startAt?: Date;
  /** How often the page polls /api/chats (ms). */
  pollMs?: number;
  /** Languages of the panes at start and after reset. */
  locales?: Partial<Record<PaneName, Locale>>;
  logLevel?: string;
}

export interface Playground {
  url: string;
  now(): Date;
  close(): Promise<void>;
}

interface World {
  emu: BotApiEmulator;
  app: RunningApp;
  dir: string;
  users: Record<PaneName, EmulatedUser>;
}

export interface PaneView {
  pane: PaneName;
  name: string;
  locale: Locale;
  messages: Array<{
    id: number;
    fromBot: boolean;
    kind: ChatMessage["kind"];
    html: string;
    edited: boolean;
    time: string;
    buttons: Array<Array<{ text: string; kind: "callback" | "url"; url?: string }>>;
    /** Invitation codes (start=inv_…) in the message or its links: the page offers to open them in the other party's pane. */
    invitations: string[];
    attachment?: { kind: "document" | "photo" | "voice" | "sticker" | "location" | "contact"; label: string; image?: string };
  }>;
  replyKeyboard?: Array<Array<{ text: string; request?: "contact" | "location" }>>;
}

export async function startPlayground(options: PlaygroundOptions = {}): Promise<Playground> {
  let clock = (options.startAt ?? new Date()).getTime();
  const now = () => new Date(clock);
  const initialLocales: Record<PaneName, Locale> = { citizen: "kk", mediator: "kk", operator: "kk", other: "kk", ...options.locales };
  const locales = { ...initialLocales };
  const logger = createLogger((options.logLevel ?? "silent") as never);
  let world: World | undefined;
  let busy: Promise<unknown> = Promise.resolve();

  /** One change at a time: acts, clock moves and resets never interleave. */
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = busy.then(task, task);
    busy = run.catch(() => undefined);
    return run;
  };

  async function boot(): Promise<World> {
    const emu = await startBotApiEmulator({ now: () => clock });
    const dir = mkdtempSync(path.join(tmpdir(), "kelisim-playground-"));
    const config = createConfig({
      BOT_TOKEN: "123456:PLAYGROUND",
      BOT_API_ROOT: emu.apiRoot,
      DATABASE_URL: `file:${path.join(dir, "kelisim.db")}`,
      OPERATOR_IDS: String(PANE_PEOPLE.operator.id),
      LOG_LEVEL: options.logLevel ?? "silent",
      HTTP_PORT: "0",
      HTTP_HOST: "127.0.0.1",
    });
    const app = await startApp(config, { logger, now });
    await seed(app, emu, locales);
    const users = Object.fromEntries(PANES.map((p) => [p, emu.user(PANE_PEOPLE[p])])) as Record<PaneName, EmulatedUser>;
    return { emu, app, dir, users };
  }

  async function shutdown(w: World | undefined): Promise<void> {
    if (!w) return;
    await w.app.stop();
    await w.emu.close();
    rmSync(w.dir, { recursive: true, force: true });
  }

  world = await boot();
  const current = (): World => {
    if (!world) throw new Error("the playground is restarting");
    return world;
  };

  function view(pane: PaneName): PaneView {
    const user = current().users[pane];
    const fmt = new Intl.DateTimeFormat("ru-RU", { timeZone: "Asia/Almaty", hour: "2-digit", minute: "2-digit" });
    const keyboard = user instanceof EmulatedUserImpl ? user.replyKeyboard() : undefined;
    return {
      pane,
      name: [PANE_PEOPLE[pane].first_name, PANE_PEOPLE[pane].last_name].join(" "),
      locale: locales[pane],
      messages: user.messages().map((m) => ({
        id: m.messageId,
        fromBot: m.fromBot,
        kind: m.kind,
        html: renderTelegramHtml(m.html ?? m.text ?? "", m.html !== undefined ? m.parseMode : undefined),
        edited: m.edited,
        time: fmt.format(new Date(m.date * 1000)),
        buttons:
          m.replyMarkup && "inline_keyboard" in m.replyMarkup
            ? m.replyMarkup.inline_keyboard.map((row) => row.map((b) => ("url" in b && b.url ? { text: b.text, kind: "url" as const, url: b.url } : { text: b.text, kind: "callback" as const })))
            : [],
        invitations: invitationPayloads(m),
        ...attachment(m),
      })),
      ...(keyboard
        ? {
            replyKeyboard: keyboard.keyboard.map((row) =>
              row.map((b) => {
                if (typeof b === "string") return { text: b };
                const request = "request_contact" in b && b.request_contact ? "contact" : "request_location" in b && b.request_location ? "location" : undefined;
                return request ? { text: b.text, request } : { text: b.text };
              }),
            ),
          }
        : {}),
    };
  }

  async function act(body: Record<string, unknown>): Promise<void> {
    const pane = body.pane as PaneName;
    if (!PANES.includes(pane)) throw new HttpError(400, `unknown pane ${String(body.pane)}`);
    const user = current().users[pane];
    switch (body.action) {
      case "text": {
        const text = String(body.text ?? "").trim();
        if (!text) throw new HttpError(400, "empty text");
        return user.sendText(text);
      }
      case "tap":
        return user.tap(String(body.text), typeof body.messageId === "number" ? { messageId: body.messageId } : {});
      case "reply":
        return user.pressReplyButton(String(body.text));
      case "contact":
        return user.sendContact(PANE_PEOPLE[pane].phone_number);
      case "location": {
        const lat = Number(body.latitude);
        const lon = Number(body.longitude);
        if (!Number.isFinite(lat) || !Number.isFinite(lon)) throw new HttpError(400, "latitude and longitude are required");
        return user.sendLocation(lat, lon);
      }
      default:
        throw new HttpError(400, `unknown action ${String(body.action)}`);
    }
  }

  async function advance(step: string): Promise<Record<string, unknown>> {
    const ms = STEPS[step];
    if (ms === undefined) throw new HttpError(400, `advance must be one of ${Object.keys(STEPS).join(", ")}`);
    clock += ms;
    const at = now();
    const { jobs } = current().app;
    // The same jobs the scheduler runs every minute, with the new time.
    const expired = await jobs.expireOffers(at);
    const reminders = await jobs.sendReminders(at);
    const digest = await jobs.dailyDigest(at);
    // After the session: "Was this done?" the morning after a term's due date, and the day-25 procedure reminder.
    const termChecks = await jobs.sendTermChecks(at);
    const procedure = await jobs.procedureClock(at);
    return { now: at.toISOString(), expired, reminders, digest, termChecks, procedure };
  }

  async function setLanguage(body: Record<string, unknown>): Promise<void> {
    const pane = body.pane as PaneName;
    const locale = body.locale as Locale;
    if (!PANES.includes(pane) || !SUPPORTED_LOCALES.includes(locale)) throw new HttpError(400, "pane and locale (kk, ru, en) are required");
    locales[pane] = locale;
    // As /language would: the person's saved language, which the bot reads on every update.
    await current().app.db.prisma.user.updateMany({ where: { telegramId: BigInt(PANE_PEOPLE[pane].id) }, data: { locale } });
  }

  async function reset(): Promise<void> {
    const old = world;
    world = undefined;
    await shutdown(old);
    clock = (options.startAt ?? new Date()).getTime();
    Object.assign(locales, initialLocales);
    world = await boot();
  }

  const api: Record<string, (body: Record<string, unknown>) => Promise<unknown>> = {
    "GET /api/chats": async () => {
      // The language each person chose (in the chat with /language, or with the pane's selector).
      const rows = await current().app.db.prisma.user.findMany({ where: { telegramId: { in: PANES.map((p) => BigInt(PANE_PEOPLE[p].id)) } }, select: { telegramId: true, locale: true } });
      for (const p of PANES) {
        const saved = rows.find((r) => r.telegramId === BigInt(PANE_PEOPLE[p].id))?.locale;
        if (saved && (SUPPORTED_LOCALES as readonly string[]).includes(saved)) locales[p] = saved as Locale;
      }
      return { now: now().toISOString(), panes: PANES.map(view) };
    },
    "GET /api/config": async () => ({ pollMs: options.pollMs ?? 500, villages: demoVillages(), locales: SUPPORTED_LOCALES }),
    "POST /api/act": (body) => serial(async () => { await act(body); await settle(); return { ok: true }; }),
    "POST /api/clock": (body) => serial(async () => { const result = await advance(String(body.advance)); await settle(); return result; }),
    "POST /api/reset": () => serial(async () => { await reset(); return { ok: true }; }),
    "POST /api/language": (body) => serial(async () => { await setLanguage(body); return { ok: true }; }),
  };

  /** Gives the bot a moment to react so the next poll already shows the answer. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

  const server = createServer((req, res) => void handle(req, res));
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://playground");
    try {
      const file = req.method === "GET" ? STATIC[url.pathname] : undefined;
      if (file) {
        res.writeHead(200, { "content-type": file.type, "cache-control": "no-store" });
        res.end(readFileSync(path.join(PUBLIC_DIR, file.file)));
        return;
      }
      const route = api[`${req.method} ${url.pathname}`];
      if (!route) throw new HttpError(404, "not found");
      const body = req.method === "POST" ? await readJson(req) : {};
      send(res, 200, await route(body));
    } catch (error) {
      const status = error instanceof HttpError ? error.status : 500;
      send(res, status, { error: (error as Error).message });
    }
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.address}:${address.port}/`,
    now,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await busy;
      const w = world;
      world = undefined;
      await shutdown(w);
    },
  };
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw new HttpError(413, "body too large");
    chunks.push(chunk as Buffer);
  }
  if (chunks.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error();
    return parsed as Record<string, unknown>;
  } catch {
    throw new HttpError(400, "the body must be a JSON object");
  }
}

/** A photo the bot uploaded (a chart, the coverage map), shown in the pane: PNG or JPEG bytes as a data URL, up to 2 MB. */
function photoSource(content: Buffer | undefined): { image?: string } {
  if (!content || content.length > 2 * 1024 * 1024) return {};
  const png = content.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const jpeg = content[0] === 0xff && content[1] === 0xd8;
  if (!png && !jpeg) return {};
  return { image: `data:image/${png ? "png" : "jpeg"};base64,${content.toString("base64")}` };
}

/** "inv_<code>" payloads of t.me deep links in a message's text or its URL buttons (share links carry them encoded). */
function invitationPayloads(m: ChatMessage): string[] {
  const urls = m.replyMarkup && "inline_keyboard" in m.replyMarkup ? m.replyMarkup.inline_keyboard.flat().flatMap((b) => ("url" in b && b.url ? [b.url] : [])) : [];
  const haystack = [m.text ?? "", ...urls.map((u) => { try { return decodeURIComponent(u); } catch { return u; } })].join("\n");
  return [...new Set([...haystack.matchAll(/[?&]start=(inv_[A-Za-z0-9]+)/g)].map((match) => match[1]!))];
}

function attachment(m: ChatMessage): { attachment?: PaneView["messages"][number]["attachment"] } {
  const kb = (size: number) => `${Math.max(1, Math.round(size / 1024))} KB`;
  switch (m.kind) {
    case "document":
      return { attachment: { kind: "document", label: `📄 ${m.document?.fileName ?? "file"} · ${kb(m.document?.size ?? 0)}` } };
    case "photo": {
      const label = `🖼 ${m.photo?.fileName ?? "photo"} · ${kb(m.photo?.size ?? 0)}`;
      return { attachment: { kind: "photo", label, ...photoSource(m.photo?.content) } };
    }
    case "voice":
      return { attachment: { kind: "voice", label: "🎤 voice message" } };
    case "sticker":
      return { attachment: { kind: "sticker", label: "🙂 sticker" } };
    case "location":
      return { attachment: { kind: "location", label: `📍 ${m.location?.latitude.toFixed(4)}, ${m.location?.longitude.toFixed(4)}` } };
    case "contact":
      return { attachment: { kind: "contact", label: `👤 ${m.contact?.firstName ?? ""} ${m.contact?.phoneNumber ?? ""}` } };
    default:
      return {};
  }
}
