// Turns a submitted request into a mediator who said yes: offer to the best candidate, move on after a
// decline or an expiry, give up honestly when nobody is left. Talks to the world only through the
// repositories and the notifier it is given (no grammY, no Prisma here).
import type { Point } from "./geo.js";
import { rankCandidates } from "./matching.js";
import type { CandidateMediator, MatchRequest, RankedCandidate } from "./matching-types.js";
import type {
  AcceptResult, Acceptance, DeclineReason, DeclineResult, EndedOffer, ExpiredOffer, OfferCard, OfferEnding, OfferRepository, ReleasedCase, WidenRefusal,
} from "./offers.js";
import { requireOperator, type OperatorActor, type OperatorCheck } from "./operator-guard.js";
import type { RegionDirectory } from "./region-directory.js";

export interface MatchNotifier {
  /**
   * Sends the anonymised offer; returns the card's message id and the forwarded voice message's (to shrink
   * and delete them when the offer ends), or null when it could not be sent.
   */
  offerToMediator(mediatorId: number, card: OfferCard): Promise<{ messageId: number; voiceMessageId: number | null } | null>;
  /** Tells the mediator their time to answer ran out (the card itself is shrunk by endOfferCards). */
  offerExpired(expired: ExpiredOffer): Promise<void>;
  /**
   * The one way an offer's card ends, whatever ended it: edited down to the request code and the outcome
   * (no description), and the forwarded voice message deleted. Never throws (old messages may be gone).
   */
  endOfferCards(offers: readonly EndedOffer[], ending: OfferEnding): Promise<void>;
  /** Tells the citizen that an operator took their case from its mediator and a new one is being found. */
  mediatorChanged(released: ReleasedCase): Promise<void>;
  accepted(acceptance: Acceptance): Promise<void>;
  /** The mediator's half of `accepted` once more (contact and next step), e.g. when the first was lost in a crash. */
  acceptedAgain(acceptance: Acceptance): Promise<void>;
  unmatched(requestId: number): Promise<void>;
}

export interface CandidateSource {
  /**
   * Mediators who may take `request` — at least every one rankCandidates would keep, filtered as far as
   * the store can (src/db/repositories/candidate-repository.ts); rankCandidates has the last word.
   */
  candidatesFor(query: { request: MatchRequest; centre: Point; radiusKm: number; remoteRadiusKm: number }): Promise<CandidateMediator[]>;
}

export interface MatchmakerDeps {
  offers: OfferRepository;
  candidates: CandidateSource;
  regions: RegionDirectory;
  notifier: MatchNotifier;
  matching: { offerTtlHours: number; radiusKm: number; remoteRadiusKm: number };
  /** Who is an operator: assign and reassign check the actor themselves. */
  operators: OperatorCheck;
  onError(error: unknown, context: string): void;
  /** Told of every offer event (metrics); never given who. */
  onOutcome?(outcome: OfferEvent): void;
}

export type OfferEvent = "offered" | "accepted" | "declined" | "expired" | "unmatched";

export type OfferOutcome = "offered" | "unmatched" | "skipped";

const OFFER_ENDINGS: readonly OfferEnding[] = ["declined", "expired", "unavailable"];
/** Cards shrunk per call: a backlog (say, cards from before this existed) drains over a few job runs. */
const ENDED_CARDS_PER_RUN = 50;
/** Requests left "submitted" by a crash, matched at start-up: at most this many, saved within this window. */
const STRANDED_PER_RUN = 50;
const STRANDED_WINDOW_MS = 3_600_000;

/** A citizen's "also accept a professional": offered says whether someone got the request at once. */
export type WidenResult = { ok: true; code: string; offered: boolean } | { ok: false; reason: WidenRefusal };

