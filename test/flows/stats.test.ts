import { PNG } from "pngjs";
import { afterEach, describe, expect, it } from "vitest";
import type { ChatMessage, EmulatedUser } from "../support/bot-api-emulator/types.js";
import { parseCsv } from "../support/csv.js";
import { startFlow, type Flow } from "../support/flow.js";
import { activeMediator } from "../support/mediators.js";
import { startedUser, submitRequest } from "../support/requests.js";

let flow: Flow | undefined;
afterEach(async () => {
  await flow?.stop();
  flow = undefined;
});

const NOW = new Date("2026-03-14T06:00:00.000Z");
const OPERATOR = 7001;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

/**
 * The bot's messages until `count` of them have arrived (uploads may come a moment after the text). Pictures
 * take a fraction of a second to draw, the first one longer (the renderer loads): on a busy machine, seconds.
 */
async function untilMessages(user: EmulatedUser, count: number): Promise<ChatMessage[]> {
  const seen: ChatMessage[] = [];
  for (let i = 0; i < 10 && seen.length < count; i++) seen.push(...(await user.waitForReply({ timeoutMs: 30_000 })));
  return seen;
}

/** Two requests from Burabay (one mediator there), one from Beineu (nobody within reach), one from last year. */
async function seeded(): Promise<{ operator: EmulatedUser; citizen: EmulatedUser }> {
  flow = await startFlow({ now: () => NOW, env: { OPERATOR_IDS: String(OPERATOR) } });
  const prisma = flow.app.db.prisma;
  const operator = flow.emu.user({ id: OPERATOR, first_name: "Aigul", language_code: "en" });
  await startedUser(prisma, operator);
  const citizen = flow.emu.user({ id: 6001, first_name: "Гүлназ", language_code: "en" });
  const citizenId = await startedUser(prisma, citizen);
  await activeMediator(flow, { id: 7301, name: "Серік" }, { rayonCodes: ["akmola.burabay"] });
  await submitRequest(prisma, citizenId, daysAgo(2), { category: "family" });
  await submitRequest(prisma, citizenId, daysAgo(3), { category: "neighbours" });
  await submitRequest(prisma, citizenId, daysAgo(1), { category: "labour", rayonCode: "mangystau.beineu" });
  await submitRequest(prisma, citizenId, daysAgo(300), { category: "family", rayonCode: "mangystau.beineu" });
  return { operator, citizen };
}

