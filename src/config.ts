// Runtime configuration, validated once from an environment-like record.
// Never parsed at import time: main.ts calls createConfig(process.env); tests pass a literal.
import { z } from "zod";
import { DIGEST_TIME_PATTERN } from "./domain/digest.js";

export const SUPPORTED_LOCALES = ["kk", "ru", "en"] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];

const DEFAULT_DATABASE_URL = "file:./data/kelisim.db";

/** Each message says how to fix the problem; it is shown to whoever deploys the bot. */
const schema = z
  .object({
    BOT_TOKEN: z
      .string({
        error: "is missing. Open Telegram, talk to @BotFather, send /newbot and put the token it gives you in BOT_TOKEN (in .env or the environment).",
      })
      .trim()
      .min(1, "is empty. Get a token from @BotFather (/newbot) and set BOT_TOKEN to it."),
    BOT_API_ROOT: z
      .url("must be a URL such as http://127.0.0.1:8081 (a local Bot API server or the test emulator); leave it unset for Telegram's own server.")
      .optional(),
    BOT_MODE: z
      .enum(["polling", "webhook"], { error: 'must be "polling" (default) or "webhook".' })
      .default("polling"),
    DATABASE_URL: z
      .string()
      .trim()
      .default(DEFAULT_DATABASE_URL)
      .refine((v) => v.startsWith("file:") || /^postgres(ql)?:\/\//.test(v), {
        message: 'must be "file:./data/kelisim.db" (SQLite) or "postgresql://user:password@host:5432/db" (PostgreSQL).',
      }),
    OPERATOR_IDS: z
      .string()
      .default("")
      .transform((v, ctx) => {
        const parts = v.split(/[\s,]+/).filter(Boolean);
        const bad = parts.filter((p) => !/^\d{1,15}$/.test(p));
        if (bad.length > 0) {
          ctx.addIssue({ code: "custom", message: `must be a comma-separated list of numeric Telegram user ids; "${bad.join('", "')}" is not. Ask the operator to send any message to @userinfobot to learn their id.` });
          return z.NEVER;
        }
        return parts.map((p) => Number(p));
      }),
    DEFAULT_LOCALE: z.enum(SUPPORTED_LOCALES, { error: "must be one of kk, ru, en." }).default("kk"),
    TIME_ZONE: z
      .string()
      .default("Asia/Almaty")
      .refine(isValidTimeZone, { message: "must be an IANA time zone such as Asia/Almaty." }),
    DIGEST_TIME: z
      .string()
      .trim()
      .default("08:00")
      .refine((v) => DIGEST_TIME_PATTERN.test(v), { message: 'must be a local time "HH:MM" (24-hour), e.g. 08:00: when operators get the daily digest (in TIME_ZONE).' }),
    LOG_LEVEL: z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], { error: "must be one of fatal, error, warn, info, debug, trace, silent." })
      .default("info"),
    OFFER_TTL_HOURS: z.coerce.number({ error: "must be a number of hours, e.g. 12." }).positive().max(168).default(12),
    MATCH_RADIUS_KM: z.coerce.number({ error: "must be a distance in km, e.g. 150." }).positive().max(3000).default(150),
    REMOTE_MATCH_RADIUS_KM: z.coerce.number({ error: "must be a distance in km, e.g. 400." }).positive().max(3000).default(400),
    INVITATION_QUESTIONS_PER_LINK: z.coerce.number({ error: "must be a whole number of questions, e.g. 3." }).int().min(0).max(100).default(3),
    INVITATION_QUESTIONS_PER_DAY: z.coerce.number({ error: "must be a whole number of questions, e.g. 2." }).int().min(0).max(100).default(2),
    CLAIM_CODE_TTL_DAYS: z.coerce.number({ error: "must be a whole number of days, e.g. 30." }).int().min(1).max(3650).default(30),
    TERM_RECHECK_DAYS: z.coerce.number({ error: "must be a whole number of days from 1 to 30, e.g. 7." }).int().min(1).max(30).default(7),
    CONVERSATION_TTL_DAYS: z.coerce.number({ error: "must be a number of days, e.g. 7." }).positive().max(365).default(7),
    RATE_LIMIT_PER_10S: z.coerce.number({ error: "must be a whole number of updates, e.g. 20 (0 turns the limit off)." }).int().min(0).max(1000).default(20),
    // Webhook mode (a later issue runs several instances behind a load balancer).
    WEBHOOK_URL: z.url("must be the public HTTPS URL Telegram posts updates to, e.g. https://bot.example.kz/telegram.").optional(),
    WEBHOOK_SECRET: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,256}$/, "must be 1-256 characters of A-Z, a-z, 0-9, _ and - (Telegram's rule for secret_token).")
      .optional(),
    // Loopback unless told otherwise: /readyz and /metrics need no one outside the host. Containers set 0.0.0.0.
    HTTP_HOST: z.string().trim().min(1, 'must be an address to listen on, e.g. 127.0.0.1 (this host only) or 0.0.0.0 (every interface, as in a container).').default("127.0.0.1"),
    HTTP_PORT: z.coerce.number({ error: "must be a port number." }).int().min(0).max(65535).default(8080),
  })
  .superRefine((c, ctx) => {
    if (c.BOT_MODE === "webhook" && !c.WEBHOOK_URL)
      ctx.addIssue({ code: "custom", path: ["WEBHOOK_URL"], message: "is required when BOT_MODE=webhook." });
    if (c.BOT_MODE === "webhook" && !c.WEBHOOK_SECRET)
      ctx.addIssue({ code: "custom", path: ["WEBHOOK_SECRET"], message: "is required when BOT_MODE=webhook, so that only Telegram can post updates. Generate one with: openssl rand -hex 32" });
  });

