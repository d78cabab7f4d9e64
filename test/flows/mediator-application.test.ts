import { afterEach, describe, expect, it } from "vitest";
import type { Locale } from "../../src/config.js";
import { databaseTargets } from "../support/databases.js";
import { startFlow, type Flow } from "../support/flow.js";
import { act, label } from "../support/intake-driver.js";
import { fillApplication, storedMediator, tapOnAnyPage, toggleButton, type ApplicationScript } from "../support/mediator-driver.js";
import { startedUser } from "../support/requests.js";
import type { ChatMessage, EmulatedUser } from "../support/bot-api-emulator/types.js";

let flow: Flow | undefined;
afterEach(async () => {
  await flow?.stop();
  flow = undefined;
});

const OPERATOR_ID = 9100;

async function personIn(f: Flow, id: number, locale: Locale): Promise<EmulatedUser> {
  const user = f.emu.user({ id, first_name: "Серік", language_code: locale, phone_number: "+7 701 555 44 33" });
  await act(user, () => user.sendText("/start"));
  await act(user, () => user.tap(label(locale, `language.names.${locale}`)));
  return user;
}

/** An operator (in OPERATOR_IDS) who has started the bot once, so that Telegram lets the bot write to them. */
async function operatorIn(f: Flow, locale: Locale): Promise<EmulatedUser> {
  const operator = f.emu.user({ id: OPERATOR_ID, first_name: "Оператор", language_code: locale });
  await act(operator, () => operator.sendText("/start"));
  return operator;
}

/** New messages only (an earlier question losing its buttons, or a toggle redrawn, is an edit). */
const fresh = (messages: ChatMessage[]) => messages.filter((m) => !m.edited);
const mediators = (f: Flow) => f.app.db.prisma.mediator.findMany({ include: { rayons: { orderBy: { rayonCode: "asc" } } } });
const question = (locale: Locale, key: string) => label(locale, key).split(/<\/b>|\n/)[0]!.replace(/<b>/g, "");

