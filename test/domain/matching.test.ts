import { describe, expect, it } from "vitest";
import { distanceKm, type Point } from "../../src/domain/geo.js";
import { rankCandidates, rayonsWithin, searchRadiusKm } from "../../src/domain/matching.js";
import type { CandidateMediator, MatchingOptions, MatchRequest } from "../../src/domain/matching-types.js";
import type { Rayon } from "../../src/domain/region.js";

// Rayons on one parallel, a degree of longitude (≈71.5 km at 50°N) apart, so distances are easy to reason about.
const centres = new Map<string, Point>([
  ["home", { latitude: 50, longitude: 70 }],
  ["near", { latitude: 50, longitude: 71 }], // ≈72 km
  ["mid", { latitude: 50, longitude: 72 }], // ≈143 km
  ["far", { latitude: 50, longitude: 74 }], // ≈286 km: beyond 150, within 400
  ["remote", { latitude: 50, longitude: 80 }], // ≈714 km: beyond both
]);
const km = (code: string) => distanceKm(centres.get("home")!, centres.get(code)!);

const options: MatchingOptions = { radiusKm: 150, remoteRadiusKm: 400, rayonCentre: (code) => centres.get(code) };

function request(overrides: Partial<MatchRequest> = {}): MatchRequest {
  return { rayonCode: "home", category: "neighbours", language: "kk", mode: "in_person", costPreference: "free_only", excludedMediatorIds: [], excludedUserIds: [], ...overrides };
}

function mediator(id: number, overrides: Partial<CandidateMediator> = {}): CandidateMediator {
  return {
    id,
    userId: 1000 + id,
    kind: "public",
    active: true,
    paused: false,
    languages: ["kk", "ru"],
    specializations: ["neighbours", "family"],
    modes: ["in_person"],
    rayonCodes: ["home"],
    openCases: 0,
    maxOpenCases: 5,
    responseMinutes: null,
    ...overrides,
  };
}

const ids = (req: MatchRequest, mediators: CandidateMediator[], opts: MatchingOptions = options) => rankCandidates(req, mediators, opts).map((c) => c.mediatorId);

describe("rankCandidates: distance", () => {
  it("puts a mediator serving the request's rayon before a neighbour, whatever their load and id", () => {
    const ranked = rankCandidates(request(), [mediator(1, { rayonCodes: ["near"] }), mediator(2, { rayonCodes: ["near", "home"], openCases: 4 })], options);
    expect(ranked).toEqual([
      { mediatorId: 2, distanceKm: 0, servesRayon: true },
      { mediatorId: 1, distanceKm: km("near"), servesRayon: false },
    ]);
  });

  it("puts a neighbour within the radius before a farther one, and uses the nearest of a mediator's rayons", () => {
    const mediators = [mediator(1, { rayonCodes: ["mid"] }), mediator(2, { rayonCodes: ["far", "near"], openCases: 3 })];
    const ranked = rankCandidates(request(), mediators, options);
    expect(ranked.map((c) => c.mediatorId)).toEqual([2, 1]);
    expect(ranked[0]?.distanceKm).toBeCloseTo(km("near"), 6);
    expect(ranked[1]?.distanceKm).toBeCloseTo(km("mid"), 6);
    expect(km("mid")).toBeLessThan(150);
  });

  it("leaves out mediators whose rayons are all outside the radius", () => {
    expect(km("far")).toBeGreaterThan(150);
    expect(ids(request(), [mediator(1, { rayonCodes: ["far"] }), mediator(2, { rayonCodes: ["remote"] })])).toEqual([]);
  });

  it("counts the radius inclusively", () => {
    expect(ids(request(), [mediator(1, { rayonCodes: ["mid"] })], { ...options, radiusKm: km("mid") })).toEqual([1]);
  });

  it("widens to the remote radius for phone or video, only for mediators who offer that mode", () => {
    const mediators = [
      mediator(1, { rayonCodes: ["far"], modes: ["in_person", "phone"] }),
      mediator(2, { rayonCodes: ["far"], modes: ["in_person"] }),
      mediator(3, { rayonCodes: ["far"], modes: ["video"] }),
      mediator(4, { rayonCodes: ["remote"], modes: ["phone", "video"] }),
      mediator(5, { rayonCodes: ["near"], modes: ["in_person"] }),
    ];
    expect(ids(request({ mode: "phone" }), mediators)).toEqual([5, 1]);
    expect(ids(request({ mode: "video" }), mediators)).toEqual([5, 3]);
    expect(ids(request({ mode: "in_person" }), mediators)).toEqual([5]);
  });

  it("never lets a smaller remote radius narrow the in-person one", () => {
    const narrow = { ...options, remoteRadiusKm: 50 };
    expect(ids(request({ mode: "phone" }), [mediator(1, { rayonCodes: ["near"], modes: ["phone"] })], narrow)).toEqual([1]);
  });

  it("skips rayons with an unknown centre", () => {
    const mediators = [mediator(1, { rayonCodes: ["atlantis"] }), mediator(2, { rayonCodes: ["atlantis", "near"] }), mediator(3, { rayonCodes: [] })];
    const ranked = rankCandidates(request(), mediators, options);
    expect(ranked).toEqual([{ mediatorId: 2, distanceKm: km("near"), servesRayon: false }]);
  });

  it("returns nothing when the request's rayon is unknown", () => {
    expect(ids(request({ rayonCode: "atlantis" }), [mediator(1, { rayonCodes: ["atlantis"] }), mediator(2)])).toEqual([]);
  });

  it("returns nothing for no candidates", () => {
    expect(rankCandidates(request(), [], options)).toEqual([]);
  });
});

