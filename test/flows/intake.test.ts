import { afterEach, describe, expect, it } from "vitest";
import type { Locale } from "../../src/config.js";
import { act, fillIntake, label, opening, tapInList, type IntakeScript } from "../support/intake-driver.js";
import { startFlow, type Flow } from "../support/flow.js";
import { databaseTargets } from "../support/databases.js";
import type { ChatMessage } from "../support/bot-api-emulator/types.js";

let flow: Flow | undefined;
afterEach(async () => {
  await flow?.stop();
  flow = undefined;
});

async function personIn(f: Flow, id: number, locale: Locale) {
  const user = f.emu.user({ id, first_name: "Айгүл", language_code: locale, phone_number: "+7 701 555 44 33" });
  await act(user, () => user.sendText("/start"));
  await act(user, () => user.tap(label(locale, `language.names.${locale}`)));
  return user;
}

/** New messages only (an earlier question losing its buttons is an edit, not something said). */
const fresh = (messages: ChatMessage[]) => messages.filter((m) => !m.edited);

const requests = (f: Flow) => f.app.db.prisma.mediationRequest.findMany({ include: { statusChanges: true } });

// The whole intake runs on SQLite, and on PostgreSQL too when TEST_DATABASE_URL is set.
describe.each(databaseTargets())("on $name", (database) => {
  describe("intake: a full request in each language", () => {
    const cases: Array<{ locale: Locale; script: IntakeScript; expected: Record<string, unknown> }> = [
      {
        locale: "kk",
        script: { description: { text: "Көршімнің сиырлары екінші жыл қатарынан шөбімді жеп жатыр." }, place: { oblast: "Ақмола облысы", rayon: /Бурабай/ }, phone: { contact: true } },
        expected: { description: "Көршімнің сиырлары екінші жыл қатарынан шөбімді жеп жатыр.", voiceFileId: null, rayonCode: "akmola.burabay", contactPhone: "+77015554433" },
      },
      {
        locale: "ru",
        // A point in Karaoi village area, Ile district (Almaty Region).
        script: { description: { voiceSeconds: 42 }, place: { location: { latitude: 43.53, longitude: 76.83 } }, phone: { typed: "8 (701) 234-56-78" } },
        expected: { description: null, voiceDuration: 42, contactPhone: "+77012345678" },
      },
      {
        locale: "en",
        script: { description: { text: "The seller refuses to take back a broken water pump." }, place: { location: { latitude: 51.17, longitude: 71.43 } }, phone: { typed: "+7 777 000 11 22" } },
        expected: { description: "The seller refuses to take back a broken water pump.", rayonCode: "astana_city", contactPhone: "+77770001122" },
      },
    ];

    it.each(cases)("$locale: ends in a stored request with the right fields", async ({ locale, script, expected }) => {
      flow = await startFlow({ database });
      const user = await personIn(flow, 6000 + cases.findIndex((c) => c.locale === locale), locale);
      await fillIntake(user, locale, script);
      const summary = user.lastBotMessage();
      expect(summary?.text).toContain(opening(locale, "intake:summary.title"));
      expect(summary?.text).toContain("Айгүл Серікқызы");

      const [, done] = await act(user, () => user.tap(label(locale, "intake:summary.submit")));
      const stored = await requests(flow);
      expect(stored).toHaveLength(1);
      const request = stored[0]!;
      expect(request).toMatchObject({
        // No mediator is registered in this test: matching runs at once and says so honestly.
        status: "unmatched",
        category: "neighbours",
        otherParty: "neighbour",
        otherPartyAware: "knows",
        inCourt: false,
        costPreference: "free_only",
        mode: "in_person",
        sessionLanguage: "kk",
        contactName: "Айгүл Серікқызы",
        ...expected,
      });
      if ("voiceSeconds" in script.description) expect(request.voiceFileId).toEqual(expect.any(String));
      expect(request.code).toMatch(/^KL-[2-9A-Z]{5}$/);
      expect(request.consentAt.getTime()).toBeLessThanOrEqual(request.submittedAt.getTime());
      expect(request.statusChanges.sort((a, b) => a.id - b.id)).toMatchObject([
        { fromStatus: null, toStatus: "submitted", actorRole: "citizen", actorId: request.citizenId },
        { fromStatus: "submitted", toStatus: "unmatched", actorRole: "system", actorId: null },
      ]);
      expect(done?.text).toContain(request.code);
      await expect.poll(() => user.lastBotMessage()?.text).toContain(opening(locale, "offers:unmatched.citizenFreeOnly"));
    });

    it("a location suggests the nearest rayon and asks to confirm", async () => {
      flow = await startFlow({ database });
      const user = await personIn(flow, 6100, "ru");
      await fillIntake(user, "ru", { description: { text: "Спор о меже между участками." }, place: { location: { latitude: 43.53, longitude: 76.83 } }, phone: { typed: "87012345678" } });
      const request = (await requests(flow))[0];
      expect(request).toBeUndefined(); // not submitted yet
      const summary = user.lastBotMessage()!.text!;
      expect(summary).toMatch(/район|г\./);
    });
  });

  describe("intake: moving around", () => {
    it("Edit from the summary changes only that field, and comes back to the summary", async () => {
      flow = await startFlow({ database });
      const user = await personIn(flow, 6200, "en");
      await fillIntake(user, "en", { description: { text: "Our neighbour built a fence on our land." }, place: { oblast: "Akmola Region", rayon: /Burabay/ }, phone: { typed: "87012345678" } });
      const before = user.lastBotMessage()!.text!;
      await act(user, () => user.tap("✏️ Description"));
      const back = (await act(user, () => user.sendText("Our neighbour built a fence two metres into our land."))).at(-1);
      expect(back?.text).toContain(opening("en", "intake:summary.title"));
      const after = user.lastBotMessage()!.text!;
      const lines = (text: string) => text.split("\n");
      const changed = lines(after).filter((line, i) => line !== lines(before)[i]);
      expect(changed).toEqual(["Description: Our neighbour built a fence two metres into our land."]);

      // Editing the place asks oblast then rayon, then returns.
      await act(user, () => user.tap("✏️ Place"));
      await tapInList(user, "Pavlodar Region", "➡️");
      await tapInList(user, /Ekibastuz/, "➡️");
      const placeLine = user.lastBotMessage()!.text!.split("\n").find((l) => l.startsWith("Place:"));
      expect(placeLine).toBe("Place: Ekibastuz, Pavlodar Region");
      // The cost choice is on the card and edited like any other answer.
      expect(user.lastBotMessage()!.text).toContain("Cost: 🆓 Free only (public mediator)");
      await act(user, () => user.tap("✏️ Cost"));
      await act(user, () => user.tap("💼 Either: public first, a professional if none"));
      expect(user.lastBotMessage()!.text).toContain("Cost: 💼 Either: public first, a professional if none");
      await act(user, () => user.tap("✅ Submit"));
      expect((await requests(flow))[0]).toMatchObject({ description: "Our neighbour built a fence two metres into our land.", rayonCode: "pavlodar.ekibastuz_city", costPreference: "either" });
    });

    it("Back walks back through the questions", async () => {
      flow = await startFlow({ database });
      const user = await personIn(flow, 6300, "en");
      await act(user, () => user.tap("🤝 Request a mediator"));
      await act(user, () => user.tap("✅ I agree"));
      await act(user, () => user.tap("🧰 Work and wages"));
      await act(user, () => user.sendText("My employer has not paid me for two months."));
      await act(user, () => user.tap("🧰 An employer"));
      const expectQuestion = async (key: string) => expect(user.lastBotMessage()?.text).toContain(opening("en", key).replace(/^[^\p{L}]+/u, ""));
      await expectQuestion("intake:awareness.question");
      await act(user, () => user.tap("◀️ Back"));
      await expectQuestion("intake:otherParty.question");
      await act(user, () => user.tap("◀️ Back"));
      await expectQuestion("intake:description.question");
      await act(user, () => user.tap("◀️ Back"));
      await expectQuestion("intake:category.question");
      await act(user, () => user.tap("◀️ Back"));
      await expectQuestion("intake:consent.question");
    });

    it("/cancel at every step leaves no request", async () => {
      flow = await startFlow({ database });
      const user = await personIn(flow, 6400, "kk");
      const L = (key: string) => label("kk", key);
      // The steps in order; each run goes one step further, then cancels.
      const steps: Array<() => Promise<void>> = [
        () => user.tap(L("intake:consent.agree")),
        () => user.tap(L("intake:category.names.family")),
        () => user.sendText("Ажырасқаннан кейін алимент туралы келісе алмай жүрміз."),
        () => user.tap(L("intake:otherParty.names.relative")),
        () => user.tap(L("intake:awareness.names.agrees")),
        () => user.tap(L("intake:inCourt.no")),
        () => user.tap(L("intake:cost.names.free_only")),
        () => user.tap("Абай облысы"),
        () => user.tap(/Аягөз|Аягоз/),
        () => user.tap(L("intake:mode.names.phone")),
        () => user.tap(L("intake:sessionLanguage.names.kk")),
        () => user.sendText("Айгүл"),
        () => user.sendText("+7 701 234 56 78"),
      ];
      for (let reached = 0; reached <= steps.length; reached++) {
        await act(user, () => user.tap(L("menu.request")));
        for (const step of steps.slice(0, reached)) await act(user, step);
        const replies = await act(user, () => user.sendText("/cancel"));
        expect(replies.map((m) => m.text).join("\n")).toContain(L("intake:cancelled"));
        expect(await flow.app.db.prisma.mediationRequest.count()).toBe(0);
      }
      // The conversation is really over: the menu works again.
      const [help] = await act(user, () => user.sendText("/help"));
      expect(help?.text).toContain("Көмек");
    }, 60_000);

    it("a restart of the bot mid-conversation continues at the same question", async () => {
      flow = await startFlow({ database });
      const user = await personIn(flow, 6500, "ru");
      await act(user, () => user.tap("🤝 Найти медиатора"));
      await act(user, () => user.tap(label("ru", "intake:consent.agree")));
      await act(user, () => user.tap(label("ru", "intake:category.names.property")));
      await flow.restart();
      const [next] = await act(user, () => user.sendText("Сосед взял в долг 200 тысяч тенге и не возвращает."));
      expect(next?.text).toContain(opening("ru", "intake:otherParty.question").replace(/^[^\p{L}]+/u, ""));
      await act(user, () => user.tap(label("ru", "intake:otherParty.names.neighbour")));
      expect(user.lastBotMessage()?.text).toContain(opening("ru", "intake:awareness.question").replace(/^[^\p{L}]+/u, ""));
    });
  });

  describe("intake: bad input gets a hint and the same question again", () => {
    it("over-long text, sticker instead of text, malformed phone, stale rayon button, unmediable category", async () => {
      flow = await startFlow({ database });
      const user = await personIn(flow, 6600, "en");
      await act(user, () => user.tap("🤝 Request a mediator"));
      await act(user, () => user.tap("✅ I agree"));

      const [violence, categoryAgain] = fresh(await act(user, () => user.tap("⚠️ Violence or threats")));
      expect(violence?.text).toContain("call the police now: 102");
      expect(categoryAgain?.text).toBe("📂 What is the dispute about?");
      await act(user, () => user.tap("👪 Family, alimony, children"));

      const [sticker, descriptionAgain] = fresh(await act(user, () => user.sendSticker()));
      expect(sticker?.text).toBe(label("en", "intake:hints.textOrVoice"));
      expect(descriptionAgain?.text).toContain("Describe what happened");
      const [tooLong] = fresh(await act(user, () => user.sendText("a".repeat(1600))));
      expect(tooLong?.text).toContain("1600 characters, and a request can hold 1500");
      await act(user, () => user.sendText("We cannot agree on where the children will live."));
      await act(user, () => user.tap("👪 A relative or spouse"));
      await act(user, () => user.tap("✅ Yes, and they agree"));
      await act(user, () => user.tap("No"));
      const [costHint] = fresh(await act(user, () => user.sendText("free please")));
      expect(costHint?.text).toBe(label("en", "intake:hints.useButtons"));
      await act(user, () => user.tap("🆓 Free only (public mediator)"));
      await tapInList(user, "Akmola Region", "➡️");
      // A rayon of another oblast (an old keyboard): the same list is asked again.
      const [stale, listAgain] = fresh(await act(user, () => user.sendCallbackData("i:rayon:631600000")));
      expect(stale?.text).toContain("earlier question");
      expect(listAgain?.text).toContain("Akmola Region: choose the district or city");
      // A tap on an older message: also stale, nothing changes.
      const older = user.messages().filter((m) => m.fromBot)[0]!;
      const [stale2] = fresh(await act(user, () => user.sendCallbackData("i:mode:phone", { messageId: older.messageId })));
      expect(stale2?.text).toContain("earlier question");
      await tapInList(user, /Burabay/, "➡️");
      await act(user, () => user.tap("🤝 In person"));
      await act(user, () => user.tap("Русский"));
      const [photo] = fresh(await act(user, () => user.sendPhoto()));
      expect(photo?.text).toBe(label("en", "intake:hints.textExpected"));
      await act(user, () => user.sendText("Aigul"));
      const [badPhone, phoneAgain] = fresh(await act(user, () => user.sendText("12-34")));
      expect(badPhone?.text).toContain("I could not read that number");
      expect(phoneAgain?.text).toContain("Your phone number");
      const [command] = fresh(await act(user, () => user.sendText("/start")));
      expect(command?.text).toContain("You are filling in a request");
      await act(user, () => user.sendText("87012345678"));
      expect(user.lastBotMessage()?.text).toContain("Please check your request");
      expect(await flow.app.db.prisma.mediationRequest.count()).toBe(0);
    });
  });
});

describe("intake and the person's data rights", () => {
  it("/deletedata in the middle of an intake leaves it, drops the draft and offers erasure", async () => {
    flow = await startFlow();
    const user = flow.emu.user({ id: 6700, first_name: "A", language_code: "en" });
    await act(user, () => user.sendText("/start"));
    await act(user, () => user.tap("English"));
    await act(user, () => user.tap("🤝 Request a mediator"));
    await act(user, () => user.tap("✅ I agree"));
    await act(user, () => user.tap("💰 Property and debts"));
    await act(user, () => user.sendText("Secret details about a debt of 500 000 tenge."));
    const replies = await act(user, () => user.sendText("/deletedata"));
    expect(replies.map((m) => m.text).join("\n")).not.toContain("You are filling in a request");
    expect(user.lastBotMessage()?.inlineButtons.flat().length).toBeGreaterThan(0);
    const stored = await flow.app.db.prisma.storageEntry.findMany({ where: { key: "conversation:6700" } });
    expect(JSON.stringify(stored)).not.toContain("Secret details");
  });
});
