// Security review R1: one person must not be able to grow their own conversation state. Inside ONE intake
// step the person sends 2,000 wrong things (stickers, 4,000-character texts, voice, buttons of nothing or
// of other steps); every one is answered, and none of them enters the replay log: the stored state, the
// number of recorded operations and the number of recorded updates stay exactly as they were before the
// flood (sampled throughout), so the work per update cannot grow. Then the intake still submits.
import { afterEach, describe, expect, it } from "vitest";
import type { Flow } from "../support/flow.js";
import { startFlowOn } from "../support/flow-targets.js";
import { databaseTargets } from "../support/databases.js";
import { act, label, tapInList } from "../support/intake-driver.js";
import type { EmulatedUser } from "../support/bot-api-emulator/types.js";

let flow: Flow | undefined;
afterEach(async () => {
  await flow?.stop();
  flow = undefined;
});

const STATE_CAP = 64 * 1024;
/** 2,000 on SQLite (the review's figure); the same flood, shorter, on PostgreSQL, to keep the suite's time. */
const floodFor = (database: string) => Number(process.env.FLOOD_N ?? (database === "sqlite" ? 2000 : 400));
const L = (key: string) => label("en", key);

/** What the stored conversation state costs to handle: its UTF-8 size, and the replay log it holds. */
async function storedState(f: Flow, chatId: number): Promise<{ bytes: number; ops: number; updates: number }> {
  const row = await f.app.db.prisma.storageEntry.findUnique({ where: { key: `conversation:${chatId}` } });
  if (!row) return { bytes: 0, ops: 0, updates: 0 };
  const stored = JSON.parse(row.value) as { state: Record<string, Array<{ replay: { send: Array<{ payload: unknown }>; receive: Array<{ send: number }> } }>> };
  let ops = 0;
  let updates = 0;
  for (const instances of Object.values(stored.state)) {
    for (const { replay } of instances) {
      ops += replay.send.length;
      // A recorded update is the answer to a "wait" interrupt.
      updates += replay.receive.filter((r) => replay.send[r.send]?.payload === "wait").length;
    }
  }
  return { bytes: Buffer.byteLength(row.value, "utf8"), ops, updates };
}

/** One wrong thing at the category step (buttons only), in turn: a sticker, a long text, a voice, bad buttons. */
async function sendWrong(user: EmulatedUser, i: number): Promise<void> {
  switch (i % 6) {
    case 0: return user.sendSticker();
    case 1: return user.sendText(`${"x".repeat(4000)} ${i}`);
    case 2: return user.sendVoice(2);
    case 3: return user.sendCallbackData("i:category:no_such_category");
    case 4: return user.sendCallbackData(`i:rayon:${i}`); // another step's button
    default: return user.sendCallbackData("ma:kind:public"); // another conversation's button
  }
}

describe.each(databaseTargets())("conversation state under a flood, on $name", (database) => {
  it("rejected input never enters the replay log; the state stays under 64 KB and the intake still submits", { timeout: 900_000 }, async () => {
    const FLOOD = floodFor(database.name);
    flow = await startFlowOn(database);
    const user = flow.emu.user({ id: 7777, first_name: "Flood", language_code: "en" });
    await act(user, () => user.sendText("/start"));
    await act(user, () => user.tap("English"));
    await act(user, () => user.tap(L("menu.request")));
    await act(user, () => user.tap(L("intake:consent.agree")));
    const before = await storedState(flow, 7777);
    expect(before.updates).toBeGreaterThan(0);

    const samples = [before];
    const hints = new Set([L("intake:hints.useButtons"), L("intake:hints.staleButton")]);
    // Counted from what each wait returns (copying the whole chat on every check would make the test, not the bot,
    // slower with every message).
    let hintCount = 0;
    const awaitReplies = async () => {
      const changed = await user.waitForReply({ quietMs: 1 });
      hintCount += changed.filter((m) => m.fromBot && m.text !== undefined && hints.has(m.text) && !m.edited).length;
    };
    const hinted = () => user.messages().filter((m) => m.fromBot && m.text !== undefined && hints.has(m.text)).length;
    // Sent in bursts, as a flooding client would (the bot handles one chat's updates in order); after each burst
    // every input of it has had its hint (then the category question again), and every 100 the state is sampled.
    const BURST = 20;
    for (let i = 1; i <= FLOOD; i++) {
      await sendWrong(user, i);
      if (i % BURST !== 0 && i !== FLOOD) continue;
      while (hintCount < i) await awaitReplies();
      if (i % 100 === 0) samples.push(await storedState(flow, 7777));
    }
    for (const sample of samples) {
      expect(sample.bytes).toBeLessThan(STATE_CAP);
      // Not one byte, operation or update more than before the flood: handling an update costs the same.
      expect(sample).toEqual(before);
    }
    // Every wrong input got exactly one hint.
    await user.waitForReply({ quietMs: 100 }).catch(() => undefined);
    expect(hinted()).toBe(FLOOD);
    expect(await storedState(flow, 7777)).toEqual(before);
    // The question is still there to answer, as the newest message.
    expect(user.lastBotMessage()?.inlineButtons.flat()).toContain(L("intake:category.names.neighbours"));

    // The rest of the intake, from the newest copy of the category question.
    await act(user, () => user.tap(L("intake:category.names.neighbours")));
    await act(user, () => user.sendText("The neighbour's cattle trample our hayfield every summer."));
    await act(user, () => user.tap(L("intake:otherParty.names.neighbour")));
    await act(user, () => user.tap(L("intake:awareness.names.knows")));
    await act(user, () => user.tap(L("intake:inCourt.no")));
    await act(user, () => user.tap(L("intake:cost.names.free_only")));
    await tapInList(user, "Akmola Region", L("intake:place.nextPage"));
    await tapInList(user, /Burabay/, L("intake:place.nextPage"));
    await act(user, () => user.tap(L("intake:mode.names.in_person")));
    await act(user, () => user.tap(L("intake:sessionLanguage.names.kk")));
    await act(user, () => user.sendText("Айгүл Серікқызы"));
    await act(user, () => user.sendText("+7 701 234 56 78"));
    const filled = await storedState(flow, 7777);
    expect(filled.bytes).toBeLessThan(STATE_CAP);
    await act(user, () => user.tap(L("intake:summary.submit")));

    const requests = await flow.app.db.prisma.mediationRequest.findMany({ select: { category: true, description: true, rayonCode: true } });
    expect(requests).toEqual([{ category: "neighbours", description: "The neighbour's cattle trample our hayfield every summer.", rayonCode: expect.stringContaining("burabay") }]);
    // The plugin deletes the state right after the last reply went out.
    await expect.poll(() => storedState(flow!, 7777)).toEqual({ bytes: 0, ops: 0, updates: 0 });
    console.log("R1 after the fix (bytes, recorded ops, recorded updates): before the flood", JSON.stringify(before), "— filled in", JSON.stringify(filled));
  });
});