// The whole application runs on SQLite, and on PostgreSQL too when TEST_DATABASE_URL is set.
describe.each(databaseTargets())("on $name", (database) => {
  describe("mediator application: a full application in each language", () => {
    const cases: Array<{ locale: Locale; operatorLocale: Locale; script: ApplicationScript; expected: Record<string, unknown>; rayons: string[]; summary: string[]; notice: string }> = [
      {
        locale: "kk",
        operatorLocale: "ru",
        script: {
          fullName: "Серік Әбенұлы Қасымов", kind: "professional", registry: "№ 0123-А",
          places: [{ oblast: "Ақмола облысы", rayons: [/Бурабай/, /Зеренді/] }, { oblast: "Абай облысы", rayons: [/Аягөз/] }],
          // English is ticked, then unticked again; so is inheritance.
          languages: ["kk", "ru", "en", "en"], specializations: ["family", "inheritance", "neighbours", "inheritance"], modes: ["in_person", "phone"],
          maxOpenCases: { tap: 3 }, phone: { contact: true },
          bio: "2019 жылдан бері Бурабай ауданында отбасылық дауларды қараймын.",
        },
        expected: { kind: "professional", registryNumber: "№ 0123-А", languages: "kk,ru", specializations: "family,neighbours", modes: "in_person,phone", maxOpenCases: 3, phone: "+77015554433" },
        rayons: ["abai.ayagoz", "akmola.burabay", "akmola.zerendi"],
        summary: ["Ақмола облысы: Бурабай ауданы, Зеренді ауданы", "Абай облысы: Аягөз ауданы", "Тізілім нөмірі: № 0123-А"],
        notice: "🧑‍⚖️ Новая анкета медиатора: Серік Әбенұлы Қасымов, профессиональный медиатор, 3 района — откройте /applications",
      },
      {
        locale: "ru",
        operatorLocale: "kk",
        script: {
          fullName: "Анна Петровна Ким", kind: "public",
          // Ile District is on the second page of the list.
          places: [{ oblast: "Алматинская область", rayons: [/Илийский/, /Талгарский/] }, { oblast: "город Астана", rayons: ["город Астана"] }],
          languages: ["ru"], specializations: "all", modes: ["video", "phone"],
          maxOpenCases: { typed: "7" }, phone: { typed: "8 (701) 234-56-78" },
          bio: "Общественный медиатор при акимате, веду семейные и соседские споры.",
        },
        expected: { kind: "public", registryNumber: null, languages: "ru", specializations: "family,neighbours,property,labour,consumer,inheritance,juvenile,other", modes: "phone,video", maxOpenCases: 7, phone: "+77012345678" },
        rayons: ["almaty_region.ile", "almaty_region.talgar", "astana_city"],
        summary: ["Алматинская область: Илийский район, Талгарский район", "город Астана"],
        notice: "🧑‍⚖️ Медиатордың жаңа сауалнамасы: Анна Петровна Ким, қоғамдық медиатор, 3 аудан — /applications ашыңыз",
      },
    ];

    it.each(cases)("$locale: ends in a pending profile with its rayons, and every operator is told", async ({ locale, operatorLocale, script, expected, rayons, summary, notice }) => {
      flow = await startFlow({ database, env: { OPERATOR_IDS: String(OPERATOR_ID) } });
      const operator = await operatorIn(flow, operatorLocale);
      const user = await personIn(flow, 7000 + cases.findIndex((c) => c.locale === locale), locale);
      await fillApplication(user, locale, script);
      const card = user.lastBotMessage()!.text!;
      expect(card).toContain(question(locale, "mediator:summary.title"));
      expect(card).toContain(script.fullName);
      for (const line of summary) expect(card).toContain(line);
      expect(await mediators(flow)).toEqual([]); // nothing stored before Submit

      const [done] = fresh(await act(user, () => user.tap(label(locale, "mediator:summary.submit"))));
      expect(done?.text).toContain(question(locale, "mediator:submitted").replace(/^✅ /, ""));
      const stored = await mediators(flow);
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({ status: "pending", paused: false, fullName: script.fullName, bio: script.bio, ...expected });
      expect(stored[0]!.rayons.map((r) => r.rayonCode)).toEqual(rayons);

      // The operators' daily digest may also arrive (the job runs at start-up): look for the notice among the messages.
      await expect.poll(() => operator.messages().filter((m) => m.fromBot).map((m) => m.text)).toContain(notice);
    });
  });
});