describe("Statistics (/stats)", () => {
  it("shows an operator the chart and the summary, the map, the weekly chart, switches periods and sends the CSV bundle with the map", async () => {
    const { operator } = await seeded();
    await operator.sendText("/stats");
    const [photo, summary] = await untilMessages(operator, 2);
    expect(photo?.kind).toBe("photo");
    expect(photo?.photo?.content?.subarray(1, 4).toString("ascii")).toBe("PNG");
    expect(photo?.text).toBe("📊 last 30 days: requests and active mediators by region.");
    expect(PNG.sync.read(photo!.photo!.content!).width).toBe(1280);
    expect(summary?.text).toContain("📊 Statistics — last 30 days\nRequests submitted: 3");
    expect(summary?.text).toContain("2. Akmola Region: 2 · 1");
    expect(summary?.text).toContain("12. Mangystau Region: 1 · 0");
    expect(summary?.text).toContain("• Family: 1\n• Neighbours, land and pasture: 1\n• Work and wages: 1");
    expect(summary?.text).toContain("• 🕓 Looking for a mediator: 3");
    expect(summary?.text).toContain("Matched with a mediator: 0% (0 of 3)");
    expect(summary?.text).toContain("Median time from submitting to acceptance: no data");
    expect(summary?.text).toMatch(/within 150 km:\n• Beineu District, Mangystau Region: requests 1, nearest mediator \d{3,4} km away\n/);
    expect(summary?.inlineButtons).toEqual([["7 days", "• 30 days", "All time"], ["🗺 Map", "📈 By week", "📄 CSV"]]);

    await operator.tap("🗺 Map");
    const [map, pick] = await untilMessages(operator, 2);
    expect(map?.kind).toBe("photo");
    expect(map?.photo?.fileName).toBe("coverage-map-30d.png");
    expect(map?.text).toContain("🗺 Coverage map, last 30 days: green — an active mediator works in the district; amber — one works within 150 km");
    const mapPng = PNG.sync.read(map!.photo!.content!);
    expect([mapPng.width, mapPng.height]).toEqual([1280, 940]);
    expect(pick?.text).toBe("Zoom in on a region (districts named):");
    expect(pick?.inlineButtons?.flat()).toHaveLength(20);
    expect(pick?.inlineButtons?.[0]).toEqual(["Abai Region", "Akmola Region"]);
    await operator.tap("Akmola Region");
    const [zoomed] = await untilMessages(operator, 1);
    expect(zoomed?.kind).toBe("photo");
    expect(zoomed?.photo?.fileName).toBe("coverage-map-akmola-30d.png");

    await operator.tap("📈 By week");
    const [weekly] = await untilMessages(operator, 1);
    expect(weekly?.kind).toBe("photo");
    expect(weekly?.photo?.fileName).toBe("weekly-30d.png");
    expect(weekly?.text).toContain("📈 last 30 days, by week");

    await operator.tap("📄 CSV");
    const documents = await untilMessages(operator, 3);
    expect(documents.map((d) => [d.kind, d.document?.fileName])).toEqual([["document", "stats-30d.csv"], ["document", "coverage-gaps.csv"], ["document", "coverage-map-30d.png"]]);
    expect(PNG.sync.read(documents[2]!.document!.content!).width).toBe(1280);
    const statsRows = parseCsv(documents[0]!.document!.content!.toString("utf8"));
    expect(statsRows[0]).toEqual(["dimension", "code", "name", "requests", "active_mediators"]);
    expect(statsRows).toContainEqual(["oblast", "akmola", "Akmola Region", "2", "1"]);
    expect(statsRows).toContainEqual(["oblast", "mangystau", "Mangystau Region", "1", "0"]);
    expect(statsRows).toContainEqual(["category", "labour", "Work and wages", "1", ""]);
    expect(statsRows).toContainEqual(["status", "submitted", "Looking for a mediator", "3", ""]);
    expect(statsRows).toHaveLength(1 + 20 + 8 + 8);
    const gapRows = parseCsv(documents[1]!.document!.content!.toString("utf8"));
    expect(gapRows[0]).toEqual(["rayon_code", "rayon", "oblast", "requests", "nearest_active_mediator_km", "within_radius"]);
    expect(gapRows[1]?.slice(0, 4)).toEqual(["mangystau.beineu", "Beineu District", "Mangystau Region", "1"]);
    expect(Number(gapRows[1]![4])).toBeGreaterThan(150);
    expect(gapRows[1]![5]).toBe("no");
    expect(gapRows.some((r) => r[0] === "akmola.burabay")).toBe(false);

    await operator.tap("All time");
    const [, allTime] = await untilMessages(operator, 2);
    expect(allTime?.text).toContain("📊 Statistics — all time\nRequests submitted: 4");
    expect(allTime?.text).toContain("• Beineu District, Mangystau Region: requests 2");
  });

  it("is not there for anyone else: /stats gets the fallback and a forged button an alert", async () => {
    const { citizen } = await seeded();
    await citizen.sendText("/stats");
    const [reply] = await citizen.waitForReply();
    expect(reply?.text).toContain("I did not understand that");

    await citizen.sendCallbackData("st:csv:30d");
    const answer = await citizen.waitForCallbackAnswer();
    expect(answer).toMatchObject({ text: "⛔ This action is for operators of the mediation centre only. Nothing was changed.", showAlert: true });
    await citizen.sendCallbackData("st:p:all");
    expect((await citizen.waitForCallbackAnswer()).showAlert).toBe(true);
    await citizen.sendCallbackData("st:map:7d");
    expect((await citizen.waitForCallbackAnswer()).showAlert).toBe(true);
    await citizen.sendCallbackData("st:wk:all");
    expect((await citizen.waitForCallbackAnswer()).showAlert).toBe(true);
    await citizen.sendCallbackData("st:mo:akmola:30d");
    expect((await citizen.waitForCallbackAnswer()).showAlert).toBe(true);
    expect(citizen.messages().some((m) => m.kind === "document" || m.kind === "photo")).toBe(false);
    // Malformed "st:" data is not ours: the ordinary stale-button answer.
    await citizen.sendCallbackData("st:csv:365d");
    expect((await citizen.waitForCallbackAnswer()).showAlert).toBeFalsy();
  });
});
