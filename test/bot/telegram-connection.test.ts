// How start-up and polling describe a failed call to Telegram, and how long they wait before retrying.
import { GrammyError, HttpError } from "grammy";
import { describe, expect, it } from "vitest";
import { classifyTelegramError, retryDelay, TokenRejectedError, untilTelegramAnswers } from "../../src/bot/telegram-connection.js";
import { createLogger } from "../../src/logger.js";

const apiError = (code: number, description: string) =>
  new GrammyError(`Call to 'getMe' failed! (${code}: ${description})`, { ok: false, error_code: code, description }, "getMe", {});
const networkError = (code: string) =>
  new HttpError("Network request for 'getMe' failed!", Object.assign(new Error(`request to http://x/bot123:SECRET/getMe failed, reason: ${code}`), { code }));

describe("classifyTelegramError", () => {
  it("tells a rejected token, a conflict, an unreachable API, a time-out and Telegram's own errors apart", () => {
    expect(classifyTelegramError(apiError(401, "Unauthorized"), "getMe")).toEqual({ problem: "token-rejected", detail: "401 Unauthorized" });
    expect(classifyTelegramError(apiError(404, "Not Found"), "getMe").problem).toBe("token-rejected");
    expect(classifyTelegramError(apiError(409, "Conflict: terminated by other getUpdates request"), "getUpdates").problem).toBe("conflict");
    expect(classifyTelegramError(apiError(502, "Bad Gateway"), "getUpdates")).toEqual({ problem: "telegram-error", detail: "502 Bad Gateway" });
    expect(classifyTelegramError(networkError("ECONNREFUSED"), "getMe")).toEqual({ problem: "unreachable", detail: "ECONNREFUSED" });
    expect(classifyTelegramError(networkError("ENOTFOUND"), "getMe").problem).toBe("unreachable");
    expect(classifyTelegramError(networkError("ETIMEDOUT"), "getMe").problem).toBe("timed-out");
    expect(classifyTelegramError(new HttpError("x", new Error("aborted")), "getMe", true).problem).toBe("timed-out");
    expect(classifyTelegramError(new Error("something else"), "getMe")).toEqual({ problem: "other", detail: "Error" });
  });

  it("never puts the message (which holds the URL, so the token) in the detail", () => {
    expect(JSON.stringify(classifyTelegramError(networkError("EWHATEVER"), "getMe"))).not.toContain("SECRET");
  });
});

describe("retries", () => {
  it("wait 1 s, 2 s, 5 s, 10 s, 30 s, then 60 s for ever", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 50].map(retryDelay)).toEqual([1_000, 2_000, 5_000, 10_000, 30_000, 60_000, 60_000, 60_000]);
  });

  it("retry network errors until Telegram answers, and stop at once on a rejected token", async () => {
    const waits: number[] = [];
    const sleep = async (ms: number) => void waits.push(ms);
    const logger = createLogger("silent");
    let calls = 0;
    const answer = await untilTelegramAnswers("getMe", async () => {
      calls++;
      if (calls < 4) throw networkError("ECONNREFUSED");
      return "me";
    }, { logger, sleep });
    expect([answer, calls, waits]).toEqual(["me", 4, [1_000, 2_000, 5_000]]);

    waits.length = 0;
    await expect(untilTelegramAnswers("getMe", async () => { throw apiError(401, "Unauthorized"); }, { logger, sleep })).rejects.toBeInstanceOf(TokenRejectedError);
    expect(waits).toEqual([]);
  });
});
