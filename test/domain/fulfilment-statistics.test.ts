import { describe, expect, it } from "vitest";
import type { Oblast, Rayon } from "../../src/domain/region.js";
import { duePeriod, latestAnswers, summarizeFulfilment, type TermAnswerFact } from "../../src/domain/statistics.js";

const names = (en: string) => ({ nameKk: en, nameRu: en, nameEn: en });
const OBLASTS: Oblast[] = [{ code: "north", kind: "oblast", kato: "1", ...names("North") }, { code: "west", kind: "oblast", kato: "2", ...names("West") }, { code: "east", kind: "oblast", kato: "3", ...names("East") }];
const rayon = (code: string, oblastCode: string): Rayon => ({ code, oblastCode, kind: "rayon", kato: code, adminCenter: code, latitude: 50, longitude: 70, ...names(code) });
const RAYONS = [rayon("north.a", "north"), rayon("north.b", "north"), rayon("west.a", "west"), rayon("east.a", "east")];
const regions = { oblasts: OBLASTS, rayons: RAYONS };
const c = (answer: string, round = 1): TermAnswerFact => ({ recipient: "citizen", round, answer });
const o = (answer: string, round = 1): TermAnswerFact => ({ recipient: "other_party", round, answer });

describe("latest answers about a term", () => {
  it("takes each party's answer of the highest round, leaving 'not yet' and unknown codes aside", () => {
    expect(latestAnswers([c("not_yet"), c("done", 2)])).toEqual(["done"]);
    expect(latestAnswers([c("partly", 1), c("not_yet", 2)])).toEqual(["partly"]);
    expect(latestAnswers([c("done", 3), c("not_done", 2), o("not_yet")]).sort()).toEqual(["done"]);
    expect(latestAnswers([c("done"), o("not_done")]).sort()).toEqual(["done", "not_done"]);
    expect(latestAnswers([c("maybe"), o("not_yet")])).toEqual([]);
  });
});

describe("fulfilment summary", () => {
  // By hand: north has 3 agreements (2 + 1 over two rayons) and 4 due terms: kept (both done), partly (one
  // partly), not kept (one not done beats a done), open (not yet only) → 1 ÷ 3. West: one kept term → 1 ÷ 1.
  // East: an agreement and one unanswered due term → no rate. A rayon outside the directory counts overall.
  const summary = summarizeFulfilment({
    agreements: [{ rayonCode: "north.a", count: 2 }, { rayonCode: "north.b", count: 1 }, { rayonCode: "east.a", count: 1 }, { rayonCode: "nowhere", count: 1 }],
    termsDue: [
      { rayonCode: "north.a", answers: [c("done"), o("done")] },
      { rayonCode: "north.a", answers: [c("done"), o("partly")] },
      { rayonCode: "north.b", answers: [c("done"), o("not_done")] },
      { rayonCode: "north.b", answers: [c("not_yet")] },
      { rayonCode: "west.a", answers: [c("not_yet"), c("done", 2)] },
      { rayonCode: "east.a", answers: [] },
      { rayonCode: "nowhere", answers: [c("not_done")] },
    ],
  }, regions);

  it("counts per oblast, with the rate kept ÷ (kept + partly + not kept)", () => {
    expect(summary.byOblast).toEqual([
      { oblastCode: "north", agreements: 3, termsDue: 4, kept: 1, partly: 1, notKept: 1, rate: 1 / 3 },
      { oblastCode: "west", agreements: 0, termsDue: 1, kept: 1, partly: 0, notKept: 0, rate: 1 },
      { oblastCode: "east", agreements: 1, termsDue: 1, kept: 0, partly: 0, notKept: 0, rate: null },
    ]);
    expect(summary.overall).toEqual({ agreements: 5, termsDue: 7, kept: 2, partly: 1, notKept: 2, rate: 2 / 5 });
  });

  it("gives no rate (never 0 %) when nothing was answered", () => {
    const empty = summarizeFulfilment({ agreements: [], termsDue: [{ rayonCode: "west.a", answers: [c("not_yet")] }] }, regions);
    expect(empty.overall).toEqual({ agreements: 0, termsDue: 1, kept: 0, partly: 0, notKept: 0, rate: null });
    expect(empty.byOblast.every((b) => b.rate === null)).toBe(true);
  });
});

describe("due period", () => {
  it("runs from the period's first local day to today in the zone", () => {
    const now = new Date("2026-03-14T20:00:00Z"); // 15 March, 01:00 in Almaty
    expect(duePeriod("7d", now, "Asia/Almaty")).toEqual({ from: "2026-03-08", to: "2026-03-15" });
    expect(duePeriod("30d", now, "UTC")).toEqual({ from: "2026-02-12", to: "2026-03-14" });
    expect(duePeriod("all", now, "Asia/Almaty")).toEqual({ from: null, to: "2026-03-15" });
  });
});
