// Assisted intake (issue #9): an active mediator or an operator files a request for a person without a
// smartphone; the person's oral consent is recorded with who recorded it; the person can later claim the
// request with the code from the note. Citizens cannot use the assisted mode.
import { afterEach, describe, expect, it } from "vitest";
import type { EmulatedUser } from "../support/bot-api-emulator/types.js";
import { databaseTargets } from "../support/databases.js";
import { startFlow, type Flow } from "../support/flow.js";
import { act, label, tapInList } from "../support/intake-driver.js";
import { activeMediator } from "../support/mediators.js";
import { createAssistedRequestRepository } from "../../src/db/repositories/assisted-request-repository.js";
import { draft, userIdOf } from "../support/requests.js";

let flow: Flow | undefined;
afterEach(async () => {
  await flow?.stop();
  flow = undefined;
});

const NOW = new Date("2026-11-25T06:00:00.000Z");
const OPERATOR = 8900;
const L = (key: string) => label("en", key);
/** For answers without buttons (act() would wait for a question that does not come). */
const say = async (user: EmulatedUser, text: string) => {
  await user.sendText(text);
  return user.waitForReply();
};

/** From the assisted consent question to the summary card, as a filer at the akimat would. */
async function fileFor(filer: EmulatedUser): Promise<void> {
  expect(filer.lastBotMessage()?.text).toContain("Request for another person");
  await act(filer, () => filer.tap(L("assisted:consent.given")));
  await act(filer, () => filer.tap(L("intake:category.names.neighbours")));
  await act(filer, () => filer.sendText("Көршінің малы шабындықты таптап жүр, әр жаз сайын."));
  await act(filer, () => filer.tap(L("intake:otherParty.names.neighbour")));
  await act(filer, () => filer.tap(L("intake:awareness.names.knows")));
  await act(filer, () => filer.tap(L("intake:inCourt.no")));
  await act(filer, () => filer.tap(L("intake:cost.names.free_only")));
  await tapInList(filer, "Akmola Region", L("intake:place.nextPage"));
  await tapInList(filer, /Burabay/, L("intake:place.nextPage"));
  await act(filer, () => filer.tap(L("intake:mode.names.phone")));
  await act(filer, () => filer.tap(L("intake:sessionLanguage.names.kk")));
  // The person's name and phone are typed: no "use my Telegram name", no "share my number".
  expect(filer.lastBotMessage()?.text).toContain("The person's name");
  expect(filer.lastBotMessage()?.inlineButtons.flat()).toEqual([L("intake:nav.back"), L("intake:nav.cancel")]);
  await act(filer, () => filer.sendText("Бақыт Жұмабаев"));
  expect(filer.lastBotMessage()?.text).toContain("The person's phone number");
  expect(JSON.stringify(filer.lastBotMessage()?.replyMarkup ?? {})).not.toContain("request_contact");
  await act(filer, () => filer.sendText("8 701 222 33 44"));
}