describe("rankCandidates: hard filters", () => {
  it("keeps only active mediators who are not paused", () => {
    expect(ids(request(), [mediator(1, { active: false }), mediator(2, { paused: true }), mediator(3)])).toEqual([3]);
  });

  it("keeps only mediators who speak the request's language", () => {
    const mediators = [mediator(1, { languages: ["ru"] }), mediator(2, { languages: ["kk"] }), mediator(3, { languages: ["en", "ru"] })];
    expect(ids(request({ language: "kk" }), mediators)).toEqual([2]);
    expect(ids(request({ language: "ru" }), mediators)).toEqual([1, 3]);
    expect(ids(request({ language: "en" }), mediators)).toEqual([3]);
  });

  it("keeps only mediators with capacity left", () => {
    const mediators = [mediator(1, { openCases: 5, maxOpenCases: 5 }), mediator(2, { openCases: 6, maxOpenCases: 5 }), mediator(3, { openCases: 4, maxOpenCases: 5 }), mediator(4, { maxOpenCases: 0 })];
    expect(ids(request(), mediators)).toEqual([3]);
  });

  it("leaves out mediators who declined the request or let it expire", () => {
    expect(ids(request({ excludedMediatorIds: [1, 3] }), [mediator(1), mediator(2), mediator(3)])).toEqual([2]);
  });

  it("free only: public mediators only, even when a professional is closer", () => {
    const mediators = [mediator(1, { kind: "professional" }), mediator(2, { kind: "public", rayonCodes: ["mid"] })];
    expect(ids(request({ costPreference: "free_only" }), mediators)).toEqual([2]);
    expect(ids(request({ costPreference: "free_only" }), [mediator(1, { kind: "professional" })])).toEqual([]);
  });

  it("leaves out the request's own citizen and filer, whatever else they offer", () => {
    const mediators = [mediator(1), mediator(2), mediator(3)];
    expect(ids(request({ excludedUserIds: [1001, 1003] }), mediators)).toEqual([2]);
    expect(ids(request({ excludedUserIds: [1002], costPreference: "either" }), mediators)).toEqual([1, 3]);
  });

  it("keeps only mediators specialised in the category; 'other' matches anyone", () => {
    const mediators = [mediator(1, { specializations: ["labour"] }), mediator(2, { specializations: ["family", "neighbours"] }), mediator(3, { specializations: [] })];
    expect(ids(request({ category: "neighbours" }), mediators)).toEqual([2]);
    expect(ids(request({ category: "labour" }), mediators)).toEqual([1]);
    expect(ids(request({ category: "other" }), mediators)).toEqual([1, 2, 3]);
  });
});

