import { afterEach, describe, expect, it } from "vitest";
import { createOfferRepository } from "../../src/db/repositories/offer-repository.js";
import type { ChatMessage } from "../support/bot-api-emulator/types.js";
import { databaseTargets } from "../support/databases.js";
import { startFlow, type Flow } from "../support/flow.js";
import { act, fillIntake, label } from "../support/intake-driver.js";
import { activeMediator } from "../support/mediators.js";

let flow: Flow | undefined;
afterEach(async () => {
  await flow?.stop();
  flow = undefined;
});

/** A fake clock the test moves by hand. */
function clock(start = new Date("2026-11-25T06:00:00Z")) {
  let now = start.getTime();
  return { now: () => new Date(now), advanceHours: (h: number) => (now += h * 3_600_000) };
}

async function citizenSubmits(f: Flow, id = 7001, cost: "free_only" | "either" = "free_only") {
  const citizen = f.emu.user({ id, first_name: "Айгүл", language_code: "en", phone_number: "+7 701 555 44 33" });
  await act(citizen, () => citizen.sendText("/start"));
  await act(citizen, () => citizen.tap("English"));
  await fillIntake(citizen, "en", { description: { text: "The neighbour's cattle trample our hayfield every summer." }, place: { oblast: "Akmola Region", rayon: /Burabay/ }, phone: { contact: true }, cost });
  await act(citizen, () => citizen.tap(label("en", "intake:summary.submit")));
  const request = await f.app.db.prisma.mediationRequest.findFirstOrThrow();
  return { citizen, request };
}

const offerTo = (messages: ChatMessage[]) => messages.find((m) => m.text?.includes("New request"));

