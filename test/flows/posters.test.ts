// Rayon posters (issue #9): an operator makes a poster for a rayon (PDF + QR PNG, no browser); its QR code
// decodes to the rayon's deep link; starting the bot with that link pre-selects the rayon in the intake;
// starts per poster appear in /stats.
import { afterEach, describe, expect, it } from "vitest";
import type { ChatMessage, EmulatedUser } from "../support/bot-api-emulator/types.js";
import { databaseTargets } from "../support/databases.js";
import { startFlow, type Flow } from "../support/flow.js";
import { act, label, tapInList } from "../support/intake-driver.js";
import { decodeOurPng, decodeQr } from "../support/png.js";
import { activeMediator } from "../support/mediators.js";

let flow: Flow | undefined;
afterEach(async () => {
  await flow?.stop();
  flow = undefined;
});

const NOW = new Date("2026-11-25T06:00:00.000Z");
const OPERATOR = 9001;
const BURABAY_KATO = "117000000";
const L = (key: string) => label("en", key);

async function untilMessages(user: EmulatedUser, count: number): Promise<ChatMessage[]> {
  const seen: ChatMessage[] = [];
  for (let i = 0; i < 10 && seen.length < count; i++) seen.push(...(await user.waitForReply()));
  return seen;
}

async function englishOperator(f: Flow): Promise<EmulatedUser> {
  const operator = f.emu.user({ id: OPERATOR, first_name: "Aigul", language_code: "en" });
  await act(operator, () => operator.sendText("/start"));
  await act(operator, () => operator.tap("English"));
  return operator;
}

