// The follow-up case's offer (matchmaker.offerFollowUp): the first case's mediator first, even when another
// candidate would rank higher; when that mediator cannot take it (paused, suspended, full) or there is none,
// normal matching; after their decline, the next candidate. Fakes for the stores; the real ranking and regions.
import { describe, expect, it } from "vitest";
import { bundledRegionDirectory } from "../../src/db/regions/load-regions.js";
import { createMatchmaker, type MatchNotifier } from "../../src/domain/matchmaker.js";
import type { CandidateMediator, MatchRequest } from "../../src/domain/matching-types.js";
import type { OfferCard, OfferRepository } from "../../src/domain/offers.js";

const NOW = new Date("2026-11-25T06:00:00Z");
const REQUEST = 77;

function mediator(id: number, overrides: Partial<CandidateMediator> = {}): CandidateMediator {
  return {
    id, userId: 1000 + id, kind: "public", active: true, paused: false, languages: ["kk", "ru"], specializations: ["neighbours"], modes: ["in_person"],
    rayonCodes: ["akmola.burabay"], openCases: 0, maxOpenCases: 3, responseMinutes: 10, ...overrides,
  };
}

function setUp(mediators: CandidateMediator[]) {
  const offers: Array<{ offerId: number; mediatorId: number; status: "pending" | "declined" }> = [];
  const sent: number[] = [];
  const input = (): MatchRequest => ({
    rayonCode: "akmola.burabay", category: "neighbours", language: "kk", mode: "in_person", costPreference: "free_only",
    excludedMediatorIds: offers.map((o) => o.mediatorId), excludedUserIds: [],
  });
  const card = (offerId: number): OfferCard => ({
    offerId, requestId: REQUEST, requestCode: "KL-FLW22", category: "neighbours", rayonCode: "akmola.burabay", language: "kk", mode: "in_person", inCourt: false,
    costPreference: "free_only", otherParty: "neighbour", otherPartyAware: "knows", description: null, voiceFileId: null, expiresAt: NOW, followUpOfCode: "KL-FRST2",
  });
  const store = {
    matchInput: async () => input(),
    create: async (_requestId: number, mediatorId: number) => {
      if (offers.some((o) => o.status === "pending")) return null;
      const offerId = offers.length + 1;
      offers.push({ offerId, mediatorId, status: "pending" });
      return card(offerId);
    },
    setMessageId: async () => undefined,
    decline: async (offerId: number) => {
      const offer = offers.find((o) => o.offerId === offerId)!;
      offer.status = "declined";
      return { ok: true, requestId: REQUEST, ended: { offerId, requestId: REQUEST, requestCode: "KL-FLW22", mediatorTelegramId: 1n, mediatorLocale: null, messageId: null, voiceMessageId: null } };
    },
    claimEndedCards: async () => [],
    markUnmatched: async () => true,
  } as unknown as OfferRepository;
  const notifier = {
    offerToMediator: async (mediatorId: number) => (sent.push(mediatorId), null),
    endOfferCards: async () => undefined,
    unmatched: async () => undefined,
  } as unknown as MatchNotifier;
  const matchmaker = createMatchmaker({
    offers: store,
    candidates: { candidatesFor: async () => mediators } as never,
    regions: bundledRegionDirectory(),
    notifier,
    matching: { offerTtlHours: 24, radiusKm: 150, remoteRadiusKm: 400 },
    operators: { isOperator: async () => false },
    onError: (error) => { throw error; },
  });
  return { matchmaker, offers, sent };
}

describe("offering a follow-up case", () => {
  it("goes to the first case's mediator first, even when another would rank higher", async () => {
    // Mediator 2 answers faster and has no open cases; mediator 1 mediated the first case.
    const { matchmaker, sent } = setUp([mediator(1, { openCases: 2, responseMinutes: 600 }), mediator(2)]);
    expect(await matchmaker.offerFollowUp(REQUEST, 1, NOW)).toBe("offered");
    expect(sent).toEqual([1]);
  });

  it("goes on to normal matching after that mediator declines", async () => {
    const { matchmaker, offers, sent } = setUp([mediator(1), mediator(2)]);
    await matchmaker.offerFollowUp(REQUEST, 1, NOW);
    await matchmaker.decline(offers[0]!.offerId, 1001, "busy", NOW);
    expect(sent).toEqual([1, 2]);
  });

  it.each([
    ["paused", { paused: true }],
    ["suspended", { active: false }],
    ["full", { openCases: 3 }],
  ] as const)("uses normal matching when that mediator is %s", async (_name, overrides) => {
    const { matchmaker, sent } = setUp([mediator(1, overrides), mediator(2)]);
    expect(await matchmaker.offerFollowUp(REQUEST, 1, NOW)).toBe("offered");
    expect(sent).toEqual([2]);
  });

  it("uses normal matching when the first case had no mediator", async () => {
    const { matchmaker, sent } = setUp([mediator(1), mediator(2, { openCases: 2 })]);
    await matchmaker.offerFollowUp(REQUEST, null, NOW);
    expect(sent).toEqual([1]);
  });
});