describe("mediator application: moving around", () => {
  it("Back walks back through the questions (the register number only for professionals)", async () => {
    flow = await startFlow();
    const user = await personIn(flow, 7100, "en");
    const L = (key: string) => label("en", key);
    const expectQuestion = (key: string) => expect(user.lastBotMessage()?.text).toContain(question("en", key));
    await act(user, () => user.sendText("/mediator"));
    await act(user, () => user.tap(L("mediator:intro.agree")));
    await act(user, () => user.sendText("Aigul Serikkyzy"));
    await act(user, () => user.tap(L("mediator:kind.names.professional")));
    await act(user, () => user.sendText("PM-2024-15"));
    expectQuestion("mediator:rayons.oblastQuestion");
    for (const key of ["mediator:registry.question", "mediator:kind.question", "mediator:fullName.question", "mediator:intro.question"]) {
      await act(user, () => user.tap(L("mediator:nav.back")));
      expectQuestion(key);
    }
    // A public mediator goes from the kind straight to the rayons, and back.
    await act(user, () => user.tap(L("mediator:intro.agree")));
    await act(user, () => user.sendText("Aigul Serikkyzy"));
    await act(user, () => user.tap(L("mediator:kind.names.public")));
    expectQuestion("mediator:rayons.oblastQuestion");
    await act(user, () => user.tap(L("mediator:nav.back")));
    expectQuestion("mediator:kind.question");
  });

  it("/cancel and the Cancel buttons stop the application and store nothing; the bot works normally again", async () => {
    flow = await startFlow();
    const user = await personIn(flow, 7200, "kk");
    const L = (key: string) => label("kk", key);
    await act(user, () => user.sendText("/mediator"));
    await act(user, () => user.tap(L("mediator:intro.agree")));
    await act(user, () => user.sendText("Серік Қасымов"));
    const cancelled = await act(user, () => user.sendText("/cancel"));
    expect(cancelled.map((m) => m.text).join("\n")).toContain(L("mediator:cancelled"));

    // From the phone question, whose Cancel is a reply-keyboard button: the keyboard goes away too.
    await fillTo(user, "kk", "phone");
    expect(user.lastBotMessage()?.replyMarkup).toHaveProperty("keyboard");
    const [bye] = fresh(await act(user, () => user.pressReplyButton(L("mediator:nav.cancel"))));
    expect(bye?.text).toBe(L("mediator:cancelled"));
    expect(bye?.replyMarkup).toEqual({ remove_keyboard: true });
    expect(await mediators(flow)).toEqual([]);
    const [help] = await act(user, () => user.sendText("/help"));
    expect(help?.text).toContain("/mediator");
  });

  it("a restart of the bot mid-application continues at the same question, with the ticks kept", async () => {
    flow = await startFlow();
    const user = await personIn(flow, 7300, "ru");
    const L = (key: string) => label("ru", key);
    await act(user, () => user.sendText("/mediator"));
    await act(user, () => user.tap(L("mediator:intro.agree")));
    await act(user, () => user.sendText("Анна Ким"));
    await act(user, () => user.tap(L("mediator:kind.names.public")));
    await tapOnAnyPage(user, "ru", "Павлодарская область");
    await act(user, () => user.tap(/Баянаульский/));
    await flow.restart();
    const [ticked] = await act(user, () => user.tap(/Экибастуз/));
    expect(ticked?.inlineButtons.flat()).toEqual(expect.arrayContaining(["✅ Баянаульский район", "✅ г. Экибастуз"]));
    await act(user, () => user.tap(L("mediator:toggles.done")));
    expect(user.lastBotMessage()?.text).toContain(question("ru", "mediator:languages.question"));
  });
});