describe.each(databaseTargets())("offers on $name", (database) => {
  it("same rayon first; a decline moves to the neighbouring rayon; accept reveals contacts to both, only now", async () => {
    const time = clock();
    flow = await startFlow({ database, now: time.now });
    const a = await activeMediator(flow, { id: 7101, name: "Асқар Бекұлы", locale: "en" }, { rayonCodes: ["akmola.burabay"] });
    const b = await activeMediator(flow, { id: 7102, name: "Гүлнар Сейітқызы", locale: "en" }, { rayonCodes: ["akmola.zerendi"], kind: "professional", registryNumber: "PM-1234" });
    // "Either": the professional in the next rayon may get it after the public mediator declines.
    const { citizen, request } = await citizenSubmits(flow, 7001, "either");

    await expect.poll(() => offerTo(a.user.messages())?.text).toContain(request.code);
    const offerA = offerTo(a.user.messages())!;
    expect(offerA.text).toContain("cattle trample"); // the description, anonymised: no name, no phone
    expect(offerA.text).not.toContain("Айгүл");
    expect(offerA.text).not.toContain("555");
    expect(offerTo(b.user.messages())).toBeUndefined();

    await act(a.user, () => a.user.tap("✖️ Decline"));
    await act(a.user, () => a.user.tap("⏳ Too busy now"));
    await expect.poll(() => offerTo(b.user.messages())?.text).toContain(request.code);
    expect(await flow.app.db.prisma.offer.findMany({ orderBy: { id: "asc" }, select: { mediatorId: true, status: true, declineReason: true } })).toEqual([
      { mediatorId: a.mediatorId, status: "declined", declineReason: "busy" },
      { mediatorId: b.mediatorId, status: "pending", declineReason: null },
    ]);
    // Nobody has the citizen's phone yet.
    expect(JSON.stringify(b.user.messages())).not.toContain("+77015554433");

    await act(b.user, () => b.user.tap("✅ Accept"));
    await expect.poll(() => b.user.lastBotMessage()?.text).toContain("You accepted request");
    expect(b.user.lastBotMessage()?.text).toContain("+77015554433");
    await expect.poll(() => citizen.lastBotMessage()?.text).toContain("A mediator accepted your request");
    const toCitizen = citizen.lastBotMessage()!.text!;
    expect(toCitizen).toContain("Гүлнар Сейітқызы");
    expect(toCitizen).toContain("professional mediator");
    expect(await flow.app.db.prisma.mediationRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({ status: "accepted", mediatorId: b.mediatorId });
    // The citizen's "My requests" shows who took it.
    await act(citizen, () => citizen.sendText("/myrequests"));
    await act(citizen, () => citizen.tap(new RegExp(request.code)));
    expect(citizen.lastBotMessage()?.text).toContain("Accepted by Гүлнар Сейітқызы (professional mediator)");
    // A's old offer cannot be revived by a late tap on Accept.
    await a.user.sendCallbackData(`of:a:${(await flow.app.db.prisma.offer.findFirstOrThrow({ where: { mediatorId: a.mediatorId } })).id}`);
    await expect.poll(() => a.user.callbackAnswers().at(-1)?.text).toBe("You have already answered this offer.");
  });

  it("an unanswered offer expires exactly once, even when the job runs twice at the same time", async () => {
    const time = clock();
    flow = await startFlow({ database, now: time.now });
    const a = await activeMediator(flow, { id: 7201, name: "Асқар", locale: "en" }, { rayonCodes: ["akmola.burabay"] });
    const b = await activeMediator(flow, { id: 7202, name: "Гүлнар", locale: "en" }, { rayonCodes: ["akmola.zerendi"] });
    const { request } = await citizenSubmits(flow, 7003);
    await expect.poll(() => offerTo(a.user.messages())?.text).toContain(request.code);

    time.advanceHours(11);
    expect(await flow.app.jobs.expireOffers(time.now())).toBe(0);
    time.advanceHours(2);
    const runs = await Promise.all([flow.app.jobs.expireOffers(time.now()), flow.app.jobs.expireOffers(time.now())]);
    expect(runs.sort()).toEqual([0, 1]);
    await expect.poll(() => offerTo(b.user.messages())?.text).toContain(request.code);
    expect(await flow.app.db.prisma.offer.findMany({ orderBy: { id: "asc" }, select: { mediatorId: true, status: true } })).toEqual([
      { mediatorId: a.mediatorId, status: "expired" },
      { mediatorId: b.mediatorId, status: "pending" },
    ]);
    await expect.poll(() => a.user.lastBotMessage()?.text).toContain("time to answer");
    // A late Accept from A is refused; nothing changes.
    await a.user.tap("✅ Accept").catch(() => undefined); // its buttons were removed: tap by data instead
    const expiredOffer = await flow.app.db.prisma.offer.findFirstOrThrow({ where: { mediatorId: a.mediatorId } });
    await a.user.sendCallbackData(`of:a:${expiredOffer.id}`);
    await expect.poll(() => a.user.callbackAnswers().at(-1)?.text).toContain("expired");
    expect((await flow.app.db.prisma.mediationRequest.findUniqueOrThrow({ where: { id: request.id } })).status).toBe("offered");
  });

  it("two simultaneous accepts for one request: exactly one wins, the other is told it is taken", async () => {
    const time = clock();
    flow = await startFlow({ database, now: time.now });
    const a = await activeMediator(flow, { id: 7301, name: "Асқар", locale: "en" }, { rayonCodes: ["akmola.burabay"] });
    const b = await activeMediator(flow, { id: 7302, name: "Гүлнар", locale: "en" }, { rayonCodes: ["akmola.burabay"] });
    const { request } = await citizenSubmits(flow, 7004);
    await expect.poll(async () => flow!.app.db.prisma.offer.count()).toBe(1);
    // An operator's manual offer to B while A's is still pending: two live offers for one request.
    const offerB = await flow.app.db.prisma.offer.create({ data: { requestId: request.id, mediatorId: b.mediatorId, status: "pending", offeredAt: time.now(), expiresAt: new Date(time.now().getTime() + 3_600_000) } });
    const offerA = await flow.app.db.prisma.offer.findFirstOrThrow({ where: { mediatorId: a.mediatorId } });
    const [ra, rb] = await Promise.all([
      flow.app.matchmaker.accept(offerA.id, (await userIdOf(flow, 7301)), time.now()),
      flow.app.matchmaker.accept(offerB.id, (await userIdOf(flow, 7302)), time.now()),
    ]);
    expect([ra.ok, rb.ok].filter(Boolean)).toHaveLength(1);
    expect([ra, rb].find((r) => !r.ok)).toMatchObject({ ok: false, reason: "taken" });
    const stored = await flow.app.db.prisma.mediationRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(stored.status).toBe("accepted");
    expect(await flow.app.db.prisma.requestStatusChange.count({ where: { requestId: request.id, toStatus: "accepted" } })).toBe(1);
  });

  it("a second Accept after the acceptance message was lost re-sends it with the contact and Propose times; others are still refused", async () => {
    const time = clock();
    flow = await startFlow({ database, now: time.now });
    const a = await activeMediator(flow, { id: 7601, name: "Асқар", locale: "en" }, { rayonCodes: ["akmola.burabay"] });
    const b = await activeMediator(flow, { id: 7602, name: "Гүлнар", locale: "en" }, { rayonCodes: ["akmola.burabay"] });
    const { citizen, request } = await citizenSubmits(flow, 7008);
    await expect.poll(async () => flow!.app.db.prisma.offer.count()).toBe(1);
    const offerA = await flow.app.db.prisma.offer.findFirstOrThrow();
    const [mine, other] = offerA.mediatorId === a.mediatorId ? [a, b] : [b, a];
    await expect.poll(() => offerTo(mine.user.messages())?.text).toContain(request.code);
    // An operator's manual offer to the other mediator, still pending when the first one accepts.
    const offerB = await flow.app.db.prisma.offer.create({ data: { requestId: request.id, mediatorId: other.mediatorId, status: "pending", offeredAt: time.now(), expiresAt: new Date(time.now().getTime() + 3_600_000) } });
    // The acceptance commits, then the instance dies before telling anyone (as the kill test found).
    const committed = await createOfferRepository(flow.app.db.prisma).accept(offerA.id, await userIdOf(flow, mine.user.id), time.now());
    expect(committed.ok).toBe(true);
    expect(mine.user.messages().some((m) => m.text?.includes("You accepted request"))).toBe(false);

    // Seeing no answer, the mediator taps Accept again on the offer, whose buttons are still there.
    await act(mine.user, () => mine.user.tap("✅ Accept"));
    await expect.poll(() => mine.user.lastBotMessage()?.text).toContain(`You accepted request ${request.code}`);
    const again = mine.user.lastBotMessage()!;
    expect(again.text).toContain("+77015554433");
    expect(again.inlineButtons.flat()).toEqual([label("en", "appointments:proposeButton")]);
    expect(mine.user.callbackAnswers().at(-1)?.text ?? "").not.toContain("already answered");
    // Nothing changed: one acceptance, the same mediator.
    expect(await flow.app.db.prisma.requestStatusChange.count({ where: { requestId: request.id, toStatus: "accepted" } })).toBe(1);
    expect(await flow.app.db.prisma.mediationRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({ status: "accepted", mediatorId: mine.mediatorId });
    // Its button is the usual next step: proposing times.
    const [propose] = await act(mine.user, () => mine.user.tap(label("en", "appointments:proposeButton")));
    expect(propose?.text).toContain(`Request ${request.code}`);
    await act(mine.user, () => mine.user.sendText("/cancel"));

    // The other mediator (offer withdrawn) and a forger still get the normal refusals, and no contact.
    await other.user.sendCallbackData(`of:a:${offerB.id}`);
    await expect.poll(() => other.user.callbackAnswers().at(-1)?.text).toBe(label("en", "offers:answers.taken"));
    await other.user.sendCallbackData(`of:a:${offerA.id}`);
    await expect.poll(() => other.user.callbackAnswers().at(-1)?.text).toBe("This offer is not for you.");
    await citizen.sendCallbackData(`of:a:${offerA.id}`);
    await expect.poll(() => citizen.callbackAnswers().at(-1)?.text).toBe("This offer is not for you.");
    expect(JSON.stringify(other.user.messages())).not.toContain("+77015554433");
    expect(await flow.app.db.prisma.requestStatusChange.count({ where: { requestId: request.id, toStatus: "accepted" } })).toBe(1);
  });

  it("forged Accept/Decline from a citizen or another mediator changes nothing and is told so", async () => {
    flow = await startFlow({ database });
    const a = await activeMediator(flow, { id: 7401, name: "Асқар", locale: "en" }, { rayonCodes: ["akmola.burabay"] });
    const other = await activeMediator(flow, { id: 7402, name: "Бөтен", locale: "en" }, { rayonCodes: ["abai.ayagoz"] });
    const { citizen, request } = await citizenSubmits(flow, 7005);
    await expect.poll(() => offerTo(a.user.messages())?.text).toContain(request.code);
    const offer = await flow.app.db.prisma.offer.findFirstOrThrow();
    for (const forger of [citizen, other.user]) {
      await forger.sendCallbackData(`of:a:${offer.id}`);
      await expect.poll(() => forger.callbackAnswers().at(-1)?.text).toBe("This offer is not for you.");
      await forger.sendCallbackData(`of:r:${offer.id}:busy`);
      await expect.poll(() => forger.callbackAnswers().length).toBeGreaterThan(1);
      // Operators' manual assignment is not theirs either.
      await forger.sendCallbackData(`of:s:${request.id}:${other.mediatorId}`);
      await expect.poll(() => forger.callbackAnswers().at(-1)?.text).toBe("Only operators can assign mediators.");
    }
    expect(await flow.app.db.prisma.offer.findMany({ select: { status: true } })).toEqual([{ status: "pending" }]);
    expect((await flow.app.db.prisma.mediationRequest.findUniqueOrThrow({ where: { id: request.id } })).status).toBe("offered");
  });
});

async function userIdOf(f: Flow, telegramId: number): Promise<number> {
  return (await f.app.db.prisma.user.findUniqueOrThrow({ where: { telegramId: BigInt(telegramId) } })).id;
}

describe("double tap on Accept", () => {
  it("two taps (two devices) give exactly one acceptance", async () => {
    flow = await startFlow();
    const a = await activeMediator(flow, { id: 7501, name: "Асқар", locale: "en" }, { rayonCodes: ["akmola.burabay"] });
    const { citizen, request } = await citizenSubmits(flow, 7006);
    await expect.poll(() => offerTo(a.user.messages())?.text).toContain(request.code);
    const offer = await flow.app.db.prisma.offer.findFirstOrThrow();
    const userId = await userIdOf(flow, 7501);
    const results = await Promise.all([flow.app.matchmaker.accept(offer.id, userId, new Date()), flow.app.matchmaker.accept(offer.id, userId, new Date())]);
    expect(results.filter((r) => r.ok && !r.repeated)).toHaveLength(1);
    // The second tap changes nothing; it only gives the mediator the acceptance message again.
    expect(results.find((r) => r.ok && r.repeated)).toBeDefined();
    expect(await flow.app.db.prisma.requestStatusChange.count({ where: { requestId: request.id, toStatus: "accepted" } })).toBe(1);
    await expect.poll(() => citizen.messages().filter((m) => m.text?.includes("A mediator accepted")).length).toBe(1);
  });
});

describe("nobody nearby", () => {
  it("the request becomes unmatched, the citizen and operators are told, and an operator assigns by hand", async () => {
    flow = await startFlow({ env: { OPERATOR_IDS: "7901" } });
    const operator = flow.emu.user({ id: 7901, first_name: "Operator", language_code: "en" });
    await act(operator, () => operator.sendText("/start"));
    await act(operator, () => operator.tap("English"));
    const far = await activeMediator(flow, { id: 7902, name: "Алыс Медиатор", locale: "en" }, { rayonCodes: ["abai.ayagoz"] });
    const { citizen, request } = await citizenSubmits(flow, 7007);

    await expect.poll(() => citizen.lastBotMessage()?.text).toContain("No free public mediator has been found near");
    await expect.poll(() => operator.lastBotMessage()?.text).toContain(`Request ${request.code} has no mediator`);
    expect((await flow.app.db.prisma.mediationRequest.findUniqueOrThrow({ where: { id: request.id } })).status).toBe("unmatched");

    await act(operator, () => operator.tap("👤 Assign a mediator"));
    expect(operator.lastBotMessage()?.text).toContain(`Suitable mediators for ${request.code}`);
    // The request's cost choice, and each mediator's kind and cost on their button.
    expect(operator.lastBotMessage()?.text).toContain(`The citizen's choice: ${label("en", "requests:labels.cost.free_only")}`);
    expect(operator.lastBotMessage()?.inlineButtons.flat()).toEqual([expect.stringMatching(/^Алыс Медиатор · \d+ km · 🆓 public$/)]);
    await act(operator, () => operator.tap(/Алыс Медиатор/));
    expect(operator.lastBotMessage()?.text).toContain("Offered to Алыс Медиатор");
    await expect.poll(() => offerTo(far.user.messages())?.text).toContain(request.code);
    const audit = await flow.app.db.prisma.auditEntry.findMany();
    expect(audit).toMatchObject([{ action: "request.assign", targetType: "request", targetId: String(request.id) }]);
    await act(far.user, () => far.user.tap("✅ Accept"));
    expect((await flow.app.db.prisma.mediationRequest.findUniqueOrThrow({ where: { id: request.id } })).status).toBe("accepted");
  });
});