describe("rankCandidates: order among equals in distance", () => {
  it("prefers the lighter load: share of capacity first, then fewer open cases", () => {
    const mediators = [
      mediator(1, { openCases: 1, maxOpenCases: 2 }), // 50 %
      mediator(2, { openCases: 2, maxOpenCases: 10 }), // 20 %
      mediator(3, { openCases: 1, maxOpenCases: 5 }), // 20 %, fewer cases than 2
      mediator(4, { openCases: 0, maxOpenCases: 1 }), // 0 %
    ];
    expect(ids(request(), mediators)).toEqual([4, 3, 2, 1]);
  });

  it("prefers faster past answers, with no history last", () => {
    const mediators = [mediator(1, { responseMinutes: null }), mediator(2, { responseMinutes: 90 }), mediator(3, { responseMinutes: 30 }), mediator(4, { responseMinutes: 0 })];
    expect(ids(request(), mediators)).toEqual([4, 3, 2, 1]);
  });

  it("breaks remaining ties by the lower id", () => {
    expect(ids(request(), [mediator(9), mediator(3), mediator(7)])).toEqual([3, 7, 9]);
    expect(ids(request(), [mediator(9, { responseMinutes: 10 }), mediator(3, { responseMinutes: 10 })])).toEqual([3, 9]);
  });

  it("ranks distance before load, and load before response speed", () => {
    const mediators = [
      mediator(1, { rayonCodes: ["mid"], openCases: 0, responseMinutes: 1 }),
      mediator(2, { rayonCodes: ["near"], openCases: 4, responseMinutes: null }),
      mediator(3, { rayonCodes: ["near"], openCases: 3, responseMinutes: 500 }),
    ];
    expect(ids(request(), mediators)).toEqual([3, 2, 1]);
  });

  it("either: every public mediator before any professional, however near, light or quick the professional is", () => {
    const mediators = [
      mediator(1, { kind: "professional", openCases: 0, responseMinutes: 1 }),
      mediator(2, { kind: "public", rayonCodes: ["mid"], openCases: 4, responseMinutes: null }),
      mediator(3, { kind: "professional", rayonCodes: ["near"] }),
      mediator(4, { kind: "public", rayonCodes: ["near"] }),
    ];
    expect(ids(request({ costPreference: "either" }), mediators)).toEqual([4, 2, 1, 3]);
  });

  it("does not look at whether the case is in court (no court-only-professionals rule)", () => {
    // MatchRequest carries no inCourt at all: a court case is matched like any other.
    const req = request({ costPreference: "free_only" });
    expect("inCourt" in req).toBe(false);
    expect(ids(req, [mediator(1, { kind: "public" })])).toEqual([1]);
  });
});

describe("rankCandidates: determinism", () => {
  // A small seeded generator (mulberry32), so a failure can be replayed.
  function random(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function shuffled<T>(items: readonly T[], next: () => number): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy;
  }

  it("gives the same order for any order of the input", () => {
    const next = random(42);
    const codes = [...centres.keys()];
    const mediators = Array.from({ length: 60 }, (_, i) =>
      mediator(i + 1, {
        rayonCodes: [codes[Math.floor(next() * codes.length)]!],
        openCases: Math.floor(next() * 3),
        maxOpenCases: 3 + Math.floor(next() * 3),
        responseMinutes: next() < 0.3 ? null : Math.floor(next() * 4) * 30,
        modes: next() < 0.5 ? ["in_person", "phone"] : ["in_person"],
        kind: i % 3 === 0 ? "professional" : "public",
      }),
    );
    const req = request({ mode: "phone", costPreference: "either" });
    const expected = rankCandidates(req, mediators, options);
    expect(expected.length).toBeGreaterThan(20);
    for (let round = 0; round < 20; round++) {
      expect(rankCandidates(req, shuffled(mediators, next), options)).toEqual(expected);
    }
  });

  it("does not change its input", () => {
    const mediators = [mediator(2), mediator(1, { rayonCodes: ["near"] })];
    const copy = structuredClone(mediators);
    rankCandidates(request(), mediators, options);
    expect(mediators).toEqual(copy);
  });
});

describe("rayonsWithin and searchRadiusKm", () => {
  const rayons: Rayon[] = [...centres].map(([code, point]) => ({
    code, oblastCode: "test", kind: "rayon", kato: code, nameKk: code, nameRu: code, nameEn: code, adminCenter: code, ...point,
  }));

  it("lists the rayons whose centre is within the radius, inclusive, in the given order", () => {
    expect(rayonsWithin(centres.get("home")!, 150, rayons)).toEqual(["home", "near", "mid"]);
    expect(rayonsWithin(centres.get("home")!, 400, rayons)).toEqual(["home", "near", "mid", "far"]);
    expect(rayonsWithin(centres.get("home")!, km("near"), rayons)).toEqual(["home", "near"]);
    expect(rayonsWithin(centres.get("home")!, 0, rayons)).toEqual(["home"]);
  });

  it("uses the remote radius only for phone and video, and never a narrower one", () => {
    expect(searchRadiusKm({ mode: "in_person" }, options)).toBe(150);
    expect(searchRadiusKm({ mode: "phone" }, options)).toBe(400);
    expect(searchRadiusKm({ mode: "video" }, options)).toBe(400);
    expect(searchRadiusKm({ mode: "video" }, { radiusKm: 150, remoteRadiusKm: 100 })).toBe(150);
  });

  it("agrees with rankCandidates at the boundary: every candidate serves a rayon within the search radius", () => {
    const mediators = [...centres.keys()].map((code, i) => mediator(i + 1, { rayonCodes: [code], modes: ["phone"] }));
    for (const mode of ["in_person", "phone"] as const) {
      const req = request({ mode });
      const within = new Set(rayonsWithin(centres.get("home")!, searchRadiusKm(req, options), rayons));
      const ranked = rankCandidates(req, mediators, options);
      expect(ranked.length).toBe(within.size);
      for (const c of ranked) expect(within.has(mediators[c.mediatorId - 1]!.rayonCodes[0]!)).toBe(true);
    }
  });
});