describe("mediator application: bad input gets a hint and the same question again", () => {
  it("sticker for a name, digits for a name, malformed register number, nothing ticked, stale toggles, bad numbers, short bio", async () => {
    flow = await startFlow();
    const user = await personIn(flow, 7400, "en");
    const L = (key: string) => label("en", key);
    /** The hint, then the same question again (`again`: its catalogue key, or words from it). */
    const hintThen = async (action: () => Promise<void>, hint: string, again: string) => {
      const [said, asked] = fresh(await act(user, action));
      expect(said?.text).toBe(hint);
      expect(asked?.text).toContain(again.startsWith("mediator:") ? question("en", again) : again);
    };
    await act(user, () => user.sendText("/mediator"));
    await act(user, () => user.tap(L("mediator:intro.agree")));
    await hintThen(() => user.sendSticker(), L("mediator:hints.textExpected"), "mediator:fullName.question");
    await hintThen(() => user.sendText("12345"), L("mediator:fullName.notLetters"), "mediator:fullName.question");
    await act(user, () => user.sendText("Aigul Serikkyzy"));
    await hintThen(() => user.sendText("professional"), L("mediator:hints.useButtons"), "mediator:kind.question");
    await act(user, () => user.tap(L("mediator:kind.names.professional")));
    await hintThen(() => user.sendText("#!"), L("mediator:registry.invalid"), "mediator:registry.question");
    await act(user, () => user.sendText("PM-2024-15"));
    await tapOnAnyPage(user, "en", "Akmola Region");
    const rayonQuestion = "Akmola Region: tick every district or city you serve";
    await hintThen(() => user.tap(L("mediator:toggles.done")), L("mediator:rayons.noneChosen"), rayonQuestion);
    // A rayon of another oblast can only come from an old keyboard.
    await hintThen(() => user.sendCallbackData("ma:rayon:631600000"), L("mediator:hints.staleButton"), rayonQuestion);
    await tapOnAnyPage(user, "en", /Burabay/);
    await act(user, () => user.tap(L("mediator:toggles.done")));
    await hintThen(() => user.tap(L("mediator:toggles.done")), L("mediator:hints.chooseAtLeastOne"), "mediator:languages.question");
    await act(user, () => user.tap(toggleButton("Қазақша")));
    const languagesMessage = user.lastBotMessage()!.messageId;
    await act(user, () => user.tap(L("mediator:toggles.done")));
    // A language toggle tapped after moving on (the message now asks about disputes), or on a much older message:
    // nothing changes, the current question is asked again.
    await hintThen(() => user.sendCallbackData("ma:language:en", { messageId: languagesMessage }), L("mediator:hints.staleButton"), "mediator:specializations.question");
    const older = user.messages().filter((m) => m.fromBot)[0]!;
    await hintThen(() => user.sendCallbackData("ma:language:en", { messageId: older.messageId }), L("mediator:hints.staleButton"), "mediator:specializations.question");
    await act(user, () => user.tap(L("mediator:specializations.all")));
    await act(user, () => user.tap(L("mediator:toggles.done")));
    await act(user, () => user.tap(toggleButton(label("en", "intake:mode.names.phone"))));
    await act(user, () => user.tap(L("mediator:toggles.done")));
    const tooMany = "📊 Please choose a number with the buttons, or type a whole number from 1 to 50.";
    await hintThen(() => user.sendText("99"), tooMany, "mediator:maxOpenCases.question");
    await hintThen(() => user.sendText("two"), tooMany, "mediator:maxOpenCases.question");
    await act(user, () => user.sendText("12"));
    const [badPhone, phoneAgain] = fresh(await act(user, () => user.sendText("12-34")));
    expect(badPhone?.text).toContain("I could not read that number");
    expect(phoneAgain?.text).toContain(question("en", "mediator:phone.question"));
    const [inProgress] = fresh(await act(user, () => user.sendText("/cases")));
    expect(inProgress?.text).toBe(L("mediator:hints.inProgress"));
    await act(user, () => user.sendText("+7 777 000 11 22"));
    await hintThen(() => user.sendText("I mediate."), "📝 Please write a little more — at least 20 characters.", "mediator:bio.question");
    await hintThen(() => user.sendPhoto(), L("mediator:hints.textExpected"), "mediator:bio.question");
    await act(user, () => user.sendText("Court-annexed mediator in Burabay since 2020."));
    const card = user.lastBotMessage()!.text!;
    expect(card).toContain("Languages: Қазақша\n");
    expect(card).toContain("Cases at a time: 12");
    expect(card).toContain("Phone: +77770001122");
    expect(await mediators(flow)).toEqual([]);
  });
});

