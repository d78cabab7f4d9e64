import { describe, expect, it } from "vitest";
import { ConfigError, createConfig } from "../src/config.js";

function problems(env: Record<string, string | undefined>): string[] {
  try {
    createConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("createConfig", () => {
  it("has sensible defaults for everything but the token", () => {
    const config = createConfig({ BOT_TOKEN: "123:abc" });
    expect(config).toMatchObject({
      botMode: "polling",
      databaseUrl: "file:./data/kelisim.db",
      operatorIds: [],
      defaultLocale: "kk",
      timeZone: "Asia/Almaty",
      logLevel: "info",
      botApiRoot: undefined,
    });
  });

  it("explains how to get a token when BOT_TOKEN is missing or empty", () => {
    expect(problems({})).toEqual([expect.stringMatching(/^BOT_TOKEN .*@BotFather.*\/newbot/)]);
    expect(problems({ BOT_TOKEN: "  " })).toEqual([expect.stringMatching(/^BOT_TOKEN .*@BotFather/)]);
  });

  it("names every wrong variable at once, each with a fix", () => {
    const found = problems({ BOT_TOKEN: "x", OPERATOR_IDS: "42, bob", TIME_ZONE: "Mars/Olympus", DEFAULT_LOCALE: "de", DATABASE_URL: "mysql://x", BOT_API_ROOT: "not a url" });
    expect(found.map((p) => p.split(" ")[0]).sort()).toEqual(["BOT_API_ROOT", "DATABASE_URL", "DEFAULT_LOCALE", "OPERATOR_IDS", "TIME_ZONE"]);
    expect(found.find((p) => p.startsWith("OPERATOR_IDS"))).toContain('"bob"');
  });

  it("parses operator ids and accepts PostgreSQL", () => {
    const config = createConfig({ BOT_TOKEN: "x", OPERATOR_IDS: "111, 222 333", DATABASE_URL: "postgresql://u:p@db:5432/kelisim", DEFAULT_LOCALE: "ru" });
    expect(config.operatorIds).toEqual([111, 222, 333]);
    expect(config.databaseUrl).toBe("postgresql://u:p@db:5432/kelisim");
    expect(config.defaultLocale).toBe("ru");
  });

  it("requires a URL and a secret in webhook mode", () => {
    expect(problems({ BOT_TOKEN: "x", BOT_MODE: "webhook" }).map((p) => p.split(" ")[0]).sort()).toEqual(["WEBHOOK_SECRET", "WEBHOOK_URL"]);
    const config = createConfig({ BOT_TOKEN: "x", BOT_MODE: "webhook", WEBHOOK_URL: "https://bot.example.kz/tg", WEBHOOK_SECRET: "s3cret" });
    expect(config.webhook).toEqual({ url: "https://bot.example.kz/tg", secret: "s3cret" });
  });

  it("listens on loopback unless told otherwise, and has the abuse caps' defaults (security review L6, Q1, L2)", () => {
    const config = createConfig({ BOT_TOKEN: "x" });
    expect(config.http).toEqual({ host: "127.0.0.1", port: 8080 });
    expect(config.invitationQuestions).toEqual({ perLink: 3, perDay: 2 });
    expect(config.claimCodeTtlDays).toBe(30);
    expect(createConfig({ BOT_TOKEN: "x", HTTP_HOST: "0.0.0.0", INVITATION_QUESTIONS_PER_LINK: "5", INVITATION_QUESTIONS_PER_DAY: "1", CLAIM_CODE_TTL_DAYS: "7" }))
      .toMatchObject({ http: { host: "0.0.0.0" }, invitationQuestions: { perLink: 5, perDay: 1 }, claimCodeTtlDays: 7 });
    expect(problems({ BOT_TOKEN: "x", INVITATION_QUESTIONS_PER_LINK: "many", CLAIM_CODE_TTL_DAYS: "0" }).map((p) => p.split(" ")[0]).sort())
      .toEqual(["CLAIM_CODE_TTL_DAYS", "INVITATION_QUESTIONS_PER_LINK"]);
  });

  it("closes forms left unanswered after CONVERSATION_TTL_DAYS, 7 by default (security review L3)", () => {
    expect(createConfig({ BOT_TOKEN: "x" }).conversationTtlDays).toBe(7);
    expect(createConfig({ BOT_TOKEN: "x", CONVERSATION_TTL_DAYS: "2.5" }).conversationTtlDays).toBe(2.5);
    for (const wrong of ["0", "-1", "a week", "366"]) {
      expect(problems({ BOT_TOKEN: "x", CONVERSATION_TTL_DAYS: wrong })).toEqual([expect.stringMatching(/^CONVERSATION_TTL_DAYS /)]);
    }
  });

  it("treats empty values from a .env file as unset", () => {
    expect(createConfig({ BOT_TOKEN: "x", LOG_LEVEL: "", DATABASE_URL: "" }).logLevel).toBe("info");
  });
});
