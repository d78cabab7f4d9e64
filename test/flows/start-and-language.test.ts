import { afterEach, describe, expect, it } from "vitest";
import { startFlow, type Flow } from "../support/flow.js";

let flow: Flow | undefined;
afterEach(async () => {
  await flow?.stop();
  flow = undefined;
});

describe("/start", () => {
  it.each([
    { language_code: "kk", greeting: "Сәлеметсіз бе, Айгүл!", picker: "Тілді таңдаңыз" },
    { language_code: "ru", greeting: "Здравствуйте, Айгүл!", picker: "выберите язык" },
    { language_code: "en", greeting: "Hello, Айгүл!", picker: "choose your language" },
    { language_code: "de", greeting: "Сәлеметсіз бе, Айгүл!", picker: "Тілді таңдаңыз" }, // not spoken → Kazakh
  ])("greets a $language_code user in the right language with a language picker", async ({ language_code, greeting, picker }) => {
    flow = await startFlow();
    const user = flow.emu.user({ id: 1001, first_name: "Айгүл", language_code });
    await user.sendText("/start");
    const [welcome] = await user.waitForReply();
    expect(welcome?.text).toContain(greeting);
    expect(welcome?.text).toContain(picker);
    expect(welcome?.inlineButtons.flat()).toEqual(["Қазақша", "Русский", "English"]);
  });

  it("escapes a name that looks like HTML instead of failing", async () => {
    flow = await startFlow();
    const user = flow.emu.user({ id: 1002, first_name: "<b>Bob & Co", language_code: "en" });
    await user.sendText("/start");
    const [welcome] = await user.waitForReply();
    expect(welcome?.text).toContain("Hello, <b>Bob & Co!");
  });

  it("after the language is chosen, shows the main menu; a later /start welcomes back", async () => {
    flow = await startFlow();
    const user = flow.emu.user({ id: 1003, first_name: "Ерлан", language_code: "ru" });
    await user.sendText("/start");
    await user.waitForReply();
    await user.tap("Қазақша");
    const [menu] = await user.waitForReply();
    expect(menu?.text).toContain("Дайын: Сізбен қазақша сөйлесемін");
    expect(menu?.inlineButtons.flat()).toEqual(["🤝 Медиатор табу", "📖 Медиация туралы", "📂 Менің өтінімдерім", "❓ Көмек", "🌐 Тіл"]);
    expect(menu?.edited).toBe(true); // the picker turned into the menu, no new message

    await user.sendText("/start");
    const [again] = await user.waitForReply();
    expect(again?.text).toContain("Қайта қош келдіңіз, Ерлан!");
  });
});

describe("language", () => {
  it("a switched language persists across a bot restart (same SQLite file)", async () => {
    flow = await startFlow();
    const user = flow.emu.user({ id: 2001, first_name: "Dana", language_code: "kk" });
    await user.sendText("/language");
    await user.waitForReply();
    await user.tap("English");
    const [saved] = await user.waitForReply();
    expect(saved?.text).toContain("I will speak English with you");
    // The chat's "/" menu follows the choice.
    expect(flow.emu.commands({ scope: { type: "chat", chat_id: 2001 } })?.map((c) => c.description)).toContain("About mediation");

    await flow.restart();
    await user.sendText("/start");
    const [welcome] = await user.waitForReply();
    expect(welcome?.text).toContain("Welcome back, Dana!");
    await user.tap("❓ Help");
    const [help] = await user.waitForReply();
    expect(help?.text).toContain("Help");
    expect(help?.text).toContain("/language — change language");
  });

  it("registers the command menu in every language", async () => {
    flow = await startFlow();
    const user = flow.emu.user({ id: 2002, first_name: "A", language_code: "en" });
    await user.sendText("/help");
    await user.waitForReply(); // by now start-up registration has run
    // The citizen's short list; mediators and operators get theirs in their own chat (command-menus.test.ts).
    // Registered in the background at start-up, English last: on a busy machine it may still be under way.
    await expect.poll(() => flow!.emu.commands({ language_code: "en" })?.length).toBe(7);
    expect(flow.emu.commands({ language_code: "kk" })?.map((c) => c.command)).toEqual(["request", "myrequests", "about", "language", "mydata", "deletedata", "help"]);
    expect(flow.emu.commands({ language_code: "ru" })?.[2]?.description).toBe("О медиации");
    expect(flow.emu.commands({ language_code: "en" })?.[2]?.description).toBe("About mediation");
    expect(flow.emu.commands()?.[2]?.description).toBe("Медиация туралы"); // default = DEFAULT_LOCALE
  });
});
