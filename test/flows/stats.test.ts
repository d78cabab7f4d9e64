import { PNG } from "pngjs";
import { afterEach, describe, expect, it } from "vitest";
import type { ChatMessage, EmulatedUser } from "../support/bot-api-emulator/types.js";
import { parseCsv } from "../support/csv.js";
import { databaseTargets } from "../support/databases.js";
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
    expect(summary?.text).toContain("Agreements and whether they are kept\nNo agreements reached and no terms due in this period.\nFulfilment rate = terms kept ÷ terms kept, partly kept or not kept.");
    expect(summary?.inlineButtons).toEqual([["7 days", "• 30 days", "All time"], ["🗺 Map", "📈 By week", "📄 CSV"], ["✅ Terms kept"]]);

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
    expect(statsRows[0]).toEqual(["dimension", "code", "name", "requests", "active_mediators", "agreements", "terms_due", "terms_kept", "terms_partly", "terms_not_kept", "fulfilment_rate"]);
    expect(statsRows).toContainEqual(["overall", "all", "All regions", "3", "1", "0", "0", "0", "0", "0", ""]);
    expect(statsRows).toContainEqual(["oblast", "akmola", "Akmola Region", "2", "1", "0", "0", "0", "0", "0", ""]);
    expect(statsRows).toContainEqual(["oblast", "mangystau", "Mangystau Region", "1", "0", "0", "0", "0", "0", "0", ""]);
    expect(statsRows).toContainEqual(["category", "labour", "Work and wages", "1", "", "", "", "", "", "", ""]);
    expect(statsRows).toContainEqual(["status", "submitted", "Looking for a mediator", "3", "", "", "", "", "", "", ""]);
    expect(statsRows).toHaveLength(1 + 1 + 20 + 8 + 8);
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
    await citizen.sendCallbackData("st:fu:30d");
    expect((await citizen.waitForCallbackAnswer()).showAlert).toBe(true);
    expect(citizen.messages().some((m) => m.kind === "document" || m.kind === "photo")).toBe(false);
    // Malformed "st:" data is not ours: the ordinary stale-button answer.
    await citizen.sendCallbackData("st:csv:365d");
    expect((await citizen.waitForCallbackAnswer()).showAlert).toBeFalsy();
  });
});

