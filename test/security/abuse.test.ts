// The security review's abuse findings (December 2026), turned around: each test shows the weakness is gone.
//   Q1  invitation questions are capped per link (in total and per local day); "Something is wrong" on a
//       register link tells operators once (test/flows/register-join.test.ts)
//   D1  deep-link statistics count only valid links, once per person
//   L2  claim codes expire and stop working on closed requests
//   L5  a register link opened by an account with another phone becomes an application, not a mediator
//   L4  .ics text cannot start a new property (lone CR), lines are folded (also test/domain/scheduling.test.ts)
//   I1  CSV cells that would be formulas are neutralised, and the register import takes the guard off again
import { afterEach, describe, expect, it } from "vitest";
import { createAssistedRequestRepository } from "../../src/db/repositories/assisted-request-repository.js";
import { createDeepLinkStartRepository } from "../../src/db/repositories/deep-link-repository.js";
import { createInvitationRepository } from "../../src/db/repositories/invitation-repository.js";
import { createRegisterRepository } from "../../src/db/repositories/register-repository.js";
import { readCsv } from "../../src/domain/register-import/csv-reader.js";
import { buildIcs } from "../../src/domain/scheduling.js";
import { csvDocument, csvLine } from "../../src/domain/statistics.js";
import type { EmulatedUser } from "../support/bot-api-emulator/types.js";
import { databaseTargets } from "../support/databases.js";
import { startFlow, type Flow } from "../support/flow.js";
import { act } from "../support/intake-driver.js";
import { activeMediator } from "../support/mediators.js";
import { draft, startedUser, submitRequest, userIdOf } from "../support/requests.js";

let flow: Flow | undefined;
afterEach(async () => {
  await flow?.stop();
  flow = undefined;
});

const DAY = 86_400_000;
// 10:00 in Almaty (UTC+5): the next local day starts 14 hours later.
const START = new Date("2026-11-25T05:00:00.000Z");

const questionsReceived = (op: EmulatedUser) => op.messages().filter((m) => m.fromBot && m.text?.includes("Question number")).length;

