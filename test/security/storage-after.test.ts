// Security review L3 and R1: what is left of a person's conversation state in StorageEntry. Nothing after a
// submitted intake; an abandoned one is pruned by the job once CONVERSATION_TTL_DAYS have passed (fake clock),
// and the person who comes back is told the form was closed; a state that would pass 64 KB is reset, and the
// person is told why, in their language.
import { afterEach, describe, expect, it } from "vitest";
import type { Flow } from "../support/flow.js";
import { startFlowOn } from "../support/flow-targets.js";
import { databaseTargets } from "../support/databases.js";
import { act, fillIntake, label } from "../support/intake-driver.js";

let flow: Flow | undefined;
afterEach(async () => {
  await flow?.stop();
  flow = undefined;
});

const DAY = 24 * 60 * 60_000;
const stored = (f: Flow, chatId: number) => f.app.db.prisma.storageEntry.findUnique({ where: { key: `conversation:${chatId}` } });

describe.each(databaseTargets())("conversation state after the intake, on $name", (database) => {
  it("C1: a submitted intake leaves nothing in StorageEntry", async () => {
    flow = await startFlowOn(database);
    const person = flow.emu.user({ id: 7301, first_name: "Айгүл", language_code: "en", phone_number: "+7 701 555 44 33" });
    await act(person, () => person.sendText("/start"));
    await act(person, () => person.tap("English"));
    await fillIntake(person, "en", { description: { text: "The neighbour's cattle trample our hayfield every summer." }, place: { oblast: "Akmola Region", rayon: /Burabay/ }, phone: { contact: true } });
    // During the intake the state holds the phone, in the shared contact (written right after the reply went out)…
    await expect.poll(async () => (await stored(flow!, 7301))?.value ?? "").toMatch(/555 ?44 ?33/);
    await act(person, () => person.tap(label("en", "intake:summary.submit")));
    // …and after Submit nothing is left.
    await expect.poll(() => stored(flow!, 7301)).toBeNull();
  });

  it("L3: an abandoned intake is pruned once CONVERSATION_TTL_DAYS have passed; coming back, the person is told it was closed", async () => {
    flow = await startFlowOn(database);
    const person = flow.emu.user({ id: 7302, first_name: "Асқар", language_code: "ru" });
    await act(person, () => person.sendText("/start"));
    await act(person, () => person.tap("Русский"));
    await act(person, () => person.tap(label("ru", "menu.request")));
    await act(person, () => person.tap(label("ru", "intake:consent.agree")));
    await act(person, () => person.tap(label("ru", "intake:category.names.neighbours")));
    await act(person, () => person.sendText("Сосед передвинул забор на два метра на наш участок."));
    // The state is written right after the reply went out.
    await expect.poll(async () => (await stored(flow!, 7302))?.value ?? "").toContain("передвинул забор");
    const other = await flow.app.db.prisma.storageEntry.count({ where: { NOT: { key: { startsWith: "conversation:" } } } });

    // Six days later the form is still there (default CONVERSATION_TTL_DAYS=7)…
    expect(await flow.app.jobs.pruneConversations(new Date(Date.now() + 6 * DAY))).toBe(0);
    expect(await stored(flow, 7302)).not.toBeNull();
    // …eight days later it is gone, and nothing else in the table went with it.
    expect(await flow.app.jobs.pruneConversations(new Date(Date.now() + 8 * DAY))).toBe(1);
    expect(await stored(flow, 7302)).toBeNull();
    expect(await flow.app.db.prisma.storageEntry.count({ where: { NOT: { key: { startsWith: "conversation:" } } } })).toBe(other);

    // The person answers the question still on screen: the form is closed, and the menu is offered.
    const replies = await act(person, () => person.tap(label("ru", "intake:otherParty.names.neighbour")));
    expect(replies.map((m) => m.text).join("\n")).toContain(label("ru", "errors.formClosed"));
    expect(person.lastBotMessage()?.inlineButtons.flat()).toContain(label("ru", "menu.request"));
    // Starting again works, from the beginning.
    await act(person, () => person.tap(label("ru", "menu.request")));
    expect(person.lastBotMessage()?.inlineButtons.flat()).toContain(label("ru", "intake:consent.agree"));
  });

  it("R1: a state that would pass 64 KB (list pages turned again and again) is reset, and the person is told in their language", { timeout: 600_000 }, async () => {
    flow = await startFlowOn(database);
    const person = flow.emu.user({ id: 7303, first_name: "Гүлнар", language_code: "kk" });
    const L = (key: string) => label("kk", key);
    await act(person, () => person.sendText("/start"));
    await act(person, () => person.tap("Қазақша"));
    await act(person, () => person.tap(L("menu.request")));
    await act(person, () => person.tap(L("intake:consent.agree")));
    await act(person, () => person.tap(L("intake:category.names.neighbours")));
    await act(person, () => person.sendText("Көршінің сиыры бидайымды таптап кетті."));
    await act(person, () => person.tap(L("intake:otherParty.names.neighbour")));
    await act(person, () => person.tap(L("intake:awareness.names.knows")));
    await act(person, () => person.tap(L("intake:inCourt.no")));
    await act(person, () => person.tap(L("intake:cost.names.free_only")));
    // The oblast list has two pages; turning them back and forth is an accepted step, recorded each time.
    const sizes: number[] = [];
    let previous = (await stored(flow, 7303))?.value;
    for (let i = 0; i < 300; i++) {
      await act(person, () => person.tap(L(i % 2 === 0 ? "intake:place.nextPage" : "intake:place.previousPage")));
      // Each turn changes the state, which is written right after the reply: wait for that write.
      await expect.poll(async () => (await stored(flow!, 7303))?.value !== previous).toBe(true);
      const row = await stored(flow, 7303);
      previous = row?.value;
      sizes.push(row ? Buffer.byteLength(row.value, "utf8") : 0);
      if (!row) break;
    }
    expect(sizes.at(-1)).toBe(0); // reset…
    expect(sizes.length).toBeGreaterThan(3); // …after growing for a while
    expect(Math.max(...sizes)).toBeLessThan(64 * 1024);
    await expect.poll(() => person.messages().some((m) => m.fromBot && m.text === L("errors.formTooLong"))).toBe(true);
    expect(person.lastBotMessage()?.inlineButtons.flat()).toContain(L("menu.request"));
    // The old question's buttons now say the form is closed.
    const pages = [L("intake:place.nextPage"), L("intake:place.previousPage")];
    const replies = await act(person, () => person.tap(new RegExp(`^(${pages.join("|")})$`, "u")));
    expect(replies.map((m) => m.text).join("\n")).toContain(L("errors.formClosed"));
  });
});