// Agreements and whether they are kept, on a data set worked out by hand. Today is 14 March 2026 in Almaty;
// "last 30 days" takes agreements recorded since 12 February 06:00 UTC and terms due 2026-02-12 … 2026-03-14.
//
//   Akmola (Burabay)    R1 agreement 20 days ago: T1 due 03-01 citizen done, other done          → kept
//                                                 T2 due 03-05 citizen not yet → done (round 2),
//                                                              other partly                      → partly
//                                                 T3 due 03-10 citizen not yet only              → open
//                                                 T4 no date, T5 due 03-20 (future)              → not due
//                       R2 partial 10 days ago:   T6 due 03-08 citizen done, other not done      → not kept
//                                                 T7 due 03-09 citizen done                      → kept
//                       R3 no agreement 5 days ago (not an agreement)
//   → 2 agreements, 5 terms due, kept 2 / partly 1 / not kept 1 / open 1, rate 2 ÷ 4 = 50 %
//   Mangystau (Beineu)  R4 agreement 3 days ago:  T8 due 03-12 other done                        → kept
//                                                 T9 due 03-13 citizen done                      → kept
//                                                 T10 due 03-14 (today) unanswered               → open
//   → 1 agreement, 3 terms due, kept 2, rate 2 ÷ 2 = 100 %
//   Overall, 30 days: 3 agreements, 8 terms due, kept 4 / partly 1 / not kept 1 / open 2, rate 4 ÷ 6 = 67 %
//   All time adds R5 (Beineu, agreement 100 days ago, T11 due 2025-12-20, citizen not done → not kept):
//   4 agreements, 9 terms due, kept 4 / partly 1 / not kept 2, rate 4 ÷ 7 = 57 %; Mangystau 2 · 4 · 2/0/1 · 67 %.
describe.each(databaseTargets())("Statistics of agreements and their terms on $name", (database) => {
  it("counts agreements, due terms, kept / partly / not kept and the fulfilment rate per region and overall", async () => {
    flow = await startFlow({ database, now: () => NOW, env: { OPERATOR_IDS: String(OPERATOR), TIME_ZONE: "Asia/Almaty" } });
    const prisma = flow.app.db.prisma;
    const operator = flow.emu.user({ id: OPERATOR, first_name: "Aigul", language_code: "en" });
    await startedUser(prisma, operator);
    const citizenId = (await prisma.user.create({ data: { telegramId: 9_700_000n, firstName: "Гүлназ" } })).id;

    type Answer = { recipient: "citizen" | "other_party"; round: number; answer: string };
    const agreement = async (rayonCode: string, outcome: string, recordedDaysAgo: number, terms: Array<{ due: string | null; answers: Answer[] }>) => {
      const request = await submitRequest(prisma, citizenId, daysAgo(recordedDaysAgo + 10), { rayonCode });
      await prisma.mediationRequest.update({ where: { id: request.id }, data: { status: "completed", closedAt: daysAgo(recordedDaysAgo) } });
      const appointment = await prisma.appointment.create({
        data: { requestId: request.id, status: "completed", mode: "in_person", slots: "[]", proposedAt: daysAgo(recordedDaysAgo + 5), startsAt: daysAgo(recordedDaysAgo), outcome, outcomeAt: daysAgo(recordedDaysAgo) },
      });
      for (const [i, term] of terms.entries()) {
        const row = await prisma.agreementTerm.create({ data: { requestId: request.id, appointmentId: appointment.id, position: i + 1, party: "both", action: `Term ${i + 1}`, dueDate: term.due } });
        for (const a of term.answers) {
          await prisma.termCheck.create({ data: { termId: row.id, recipient: a.recipient, round: a.round, dueAt: daysAgo(1), status: "answered", sentAt: daysAgo(1), answer: a.answer, answeredAt: daysAgo(1) } });
        }
      }
    };
    const c = (answer: string, round = 1): Answer => ({ recipient: "citizen", round, answer });
    const o = (answer: string, round = 1): Answer => ({ recipient: "other_party", round, answer });
    await agreement("akmola.burabay", "agreement", 20, [
      { due: "2026-03-01", answers: [c("done"), o("done")] },
      { due: "2026-03-05", answers: [c("not_yet"), c("done", 2), o("partly")] },
      { due: "2026-03-10", answers: [c("not_yet")] },
      { due: null, answers: [] },
      { due: "2026-03-20", answers: [] },
    ]);
    await agreement("akmola.burabay", "partial", 10, [
      { due: "2026-03-08", answers: [c("done"), o("not_done")] },
      { due: "2026-03-09", answers: [c("done")] },
    ]);
    await agreement("akmola.burabay", "no_agreement", 5, []);
    await agreement("mangystau.beineu", "agreement", 3, [
      { due: "2026-03-12", answers: [o("done")] },
      { due: "2026-03-13", answers: [c("done")] },
      { due: "2026-03-14", answers: [] },
    ]);
    await agreement("mangystau.beineu", "agreement", 100, [{ due: "2025-12-20", answers: [c("not_done")] }]);

    await operator.sendText("/stats");
    const [, summary] = await untilMessages(operator, 2);
    expect(summary?.text).toContain([
      "Agreements and whether they are kept",
      "🤝 Agreements reached: 3",
      "📌 Terms due: 8 — kept 4 · partly 1 · not kept 1 · no answer yet 2",
      "✅ Fulfilment rate: 67%",
      "By region (agreements · terms due · kept/partly/not kept · rate):",
      "• Akmola Region: 2 · 5 · 2/1/1 · 50%",
      "• Mangystau Region: 1 · 3 · 2/0/0 · 100%",
      "Fulfilment rate = terms kept ÷ terms kept, partly kept or not kept.",
    ].join("\n"));
    expect(summary?.text).not.toContain("Term 1");

    await operator.tap("📄 CSV");
    const documents = await untilMessages(operator, 3);
    const rows = parseCsv(documents[0]!.document!.content!.toString("utf8"));
    expect(rows).toContainEqual(["overall", "all", "All regions", "4", "0", "3", "8", "4", "1", "1", "0.6667"]);
    expect(rows).toContainEqual(["oblast", "akmola", "Akmola Region", "3", "0", "2", "5", "2", "1", "1", "0.5"]);
    expect(rows).toContainEqual(["oblast", "mangystau", "Mangystau Region", "1", "0", "1", "3", "2", "0", "0", "1"]);
    expect(rows).toContainEqual(["oblast", "almaty_city", "Almaty", "0", "0", "0", "0", "0", "0", "0", ""]);

    await operator.tap("✅ Terms kept");
    const [chart] = await untilMessages(operator, 1);
    expect(chart?.kind).toBe("photo");
    expect(chart?.photo?.fileName).toBe("fulfilment-30d.png");
    expect(chart?.text).toContain("✅ last 30 days: the share of agreement terms kept, by region");
    expect(PNG.sync.read(chart!.photo!.content!).width).toBe(1280);

    await operator.tap("All time");
    const [, allTime] = await untilMessages(operator, 2);
    expect(allTime?.text).toContain("🤝 Agreements reached: 4\n📌 Terms due: 9 — kept 4 · partly 1 · not kept 2 · no answer yet 2\n✅ Fulfilment rate: 57%");
    expect(allTime?.text).toContain("• Mangystau Region: 2 · 4 · 2/0/1 · 67%");
  });
});
