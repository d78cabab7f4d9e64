// The cost choice, as people meet it (issue #14 items 1–2): the intake asks whether the person needs free help;
// "free only" goes to public mediators only, "either" to public mediators first and then professionals; a
// free-only request with no public mediator nearby says so and offers one button to also accept a
// professional; a case already in court is matched like any other; and the invitation and acceptance texts
// state the cost that applies, in every language.
import { afterEach, describe, expect, it } from "vitest";
import type { Locale } from "../../src/config.js";
import { packCost } from "../../src/bot/callback-data/cost.js";
import type { EmulatedUser } from "../support/bot-api-emulator/types.js";
import { databaseTargets } from "../support/databases.js";
import { startFlow, type Flow } from "../support/flow.js";
import { act, fillIntake, label, opening } from "../support/intake-driver.js";
import { activeMediator } from "../support/mediators.js";

let flow: Flow | undefined;
afterEach(async () => {
  await flow?.stop();
  flow = undefined;
});

const NOW = new Date("2026-11-25T06:00:00Z");
const PLACE = { kk: { oblast: "Ақмола облысы", rayon: /Бурабай/ }, ru: { oblast: "Акмолинская область", rayon: /Бурабай/ }, en: { oblast: "Akmola Region", rayon: /Burabay/ } };

/** A citizen in `locale` asks for a mediator in Burabay, answering the cost question with `cost`. */
async function citizenSubmits(f: Flow, id: number, locale: Locale, script: { cost?: "free_only" | "either"; inCourt?: boolean } = {}) {
  const citizen = f.emu.user({ id, first_name: "Айгүл", language_code: locale, phone_number: "+7 701 555 44 33" });
  await act(citizen, () => citizen.sendText("/start"));
  await act(citizen, () => citizen.tap(label(locale, `language.names.${locale}`)));
  await fillIntake(citizen, locale, { description: { text: "Көршінің малы шабындығымызды жыл сайын таптайды." }, place: PLACE[locale], phone: { contact: true }, ...script });
  // Everything the intake said (the court note among it, when the case is in court).
  const said = citizen.messages().filter((m) => m.fromBot).map((m) => m.text ?? "").join("\n");
  await act(citizen, () => citizen.tap(label(locale, "intake:summary.submit")));
  const request = await f.app.db.prisma.mediationRequest.findFirstOrThrow({ where: { citizen: { telegramId: BigInt(id) } } });
  return { citizen, request, said };
}

const offerFor = (user: EmulatedUser, code: string) => user.messages().find((m) => m.fromBot && m.text?.includes(code) && m.inlineButtons.flat().length === 2);