export interface Config {
  botToken: string;
  botApiRoot: string | undefined;
  botMode: "polling" | "webhook";
  databaseUrl: string;
  operatorIds: number[];
  defaultLocale: Locale;
  timeZone: string;
  /** Local time ("HH:MM", in timeZone) from which operators get the daily digest. */
  digestTime: string;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  webhook: { url: string | undefined; secret: string | undefined };
  http: { host: string; port: number };
  matching: { offerTtlHours: number; radiusKm: number; remoteRadiusKm: number };
  /** Updates one person may send per 10 seconds before being asked to slow down; 0 = no limit. */
  rateLimitPer10s: number;
  /** A form (conversation) left unanswered this many days is closed and its stored answers deleted. */
  conversationTtlDays: number;
  /** Questions through one invitation link ("Ask a question"): in total, and per local day (TIME_ZONE). */
  invitationQuestions: { perLink: number; perDay: number };
  /** A claim code (assisted intake) works for this many days after the request was submitted. */
  claimCodeTtlDays: number;
  /** After "Not yet" about an agreement term, the party is asked again this many days later (at most twice). */
  termRecheckDays: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Kelisim cannot start: the configuration has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Validates an environment-like record. Throws ConfigError listing every problem, each naming its variable. */
export function createConfig(env: Record<string, string | undefined>): Config {
  // Treat empty strings as unset, the way .env files usually mean them (except BOT_TOKEN, whose emptiness we report).
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => v !== undefined && (v !== "" || k === "BOT_TOKEN")),
  );
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${String(i.path[0] ?? "config")} ${i.message}`));
  }
  const c = parsed.data;
  return {
    botToken: c.BOT_TOKEN,
    botApiRoot: c.BOT_API_ROOT,
    botMode: c.BOT_MODE,
    databaseUrl: c.DATABASE_URL,
    operatorIds: c.OPERATOR_IDS,
    defaultLocale: c.DEFAULT_LOCALE,
    timeZone: c.TIME_ZONE,
    digestTime: c.DIGEST_TIME,
    logLevel: c.LOG_LEVEL,
    webhook: { url: c.WEBHOOK_URL, secret: c.WEBHOOK_SECRET },
    http: { host: c.HTTP_HOST, port: c.HTTP_PORT },
    rateLimitPer10s: c.RATE_LIMIT_PER_10S,
    conversationTtlDays: c.CONVERSATION_TTL_DAYS,
    invitationQuestions: { perLink: c.INVITATION_QUESTIONS_PER_LINK, perDay: c.INVITATION_QUESTIONS_PER_DAY },
    claimCodeTtlDays: c.CLAIM_CODE_TTL_DAYS,
    termRecheckDays: c.TERM_RECHECK_DAYS,
    matching: { offerTtlHours: c.OFFER_TTL_HOURS, radiusKm: c.MATCH_RADIUS_KM, remoteRadiusKm: c.REMOTE_MATCH_RADIUS_KM },
  };
}

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