describe.each(databaseTargets())("abuse on $name", (database) => {
  it("Q1: an invitation link carries at most 2 questions a day and 3 in all; past the cap the person is told and the Ask button is gone", async () => {
    let now = START;
    flow = await startFlow({ database, now: () => now, env: { OPERATOR_IDS: "9900,9901", DIGEST_TIME: "23:59" } });
    const prisma = flow.app.db.prisma;
    const ops = [flow.emu.user({ id: 9900, first_name: "Op1", language_code: "en" }), flow.emu.user({ id: 9901, first_name: "Op2", language_code: "en" })];
    for (const op of ops) await startedUser(prisma, op);
    const citizen = flow.emu.user({ id: 9002, first_name: "Айгүл", language_code: "en" });
    const citizenId = await startedUser(prisma, citizen);
    const request = await submitRequest(prisma, citizenId, now);
    await act(citizen, () => citizen.sendCallbackData(`iv:n:${request.id}`));
    const code = (await prisma.invitation.findFirstOrThrow()).code;

    const other = flow.emu.user({ id: 9202, first_name: "Bolat", language_code: "en" });
    await act(other, () => other.sendText(`/start inv_${code}`));
    expect(other.lastBotMessage()?.inlineButtons.flat()).toContain("❓ Ask a question");
    const ask = async (i: number) => {
      await act(other, () => other.sendCallbackData(`iv:q:${code}`));
      return act(other, () => other.sendText(`Question number ${i}`));
    };
    await ask(1);
    expect(other.lastBotMessage()?.inlineButtons.flat()).toContain("❓ Ask a question");
    await ask(2);
    // The day's cap is reached: the keyboard under the answer no longer offers a question.
    expect(other.lastBotMessage()?.text).toContain("your question has gone to the mediation centre");
    expect(other.lastBotMessage()?.inlineButtons.flat()).not.toContain("❓ Ask a question");
    // A forged (or old) Ask button is answered kindly and starts nothing.
    await other.sendCallbackData(`iv:q:${code}`);
    expect(await other.waitForCallbackAnswer()).toMatchObject({ text: expect.stringContaining("Questions through this link have reached their limit"), showAlert: true });
    await act(other, () => other.sendText("Question number 99"));
    for (const op of ops) await expect.poll(() => questionsReceived(op)).toBe(2);
    // Re-opening the link the same day shows no Ask button.
    await act(other, () => other.sendText(`/start inv_${code}`));
    expect(other.lastBotMessage()?.inlineButtons.flat()).not.toContain("❓ Ask a question");

    // The next local day: one more, then the link's total cap.
    now = new Date(START.getTime() + DAY);
    await act(other, () => other.sendText(`/start inv_${code}`));
    expect(other.lastBotMessage()?.inlineButtons.flat()).toContain("❓ Ask a question");
    await ask(3);
    await other.sendCallbackData(`iv:q:${code}`);
    expect((await other.waitForCallbackAnswer()).showAlert).toBe(true);
    now = new Date(START.getTime() + 5 * DAY);
    await other.sendCallbackData(`iv:q:${code}`);
    expect((await other.waitForCallbackAnswer()).text).toContain("reached their limit");
    for (const op of ops) await expect.poll(() => questionsReceived(op)).toBe(3);
    expect(await prisma.invitation.findFirstOrThrow({ where: { code } })).toMatchObject({ questionCount: 3, questionDayCount: 1 });
    // The link still answers the invitation.
    await act(other, () => other.tap("✅ I agree to mediation"));
    expect((await prisma.mediationRequest.findUniqueOrThrow({ where: { id: request.id } })).otherPartyStatus).toBe("agreed");
  });

  it("Q1: a question typed after the cap was reached elsewhere (a second device) is not forwarded", async () => {
    flow = await startFlow({ database, now: () => START, env: { OPERATOR_IDS: "9900", DIGEST_TIME: "23:59", INVITATION_QUESTIONS_PER_DAY: "1" } });
    const prisma = flow.app.db.prisma;
    const op = flow.emu.user({ id: 9900, first_name: "Op1", language_code: "en" });
    await startedUser(prisma, op);
    const citizenId = await startedUser(prisma, flow.emu.user({ id: 9003, first_name: "Айгүл", language_code: "en" }));
    const request = await submitRequest(prisma, citizenId, START);
    const { code } = await createInvitationRepository(prisma).issue(request.id, citizenId, START).then((r) => (r.ok ? r : Promise.reject(new Error(r.reason))));
    const a = flow.emu.user({ id: 9203, first_name: "A", language_code: "en" });
    const b = flow.emu.user({ id: 9204, first_name: "B", language_code: "en" });
    for (const u of [a, b]) await act(u, () => u.sendText(`/start inv_${code}`));
    // Both open the question prompt while one question is still allowed today; both type.
    await act(a, () => a.sendCallbackData(`iv:q:${code}`));
    await act(b, () => b.sendCallbackData(`iv:q:${code}`));
    await act(a, () => a.sendText("Question number 1"));
    await act(b, () => b.sendText("Question number 2"));
    expect(b.lastBotMessage()?.text).toContain("Your question was not sent");
    await expect.poll(() => questionsReceived(op)).toBe(1);
    expect((await prisma.invitation.findFirstOrThrow({ where: { code } })).questionCount).toBe(1);
  });

  it("D1: deep-link starts are counted only for valid links, once per person and link", async () => {
    flow = await startFlow({ database, now: () => START });
    const prisma = flow.app.db.prisma;
    const u = flow.emu.user({ id: 7200, first_name: "X", language_code: "en" });
    for (let i = 0; i < 5; i++) await act(u, () => u.sendText("/start r_117000000"));
    await act(u, () => u.sendText("/start r_999999999")); // not a rayon
    for (let i = 0; i < 5; i++) await act(u, () => u.sendText(`/start inv_Forged${"a".repeat(10)}${i}`));
    for (let i = 0; i < 3; i++) await act(u, () => u.sendText("/start claim_ABCDEFGHJK"));
    await act(u, () => u.sendText("/start m_AAAAAAAAAAAAAAAA"));
    // A real invitation, opened twice by one person and once by another.
    const citizenId = await startedUser(prisma, flow.emu.user({ id: 7201, first_name: "C", language_code: "en" }));
    const request = await submitRequest(prisma, citizenId, START);
    const issued = await createInvitationRepository(prisma).issue(request.id, citizenId, START);
    if (!issued.ok) throw new Error(issued.reason);
    for (let i = 0; i < 2; i++) await act(u, () => u.sendText(`/start inv_${issued.code}`));
    const v = flow.emu.user({ id: 7202, first_name: "V", language_code: "en" });
    await act(v, () => v.sendText(`/start inv_${issued.code}`));
    await act(v, () => v.sendText("/start r_117000000"));

    const rows = await prisma.deepLinkStart.findMany({ select: { kind: true, ref: true }, orderBy: [{ kind: "asc" }, { id: "asc" }] });
    expect(rows).toEqual([
      { kind: "invitation", ref: "" }, { kind: "invitation", ref: "" },
      { kind: "poster", ref: "117000000" }, { kind: "poster", ref: "117000000" },
    ]);
    // /stats reads the same: two people came through the Burabay poster.
    const counted = await createDeepLinkStartRepository(prisma).countSince(undefined);
    expect(counted.find((c) => c.kind === "poster")).toMatchObject({ ref: "117000000", starts: 2 });
  });

  it("L2: a claim code stops working after CLAIM_CODE_TTL_DAYS and on a closed request, with the same words as an unknown code", async () => {
    let now = START;
    flow = await startFlow({ database, now: () => now, env: { CLAIM_CODE_TTL_DAYS: "30" } });
    const prisma = flow.app.db.prisma;
    const mediator = await activeMediator(flow, { id: 8111, name: "Асқар", locale: "en" }, { rayonCodes: ["abai.ayagoz"] });
    const filerId = await userIdOf(prisma, 8111);
    const assisted = createAssistedRequestRepository(prisma);
    // Three filings (each with its own moment of consent, so none is taken for a replay of another).
    const file = (consentAt: string, at: Date) => assisted.submitAssisted({ filerId, role: "mediator", draft: draft({ consentAt }), now: at });
    const old = await file("2026-11-25T04:00:00.000Z", START);
    const closed = await file("2026-11-25T04:10:00.000Z", START);
    const fresh = await file("2026-12-15T04:00:00.000Z", new Date(START.getTime() + 20 * DAY));
    await prisma.mediationRequest.update({ where: { id: closed.id }, data: { status: "cancelled", closedAt: START } });
    now = new Date(START.getTime() + 30 * DAY + 60_000);

    const person = flow.emu.user({ id: 8201, first_name: "Бақыт", language_code: "en" });
    for (const code of [old.claimCode, closed.claimCode]) {
      await act(person, () => person.sendText(`/claim ${code}`));
      expect(person.lastBotMessage()?.text).toContain("No request is waiting for this code. It may have been used already or no longer be valid");
      await act(person, () => person.sendText(`/start claim_${code}`));
      expect(person.lastBotMessage()?.text).toContain("No request is waiting for this code");
    }
    // The filer's own expired code reads the same (nothing about the request).
    await act(mediator.user, () => mediator.user.sendText(`/claim ${old.claimCode}`));
    expect(mediator.user.lastBotMessage()?.text).toContain("No request is waiting for this code");
    for (const id of [old.id, closed.id]) expect(await prisma.mediationRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({ citizenId: filerId, claimedAt: null });
    expect(await prisma.deepLinkStart.count()).toBe(0);
    // A code within its time on an open request still works.
    await act(person, () => person.sendText(`/start claim_${fresh.claimCode}`));
    expect(person.lastBotMessage()?.text).toContain(`Request ${fresh.code} is now yours`);
    expect((await prisma.mediationRequest.findUniqueOrThrow({ where: { id: fresh.id } })).citizenId).toBe(await userIdOf(prisma, 8201));
    expect(await prisma.deepLinkStart.count({ where: { kind: "claim" } })).toBe(1);
  });

  it("L5: joining takes the register's number to become active; any other number leaves a pending application (in the write)", async () => {
    flow = await startFlow({ database, now: () => START });
    const prisma = flow.app.db.prisma;
    const register = createRegisterRepository(prisma);
    const invite = (code: string, phone: string) => prisma.mediatorInvite.create({ data: {
      code, fullName: "Ержан Сапарұлы", phone, kind: "public", registryNumber: null, rayonCodes: "akmola.burabay",
      languages: "kk", specializations: "family", modes: "in_person", maxOpenCases: 3, status: "waiting", expiresAt: new Date(START.getTime() + DAY),
    } });
    await invite("AbcdefghJKmnpq23", "+77017654321");
    await invite("BbcdefghJKmnpq23", "+77017654322");
    const a = await startedUser(prisma, flow.emu.user({ id: 8301, first_name: "A", language_code: "en" }));
    const b = await startedUser(prisma, flow.emu.user({ id: 8302, first_name: "B", language_code: "en" }));

    const same = await register.joinInvite("AbcdefghJKmnpq23", a, "+77017654321", START);
    expect(same).toMatchObject({ ok: true, review: false });
    expect(await prisma.mediator.findUniqueOrThrow({ where: { userId: a } })).toMatchObject({ status: "active", phone: "+77017654321" });
    const other = await register.joinInvite("BbcdefghJKmnpq23", b, "+77770000000", START);
    expect(other).toMatchObject({ ok: true, review: true });
    expect(await prisma.mediator.findUniqueOrThrow({ where: { userId: b } })).toMatchObject({ status: "pending", phone: "+77770000000", fullName: "Ержан Сапарұлы" });
    expect((await prisma.mediatorInvite.findUniqueOrThrow({ where: { code: "BbcdefghJKmnpq23" } })).status).toBe("review");
    // Used links stay used, for anyone.
    const c = await startedUser(prisma, flow.emu.user({ id: 8303, first_name: "C", language_code: "en" }));
    expect(await register.joinInvite("BbcdefghJKmnpq23", c, "+77017654322", START)).toEqual({ ok: false, reason: "unavailable" });
    // The pending profile is an ordinary application: in the operators' queue.
    expect((await flow.app.db.prisma.mediator.findMany({ where: { status: "pending" }, select: { userId: true } })).map((m) => m.userId)).toEqual([b]);
  });

  it("Q1: 'Something is wrong' on a register link is reported once per invite (in the write)", async () => {
    flow = await startFlow({ database, now: () => START });
    const prisma = flow.app.db.prisma;
    const register = createRegisterRepository(prisma);
    await prisma.mediatorInvite.create({ data: {
      code: "CbcdefghJKmnpq23", fullName: "Ержан", phone: "+77017654321", kind: "public", registryNumber: null, rayonCodes: "akmola.burabay",
      languages: "kk", specializations: "family", modes: "in_person", maxOpenCases: 3, status: "waiting", expiresAt: new Date(START.getTime() + DAY),
    } });
    expect(await Promise.all([1, 2, 3].map(() => register.reportInviteProblem("CbcdefghJKmnpq23", START)))).toEqual(expect.arrayContaining(["reported", "already-reported"]));
    expect((await Promise.all([1, 2].map(() => register.reportInviteProblem("CbcdefghJKmnpq23", START)))).filter((r) => r === "reported")).toEqual([]);
    expect(await register.reportInviteProblem("NoSuchCodeAAAAAA", START)).toBe("unavailable");
    expect(await register.reportInviteProblem("CbcdefghJKmnpq23", new Date(START.getTime() + 2 * DAY))).toBe("unavailable");
  });
});

describe("I1 and L4: files the bot writes", () => {
  it("I1: a CSV cell that starts like a formula is neutralised; the register reader takes the guard off again", () => {
    expect(csvLine(["=HYPERLINK(\"http://x\")", "+77011112233", "-1", "@SUM(A1)", "\tx", "\rx", "Айгүл", 5, -3, null])).toBe(
      "\"'=HYPERLINK(\"\"http://x\"\")\",'+77011112233,'-1,'@SUM(A1),'\tx,\"'\rx\",Айгүл,5,-3,",
    );
    const document = csvDocument(["full_name", "phone"], [["Айгүл Омарова", "+77011112233"], ["=cmd", "-x"]]);
    expect(readCsv(document).map((r) => r.fields)).toEqual([["full_name", "phone"], ["Айгүл Омарова", "+77011112233"], ["=cmd", "-x"]]);
    // An apostrophe someone typed before ordinary text is kept.
    expect(readCsv("a,b\r\n'quoted,x\r\n")[1]!.fields).toEqual(["'quoted", "x"]);
  });

  it("L4: a lone CR in a place cannot start a new .ics property", () => {
    const ics = buildIcs({ uid: "u", start: new Date("2026-12-01T05:00:00Z"), durationMinutes: 60, now: new Date("2026-11-30T00:00:00Z"), summary: "s", location: "Akimat\rATTENDEE:mailto:x@example.com" });
    expect(ics).not.toContain("Akimat\rATTENDEE");
    expect(ics.replace(/\r\n /g, "")).toContain("LOCATION:Akimat\\nATTENDEE:mailto:x@example.com\r\n");
    expect(ics.split("\r\n").some((line) => line.startsWith("ATTENDEE"))).toBe(false);
  });
});