describe.each(databaseTargets())("cost choice on $name", (database) => {
  it("(a) free only: the public mediator in the next rayon gets it, not the professional in the person's own rayon", async () => {
    flow = await startFlow({ database, now: () => NOW });
    const professional = await activeMediator(flow, { id: 8101, name: "Серік Кәсіпқой", locale: "en" }, { rayonCodes: ["akmola.burabay"], kind: "professional", registryNumber: "PM-1" });
    const publicOne = await activeMediator(flow, { id: 8102, name: "Гүлнар Қоғамдық", locale: "en" }, { rayonCodes: ["akmola.zerendi"] });
    const { request } = await citizenSubmits(flow, 8001, "en", { cost: "free_only" });

    expect(request.costPreference).toBe("free_only");
    await expect.poll(() => offerFor(publicOne.user, request.code)?.text).toContain(`${label("en", "offers:card.cost")}: ${label("en", "requests:labels.cost.free_only")}`);
    expect(offerFor(professional.user, request.code)).toBeUndefined();
    expect(await flow.app.db.prisma.offer.findMany({ select: { mediatorId: true } })).toEqual([{ mediatorId: publicOne.mediatorId }]);
  });

  it("(b) either: public mediators first, even farther away; the professional only after the public one declines", async () => {
    flow = await startFlow({ database, now: () => NOW });
    const professional = await activeMediator(flow, { id: 8201, name: "Серік Кәсіпқой", locale: "en" }, { rayonCodes: ["akmola.burabay"], kind: "professional", registryNumber: "PM-2" });
    const publicOne = await activeMediator(flow, { id: 8202, name: "Гүлнар Қоғамдық", locale: "en" }, { rayonCodes: ["akmola.zerendi"] });
    const { request } = await citizenSubmits(flow, 8002, "en", { cost: "either" });

    expect(request.costPreference).toBe("either");
    await expect.poll(() => offerFor(publicOne.user, request.code)?.text).toContain(label("en", "requests:labels.cost.either"));
    expect(offerFor(professional.user, request.code)).toBeUndefined();
    await act(publicOne.user, () => publicOne.user.tap(label("en", "offers:card.decline")));
    await act(publicOne.user, () => publicOne.user.tap(label("en", "offers:decline.reasons.busy")));
    await expect.poll(() => offerFor(professional.user, request.code)?.text).toContain(request.code);
  });

  it("(c) free only and no public mediator: the honest message, one tap to widen, and the professional gets it at once", async () => {
    flow = await startFlow({ database, now: () => NOW });
    const professional = await activeMediator(flow, { id: 8301, name: "Серік Кәсіпқой", locale: "en" }, { rayonCodes: ["akmola.burabay"], kind: "professional", registryNumber: "PM-3" });
    const { citizen, request } = await citizenSubmits(flow, 8003, "en", { cost: "free_only" });
    const prisma = flow.app.db.prisma;

    await expect.poll(() => citizen.lastBotMessage()?.text).toContain(opening("en", "offers:unmatched.citizenFreeOnly"));
    const unmatched = citizen.lastBotMessage()!;
    expect(unmatched.text).toContain("No free public mediator has been found near Burabay District");
    expect(unmatched.inlineButtons.flat()).toEqual([label("en", "offers:unmatched.widen")]);
    expect(offerFor(professional.user, request.code)).toBeUndefined();
    expect(await prisma.mediationRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({ status: "unmatched", costPreference: "free_only" });

    // A forged tap (someone else's request) changes nothing and says so.
    const stranger = flow.emu.user({ id: 8399, first_name: "Бөтен", language_code: "en" });
    await act(stranger, () => stranger.sendText("/start"));
    await stranger.sendCallbackData(packCost({ type: "widen", requestId: request.id }));
    await expect.poll(() => stranger.callbackAnswers().at(-1)?.text).toBe(label("en", "offers:widen.refused.notFound"));
    expect(await prisma.mediationRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({ status: "unmatched", costPreference: "free_only" });
    expect(await prisma.offer.count()).toBe(0);

    // The citizen's own tap: professionals are included and one gets the offer right away.
    await act(citizen, () => citizen.tap(label("en", "offers:unmatched.widen")));
    await expect.poll(() => citizen.lastBotMessage()?.text).toContain(opening("en", "offers:widen.offered"));
    await expect.poll(() => offerFor(professional.user, request.code)?.text).toContain(label("en", "requests:labels.cost.either"));
    expect(await prisma.mediationRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({ status: "offered", costPreference: "either" });

    // A second (stale) tap changes nothing: the request is no longer waiting unmatched.
    await citizen.sendCallbackData(packCost({ type: "widen", requestId: request.id }));
    await expect.poll(() => citizen.callbackAnswers().at(-1)?.text).toBe(label("en", "offers:widen.refused.notOpen"));
    expect(await prisma.offer.count()).toBe(1);

    // The professional accepts: the citizen learns the kind and that the fee is agreed in advance.
    await act(professional.user, () => professional.user.tap(label("en", "offers:card.accept")));
    await expect.poll(() => citizen.lastBotMessage()?.text).toContain(label("en", "offers:accepted.kinds.professional"));
  });

  it("(d) a case already in court is matched to a public mediator; the court note promises no professional", async () => {
    flow = await startFlow({ database, now: () => NOW });
    const publicOne = await activeMediator(flow, { id: 8402, name: "Гүлнар Қоғамдық", locale: "en" }, { rayonCodes: ["akmola.burabay"] });
    const { request, said } = await citizenSubmits(flow, 8004, "en", { inCourt: true });

    expect(request.inCourt).toBe(true);
    expect(said).toContain("The court may also offer its own conciliation");
    expect(said).not.toContain("professional mediators.");
    await expect.poll(() => offerFor(publicOne.user, request.code)?.text).toContain(request.code);
  });

  it("(f) a mediator's own request never goes to themselves (review S1), even as the nearest public mediator", async () => {
    flow = await startFlow({ database, now: () => NOW });
    const self = await activeMediator(flow, { id: 8601, name: "Асқар Өзі", locale: "en" }, { rayonCodes: ["akmola.burabay"] });
    const other = await activeMediator(flow, { id: 8602, name: "Гүлнар Басқа", locale: "en" }, { rayonCodes: ["akmola.zerendi"] });
    await act(self.user, () => self.user.sendText("/start"));
    await fillIntake(self.user, "en", { description: { text: "Our neighbour's cattle trample the hayfield every summer." }, place: PLACE.en, phone: { typed: "87015554433" } });
    await act(self.user, () => self.user.tap(label("en", "intake:summary.submit")));
    const request = await flow.app.db.prisma.mediationRequest.findFirstOrThrow();
    await expect.poll(() => offerFor(other.user, request.code)?.text).toContain(request.code);
    expect(offerFor(self.user, request.code)).toBeUndefined();
    expect(await flow.app.db.prisma.offer.findMany({ select: { mediatorId: true } })).toEqual([{ mediatorId: other.mediatorId }]);
  });

  it.each(["kk", "ru", "en"] as const)("(e) in %s: the invitation states the chosen cost before acceptance, the mediator's after; acceptance names kind and cost", async (locale) => {
    flow = await startFlow({ database, now: () => NOW });
    const L = (key: string) => label(locale, key);
    const publicOne = await activeMediator(flow, { id: 8502, name: "Гүлнар Қоғамдық", locale }, { rayonCodes: ["akmola.burabay"] });
    const { citizen, request } = await citizenSubmits(flow, 8005, locale, { cost: "either" });
    const invite = async (button: string) => {
      const before = citizen.messages().filter((m) => m.fromBot).length;
      await citizen.tap(button);
      await expect.poll(() => citizen.messages().filter((m) => m.fromBot).length).toBeGreaterThanOrEqual(before + 2);
      await expect.poll(() => citizen.lastBotMessage()?.text).toContain(opening(locale, "invitations:issued.text"));
      return citizen.messages().filter((m) => m.fromBot).at(-2)!.text!;
    };

    // Before anyone accepted: what the person chose ("public, or else a professional, fee agreed in advance").
    await expect.poll(() => offerFor(publicOne.user, request.code)?.text).toContain(request.code);
    const before = await invite(L("invitations:buttons.invite"));
    expect(before).toContain(L("invitations:cost.either"));
    const code = /start=inv_([A-Za-z0-9]+)/.exec(before)![1]!;
    const other = flow.emu.user({ id: 8599, first_name: "Ерлан", language_code: locale });
    await other.sendText(`/start inv_${code}`);
    await expect.poll(() => other.lastBotMessage()?.text).toContain(L("invitations:cost.either"));

    // The public mediator accepts: the citizen is told the kind, free of charge.
    await act(publicOne.user, () => publicOne.user.tap(L("offers:card.accept")));
    await expect.poll(() => citizen.messages().some((m) => m.text?.includes(L("offers:accepted.kinds.public")))).toBe(true);
    // After acceptance: the mediator's kind decides the sentence.
    const after = await invite(L("invitations:buttons.newLink"));
    expect(after).toContain(L("invitations:cost.public"));
    expect(after).not.toContain(L("invitations:cost.either"));
  });
});