describe("mediator application: an existing profile", () => {
  it("/mediator shows the profile; editing warns first, changes one field and sends the profile back to review", async () => {
    flow = await startFlow({ env: { OPERATOR_IDS: String(OPERATOR_ID) } });
    const operator = await operatorIn(flow, "en");
    const user = flow.emu.user({ id: 7500, first_name: "Серік", language_code: "kk" });
    const userId = await startedUser(flow.app.db.prisma, user);
    const id = await storedMediator(flow.app.db.prisma, userId, "active");
    const L = (key: string) => label("kk", key);

    const [profile] = await act(user, () => user.sendText("/mediator"));
    expect(profile?.text).toContain(question("kk", "mediator:profile.title"));
    expect(profile?.text).toContain("Күйі: ✅ белсенді");
    expect(profile?.text).toContain("Ақмола облысы: Бурабай ауданы");
    expect(profile?.inlineButtons.flat()).toEqual([L("mediator:buttons.cases"), L("mediator:buttons.pause"), L("assisted:entryButton"), L("mediator:buttons.edit"), L("nav.menu")]);

    const [warning] = fresh(await act(user, () => user.tap(L("mediator:buttons.edit"))));
    expect(warning?.text).toContain("қайтадан тексеруге жіберіледі");
    await act(user, () => user.tap(L("mediator:intro.continue")));
    const card = user.lastBotMessage()!.text!;
    expect(card).toContain("Серік Әбенұлы Қасымов");
    expect(card).toContain("операторға қайта тексеруге жіберіледі");
    await act(user, () => user.tap(`✏️ ${L("mediator:profileFields.phone")}`));
    await act(user, () => user.sendText("+7 702 111 22 33"));
    expect(user.lastBotMessage()?.text).toContain("Телефон: +77021112233");
    await act(user, () => user.tap(L("mediator:summary.submit")));
    expect(user.lastBotMessage()?.text).toContain("Өзгерістеріңіз жіберілді");

    const stored = await flow.app.db.prisma.mediator.findMany({ include: { rayons: true } });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ id, status: "pending", phone: "+77021112233", fullName: "Серік Әбенұлы Қасымов", decidedAt: null });
    expect(stored[0]!.rayons.map((r) => r.rayonCode)).toEqual(["akmola.burabay"]);
    const [told] = await operator.waitForReply();
    expect(told?.text).toBe("✏️ A mediator changed their profile and waits for review again: Серік Әбенұлы Қасымов, public mediator, 1 district — open /applications");
  });

  it("cancelling an edit keeps the profile as it was", async () => {
    flow = await startFlow();
    const user = flow.emu.user({ id: 7600, first_name: "Anna", language_code: "en" });
    const userId = await startedUser(flow.app.db.prisma, user);
    await storedMediator(flow.app.db.prisma, userId, "active");
    await act(user, () => user.sendText("/mediator"));
    await act(user, () => user.tap(label("en", "mediator:buttons.edit")));
    await act(user, () => user.tap(label("en", "mediator:intro.continue")));
    await act(user, () => user.tap(`✏️ ${label("en", "mediator:profileFields.bio")}`));
    await act(user, () => user.sendText("A completely different text about me."));
    const replies = await act(user, () => user.tap(label("en", "mediator:nav.cancel")));
    expect(replies.map((m) => m.text).join("\n")).toContain(label("en", "mediator:cancelledEdit"));
    expect(await flow.app.db.prisma.mediator.findFirst()).toMatchObject({ status: "active", bio: "Ауыл ақсақалдар кеңесінің мүшесі, 2019 жылдан бері медиатормын." });
  });
});

/** Fills the application in `locale` up to (and showing) the named question. */
async function fillTo(user: EmulatedUser, locale: Locale, until: "phone"): Promise<void> {
  const L = (key: string) => label(locale, key);
  await act(user, () => user.sendText("/mediator"));
  await act(user, () => user.tap(L("mediator:intro.agree")));
  await act(user, () => user.sendText("Серік Қасымов"));
  await act(user, () => user.tap(L("mediator:kind.names.public")));
  await tapOnAnyPage(user, locale, locale === "kk" ? "Ақмола облысы" : "Akmola Region");
  await tapOnAnyPage(user, locale, locale === "kk" ? /Бурабай/ : /Burabay/);
  await act(user, () => user.tap(L("mediator:toggles.done")));
  await act(user, () => user.tap(toggleButton(label(locale, "intake:sessionLanguage.names.kk"))));
  await act(user, () => user.tap(L("mediator:toggles.done")));
  await act(user, () => user.tap(L("mediator:specializations.all")));
  await act(user, () => user.tap(L("mediator:toggles.done")));
  await act(user, () => user.tap(toggleButton(label(locale, "intake:mode.names.in_person"))));
  await act(user, () => user.tap(L("mediator:toggles.done")));
  if (until === "phone") await act(user, () => user.tap("2"));
}