describe.each(databaseTargets())("assisted intake on $name", (database) => {
  it("a mediator files for a villager: the request, its status history and audit show the filer and the oral consent", async () => {
    flow = await startFlow({ database, now: () => NOW });
    const mediator = await activeMediator(flow, { id: 8101, name: "Асқар Бекұлы", locale: "en" }, { rayonCodes: ["akmola.zerendi"] });
    const filer = mediator.user;
    await act(filer, () => filer.sendText("/mediator"));
    await act(filer, () => filer.tap(L("assisted:entryButton")));
    await fileFor(filer);
    const summary = filer.lastBotMessage()!.text!;
    expect(summary).toContain("Filed for another person — consent given orally, recorded by you.");
    expect(summary).toContain("Бақыт Жұмабаев");
    expect(summary).toContain("+77012223344");
    const replies = await act(filer, () => filer.tap(L("intake:summary.submit")));
    const text = replies.map((m) => m.text ?? "").join("\n");

    const prisma = flow.app.db.prisma;
    const filerId = await userIdOf(prisma, 8101);
    const request = await prisma.mediationRequest.findFirstOrThrow({ include: { statusChanges: true } });
    expect(request).toMatchObject({ citizenId: filerId, assistedById: filerId, contactName: "Бақыт Жұмабаев", contactPhone: "+77012223344", rayonCode: "akmola.burabay", claimedAt: null });
    expect(request.oralConsentAt?.toISOString()).toBe(NOW.toISOString());
    expect(request.claimCode).toMatch(/^[2-9A-HJKMNP-Z]{10}$/);
    expect(request.statusChanges[0]).toMatchObject({ toStatus: "submitted", actorId: filerId, actorRole: "mediator" });
    const audit = await prisma.auditEntry.findFirstOrThrow({ where: { action: "request.assisted_filed" } });
    expect(audit).toMatchObject({ actorId: filerId, targetType: "request", targetId: String(request.id) });
    expect(JSON.parse(audit.details!)).toEqual({ code: request.code, filerId, role: "mediator", oralConsentAt: NOW.toISOString() });
    expect(audit.details).not.toContain("Бақыт"); // no personal data in the audit log

    // The filer gets the claim code and a note for the person, with the claim link.
    const claimCode = request.claimCode!;
    const shown = `${claimCode.slice(0, 5)}-${claimCode.slice(5)}`;
    expect(text).toContain(`Request ${request.code} is filed`);
    expect(text).toContain(`Claim code: ${shown}`);
    expect(text).toContain(`/claim ${shown}`);
    expect(text).toContain(`https://t.me/${flow.emu.botInfo.username}?start=claim_${claimCode}`);
  }, 60_000);

  it("the person claims the request with the code (link or typed); the filer's own code and a used code are refused", async () => {
    flow = await startFlow({ database, now: () => NOW });
    const prisma = flow.app.db.prisma;
    const mediator = await activeMediator(flow, { id: 8111, name: "Асқар", locale: "en" }, { rayonCodes: ["abai.ayagoz"] });
    const filer = mediator.user;
    const filerId = await userIdOf(prisma, 8111);
    const request = await createAssistedRequestRepository(prisma).submitAssisted({ filerId, role: "mediator", draft: draft(), now: NOW });
    const { claimCode } = request;
    const shown = `${claimCode.slice(0, 5)}-${claimCode.slice(5)}`;

    await say(filer, `/claim ${shown}`);
    expect(filer.lastBotMessage()?.text).toContain("You filed this request yourself");
    const person = flow.emu.user({ id: 8201, first_name: "Бақыт", language_code: "en" });
    await say(person, `/start claim_${claimCode}`);
    expect(person.lastBotMessage()?.text).toContain(`Request ${request.code} is now yours`);
    const personId = await userIdOf(prisma, 8201);
    expect(await prisma.mediationRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({ citizenId: personId, assistedById: filerId, claimCode: null, claimedAt: NOW });
    expect(await prisma.auditEntry.count({ where: { action: "request.claimed", actorId: personId } })).toBe(1);
    await expect.poll(() => filer.lastBotMessage()?.text).toContain(`The person you filed request ${request.code} for has taken it over`);
    expect(await prisma.deepLinkStart.findMany({ select: { kind: true, ref: true, newUser: true } })).toEqual([{ kind: "claim", ref: "", newUser: true }]);
    await say(person, "/myrequests");
    expect(person.lastBotMessage()?.inlineButtons.flat().join(" ")).toContain(request.code);

    // The code works once; typed in lower case it is still recognised, and refused as used.
    const other = flow.emu.user({ id: 8202, first_name: "Other", language_code: "en" });
    await say(other, `/claim ${claimCode.toLowerCase()}`);
    expect(other.lastBotMessage()?.text).toContain("No request is waiting for this code");
    await say(other, "/claim 12345");
    expect(other.lastBotMessage()?.text).toContain("That does not look like a claim code");
    expect((await prisma.mediationRequest.findUniqueOrThrow({ where: { id: request.id } })).citizenId).toBe(personId);
  }, 60_000);

  it("a citizen cannot use the assisted mode: command and forged button are refused, nothing starts", async () => {
    flow = await startFlow({ database, now: () => NOW });
    const citizen = flow.emu.user({ id: 8301, first_name: "Гүлназ", language_code: "en" });
    await act(citizen, () => citizen.sendText("/start"));
    await act(citizen, () => citizen.tap("English"));
    await say(citizen, "/assist");
    expect(citizen.lastBotMessage()?.text).toBe("Only active mediators and operators can file a request for another person.");
    await citizen.sendCallbackData("asf");
    await expect.poll(() => citizen.callbackAnswers().at(-1)?.text).toBe("Only active mediators and operators can file a request for another person.");
    // No intake started: ordinary text is not taken as an answer to an intake question.
    await say(citizen, "hello");
    expect(citizen.lastBotMessage()?.text).not.toContain("another person");
    expect(await flow.app.db.prisma.mediationRequest.count()).toBe(0);
    expect(await flow.app.db.prisma.storageEntry.count({ where: { key: { startsWith: "conversation" } } })).toBeLessThanOrEqual(1);
  }, 60_000);
});

describe("assisted intake by an operator", () => {
  it("starts from the console, records the operator role, and a refused consent saves nothing", async () => {
    flow = await startFlow({ now: () => NOW, env: { OPERATOR_IDS: String(OPERATOR) } });
    const operator = flow.emu.user({ id: OPERATOR, first_name: "Aigul", language_code: "en" });
    await act(operator, () => operator.sendText("/start"));
    await act(operator, () => operator.tap("English"));
    await act(operator, () => operator.sendText("/operator"));
    await act(operator, () => operator.tap(L("assisted:entryButton")));
    await act(operator, () => operator.tap(L("assisted:consent.notGiven")));
    expect(operator.messages().map((m) => m.text).join("\n")).toContain("without the person's consent the request cannot be filed");
    expect(await flow.app.db.prisma.mediationRequest.count()).toBe(0);

    await act(operator, () => operator.sendText("/assist"));
    await fileFor(operator);
    await act(operator, () => operator.tap(L("intake:summary.submit")));
    const request = await flow.app.db.prisma.mediationRequest.findFirstOrThrow({ include: { statusChanges: true } });
    expect(request.statusChanges[0]?.actorRole).toBe("operator");
    const audit = await flow.app.db.prisma.auditEntry.findFirstOrThrow({ where: { action: "request.assisted_filed" } });
    expect(JSON.parse(audit.details!)).toMatchObject({ role: "operator", oralConsentAt: NOW.toISOString() });
  }, 60_000);
});