describe.each(databaseTargets())("rayon posters on $name", (database) => {
  it("an operator makes a Burabay poster: a PDF and a QR PNG that decodes to the rayon's deep link; audited", async () => {
    flow = await startFlow({ database, now: () => NOW, env: { OPERATOR_IDS: String(OPERATOR) } });
    await activeMediator(flow, { id: 9101, name: "Серік" }, { rayonCodes: ["akmola.burabay"] });
    const operator = await englishOperator(flow);
    await act(operator, () => operator.sendText("/operator"));
    await act(operator, () => operator.tap(L("posters:button")));
    expect(operator.lastBotMessage()?.text).toContain("Poster for a district");
    await tapInList(operator, "Akmola Region", L("posters:nextPage"));
    expect(operator.lastBotMessage()?.text).toContain("Akmola Region. Choose the district");
    for (let page = 0; page < 3 && !operator.lastBotMessage()?.inlineButtons.flat().some((b) => /Burabay/.test(b)); page++) await act(operator, () => operator.tap(L("posters:nextPage")));
    await operator.tap(/Burabay/);
    const [pdf, png] = await untilMessages(operator, 2);

    const link = `https://t.me/${flow.emu.botInfo.username}?start=r_${BURABAY_KATO}`;
    expect(pdf?.kind).toBe("document");
    expect(pdf?.document?.fileName).toBe(`kelisim-poster-${BURABAY_KATO}.pdf`);
    expect(pdf?.document?.content?.subarray(0, 5).toString("ascii")).toBe("%PDF-");
    expect(pdf?.text).toContain("Poster for Burabay District, Akmola Region");
    expect(pdf?.text).toContain("Active mediators in the district: 1");
    expect(pdf?.text).toContain(link);
    expect(png?.document?.fileName).toBe(`kelisim-poster-${BURABAY_KATO}-qr.png`);
    expect(decodeQr(decodeOurPng(png!.document!.content!))).toBe(link);
    expect(await flow.app.db.prisma.auditEntry.findFirst({ where: { action: "poster.generated" }, select: { targetType: true, targetId: true } }))
      .toEqual({ targetType: "rayon", targetId: "akmola.burabay" });
  }, 60_000);

  it("a poster link is counted, remembered and pre-selects the rayon in the intake; the person can still change it", async () => {
    flow = await startFlow({ database, now: () => NOW, env: { OPERATOR_IDS: String(OPERATOR) } });
    const person = flow.emu.user({ id: 9201, first_name: "Айгүл", language_code: "en" });
    await act(person, () => person.sendText(`/start r_${BURABAY_KATO}`));
    expect(person.lastBotMessage()?.text).toContain("You came from the poster for Burabay District (Akmola Region)");
    const prisma = flow.app.db.prisma;
    expect(await prisma.user.findUniqueOrThrow({ where: { telegramId: 9201n }, select: { preferredRayonCode: true } })).toEqual({ preferredRayonCode: "akmola.burabay" });
    expect(await prisma.deepLinkStart.findMany({ select: { kind: true, ref: true, newUser: true } })).toEqual([{ kind: "poster", ref: BURABAY_KATO, newUser: true }]);

    await act(person, () => person.tap(L("posters:start.request")));
    await act(person, () => person.tap(L("intake:consent.agree")));
    await act(person, () => person.tap(L("intake:category.names.family")));
    await act(person, () => person.sendText("We cannot agree how to share our late father's house."));
    await act(person, () => person.tap(L("intake:otherParty.names.relative")));
    await act(person, () => person.tap(L("intake:awareness.names.knows")));
    await act(person, () => person.tap(L("intake:inCourt.no")));
    await act(person, () => person.tap(L("intake:cost.names.free_only")));
    expect(person.lastBotMessage()?.text).toBe("📍 Your district: Burabay District, Akmola Region. Is that right?");
    // "Change" shows the ordinary region list instead (the choice itself is tested in test/domain/poster-intake.test.ts).
    await act(person, () => person.tap(L("posters:intake.change")));
    expect(person.messages().map((m) => m.text).join("\n")).toContain(label("en", "intake:place.oblastQuestion").replace(/<\/?b>/g, ""));
    expect(person.lastBotMessage()?.inlineButtons.flat()).toContain("Akmola Region");
  }, 60_000);

  it("taking the poster's rayon files the request there; /stats counts starts per poster", async () => {
    flow = await startFlow({ database, now: () => NOW, env: { OPERATOR_IDS: String(OPERATOR) } });
    const prisma = flow.app.db.prisma;
    await prisma.deepLinkStart.create({ data: { kind: "poster", ref: BURABAY_KATO, newUser: false, createdAt: new Date(NOW.getTime() - 3_600_000) } });
    await prisma.deepLinkStart.create({ data: { kind: "poster", ref: BURABAY_KATO, newUser: true, createdAt: new Date(NOW.getTime() - 60 * 86_400_000) } }); // outside 30 days
    // A second person takes the suggestion as it is.
    const second = flow.emu.user({ id: 9202, first_name: "Ерлан", language_code: "en" });
    await act(second, () => second.sendText(`/start r_${BURABAY_KATO}`));
    await act(second, () => second.tap(L("posters:start.request")));
    await act(second, () => second.tap(L("intake:consent.agree")));
    await act(second, () => second.tap(L("intake:category.names.neighbours")));
    await act(second, () => second.sendText("The neighbour's cattle trample our hayfield every summer."));
    await act(second, () => second.tap(L("intake:otherParty.names.neighbour")));
    await act(second, () => second.tap(L("intake:awareness.names.knows")));
    await act(second, () => second.tap(L("intake:inCourt.no")));
    await act(second, () => second.tap(L("intake:cost.names.free_only")));
    await act(second, () => second.tap(L("posters:intake.yes")));
    expect(second.messages().map((m) => m.text).join("\n")).toContain("Burabay District");
    expect(second.lastBotMessage()?.text).toContain(label("en", "intake:mode.question").replace(/<\/?b>/g, "").slice(0, 12));
    await act(second, () => second.tap(L("intake:mode.names.in_person")));
    await act(second, () => second.tap(L("intake:sessionLanguage.names.kk")));
    await act(second, () => second.sendText("Ерлан"));
    await act(second, () => second.sendText("+7 701 555 44 33"));
    await act(second, () => second.tap(L("intake:summary.submit")));
    expect((await prisma.mediationRequest.findFirstOrThrow()).rayonCode).toBe("akmola.burabay");

    // Starts through posters, per rayon, in /stats.
    const operator = await englishOperator(flow);
    await operator.sendText("/stats");
    const [, summary] = await untilMessages(operator, 2);
    expect(summary?.text).toContain("🖨 Starts through posters (new people in brackets):\n• Burabay District, Akmola Region: 2 (1)");
  }, 60_000);

  it("only operators make posters: /poster and a forged button from a citizen do nothing", async () => {
    flow = await startFlow({ database, now: () => NOW, env: { OPERATOR_IDS: String(OPERATOR) } });
    const citizen = flow.emu.user({ id: 9301, first_name: "Гүлназ", language_code: "en" });
    await act(citizen, () => citizen.sendText("/start"));
    await act(citizen, () => citizen.tap("English"));
    await citizen.sendText("/poster");
    await citizen.waitForReply();
    expect(citizen.lastBotMessage()?.text).not.toContain("Poster");
    await citizen.sendCallbackData(`pst:mk:${BURABAY_KATO}`);
    await expect.poll(() => citizen.callbackAnswers().at(-1)?.text).toBe("Only operators can make posters.");
    expect(citizen.messages().some((m) => m.kind === "document")).toBe(false);
    expect(await flow.app.db.prisma.auditEntry.count()).toBe(0);
  }, 60_000);
});