export function createMatchmaker(deps: MatchmakerDeps) {
  const centre = (code: string): Point | undefined => deps.regions.rayon(code);
  const observe = (outcome: OfferEvent) => deps.onOutcome?.(outcome);

  async function ranked(requestId: number, radiusKm: number, remoteRadiusKm: number, ignoreExclusions: boolean): Promise<RankedCandidate[]> {
    const input = await deps.offers.matchInput(requestId);
    const point = input && centre(input.rayonCode);
    if (!input || !point) return [];
    const request = ignoreExclusions ? { ...input, excludedMediatorIds: [] } : input;
    // The database filters (the in-person radius, or the remote one for mediators offering the citizen's
    // remote mode, as a box); rankCandidates applies every filter exactly and orders.
    const mediators = await deps.candidates.candidatesFor({ request, centre: point, radiusKm, remoteRadiusKm });
    return rankCandidates(request, mediators, { radiusKm, remoteRadiusKm, rayonCentre: centre });
  }

  /** Offers the request to the best remaining candidate, or marks it unmatched and tells everyone. */
  async function offerNext(requestId: number, now: Date): Promise<OfferOutcome> {
    const { radiusKm, remoteRadiusKm, offerTtlHours } = deps.matching;
    const [best] = await ranked(requestId, radiusKm, remoteRadiusKm, false);
    if (!best) {
      if (!(await deps.offers.markUnmatched(requestId, now))) return "skipped";
      observe("unmatched");
      await deps.notifier.unmatched(requestId).catch((error) => deps.onError(error, "notify unmatched"));
      return "unmatched";
    }
    const expiresAt = new Date(now.getTime() + offerTtlHours * 3_600_000);
    const card = await deps.offers.create(requestId, best.mediatorId, now, expiresAt, { userId: null, role: "system" });
    if (!card) return "skipped";
    observe("offered");
    await sendOffer(best.mediatorId, card);
    return "offered";
  }

  async function sendOffer(mediatorId: number, card: OfferCard): Promise<void> {
    try {
      const sent = await deps.notifier.offerToMediator(mediatorId, card);
      if (sent !== null) await deps.offers.setMessageId(card.offerId, sent.messageId, sent.voiceMessageId);
    } catch (error) {
      // The offer stands; if the mediator never sees it, it expires and the request moves on.
      deps.onError(error, "send offer");
    }
  }

  /**
   * The one ending path for offer cards, whatever ended the offer (a decline, the expiry, another
   * acceptance, a suspension, a citizen's cancel, an erasure): each ended offer whose card is still in a
   * chat is shrunk to its code and outcome, and its voice message deleted, exactly once (claimed in the
   * database). Newest first, so the card just ended goes before any backlog. Never throws.
   */
  async function shrinkEndedCards(): Promise<number> {
    try {
      const claimed = await deps.offers.claimEndedCards(ENDED_CARDS_PER_RUN);
      for (const ending of OFFER_ENDINGS) {
        const group = claimed.filter((o) => o.ending === ending);
        if (group.length > 0) await deps.notifier.endOfferCards(group, ending);
      }
      return claimed.length;
    } catch (error) {
      deps.onError(error, "end offer cards");
      return 0;
    }
  }

  return {
    offerNext,

    /** Shrinks the cards of offers that ended anywhere (also run by the expiry job every minute). */
    shrinkEndedCards,

    /**
     * A suspended mediator's pending offers were withdrawn (decideMediator): their cards shrink and each
     * request goes to the next candidate at once, not after the offer's deadline.
     */
    async offersWithdrawn(offers: readonly EndedOffer[], now: Date): Promise<void> {
      if (offers.length > 0) await shrinkEndedCards();
      for (const requestId of new Set(offers.map((o) => o.requestId))) {
        await offerNext(requestId, now).catch((error) => deps.onError(error, "move on after withdrawal"));
      }
    },

    async accept(offerId: number, mediatorUserId: number, now: Date): Promise<AcceptResult> {
      const result = await deps.offers.accept(offerId, mediatorUserId, now);
      if (result.ok) observe("accepted");
      if (result.ok && result.ended && result.ended.length > 0) await shrinkEndedCards();
      if (result.ok) await deps.notifier.accepted(result.acceptance).catch((error) => deps.onError(error, "notify accepted"));
      if (!result.ok && result.reason === "answered") {
        // The notices go out after the commit, so a crash in between loses them; the mediator, seeing no
        // answer, taps Accept again: give them the contact and the next step again instead of a refusal.
        const again = await deps.offers.acceptedBy(offerId, mediatorUserId);
        if (again) {
          await deps.notifier.acceptedAgain(again).catch((error) => deps.onError(error, "notify accepted again"));
          return { ok: true, acceptance: again, repeated: true };
        }
      }
      return result;
    },

    async decline(offerId: number, mediatorUserId: number, reason: DeclineReason | null, now: Date): Promise<DeclineResult> {
      const result = await deps.offers.decline(offerId, mediatorUserId, reason, now);
      if (result.ok) observe("declined");
      if (result.ok) await shrinkEndedCards();
      if (result.ok) await offerNext(result.requestId, now);
      return result;
    },

    /** The expiry job: every overdue offer expires exactly once, and its request moves on. */
    async expireDue(now: Date): Promise<number> {
      const expired = await deps.offers.expireDue(now);
      // The expired cards, and any ended elsewhere since the last run (a citizen's cancel, an erasure).
      await shrinkEndedCards();
      for (const offer of expired) {
        observe("expired");
        try {
          await deps.notifier.offerExpired(offer).catch((error) => deps.onError(error, "notify expired"));
          await offerNext(offer.requestId, now);
        } catch (error) {
          deps.onError(error, "move on after expiry");
        }
      }
      return expired.length;
    },

    /**
     * At start-up: requests saved in the last hour but never offered (the process died between saving and
     * offering) are matched now. Offering is a conditional write, so another instance offering the same
     * request at this moment cannot make it offered twice.
     */
    async offerStranded(now: Date): Promise<number> {
      const since = new Date(now.getTime() - STRANDED_WINDOW_MS);
      const ids = await deps.offers.strandedSubmissions(since, STRANDED_PER_RUN);
      for (const requestId of ids) await offerNext(requestId, now).catch((error) => deps.onError(error, "offer a stranded request"));
      return ids.length;
    },

    /**
     * A follow-up case (a term of the first case's agreement not carried out): offered first to the first
     * case's mediator when the usual filters still allow them (active, not paused, capacity, language,
     * category, cost choice — at any distance); otherwise, and after their decline or expiry, normal matching.
     */
    async offerFollowUp(requestId: number, firstMediatorId: number | null, now: Date): Promise<OfferOutcome> {
      if (firstMediatorId !== null) {
        const suitable = await ranked(requestId, 3000, 3000, false);
        if (suitable.some((c) => c.mediatorId === firstMediatorId)) {
          const expiresAt = new Date(now.getTime() + deps.matching.offerTtlHours * 3_600_000);
          const card = await deps.offers.create(requestId, firstMediatorId, now, expiresAt, { userId: null, role: "system" });
          if (!card) return "skipped";
          observe("offered");
          await sendOffer(firstMediatorId, card);
          return "offered";
        }
      }
      return offerNext(requestId, now);
    },

    /** Suitable mediators for an operator assigning by hand: the usual filters, a country-wide radius. */
    suitableFor(requestId: number): Promise<RankedCandidate[]> {
      return ranked(requestId, 3000, 3000, true);
    },

    /**
     * The citizen of an unmatched free_only request also accepts a professional (fee agreed in advance):
     * the change is made only for that citizen and only while the request is unmatched, then matching runs
     * again at once. Operators were told about the request already, so nobody is told twice.
     */
    async widen(requestId: number, citizenUserId: number, now: Date): Promise<WidenResult> {
      const widened = await deps.offers.widenCost(requestId, citizenUserId);
      if (!widened.ok) return widened;
      const outcome = await offerNext(requestId, now);
      return { ok: true, code: widened.code, offered: outcome === "offered" };
    },

    /**
     * An operator's manual assignment: an offer to the chosen mediator, with the usual deadline. Only a
     * mediator the list would show (suitableFor: language, capacity, category, cost choice, not the citizen).
     */
    async assign(requestId: number, mediatorId: number, actor: OperatorActor, now: Date): Promise<boolean> {
      await requireOperator(deps.operators, actor);
      const operatorUserId = actor.userId;
      const suitable = await ranked(requestId, 3000, 3000, true);
      if (!suitable.some((c) => c.mediatorId === mediatorId)) return false;
      const expiresAt = new Date(now.getTime() + deps.matching.offerTtlHours * 3_600_000);
      const card = await deps.offers.create(requestId, mediatorId, now, expiresAt, { userId: operatorUserId, role: "operator" });
      if (!card) return false;
      observe("offered");
      await sendOffer(mediatorId, card);
      return true;
    },

    /**
     * An operator takes an open case back from its mediator (e.g. after a suspension): the request goes back
     * to matching (offers.release), the citizen is told, and the next candidate (never that mediator again)
     * gets it at once. Null when the request is no longer an open case. Throws DomainError("NOT_OPERATOR").
     */
    async reassign(requestId: number, actor: OperatorActor, now: Date): Promise<{ released: ReleasedCase; outcome: OfferOutcome } | null> {
      await requireOperator(deps.operators, actor);
      const released = await deps.offers.release(requestId, actor.userId, now);
      if (!released) return null;
      await deps.notifier.mediatorChanged(released).catch((error) => deps.onError(error, "notify mediator changed"));
      return { released, outcome: await offerNext(requestId, now) };
    },
  };
}

export type Matchmaker = ReturnType<typeof createMatchmaker>;
