import { afterEach, describe, expect, it } from "vitest";
import { ABOUT_PAGES } from "../../src/bot/about-pages.js";
import { readCatalogues } from "../../src/bot/i18n.js";
import { SUPPORTED_LOCALES } from "../../src/config.js";
import type { UserRepository } from "../../src/domain/user.js";
import { startFlow, type Flow } from "../support/flow.js";

let flow: Flow | undefined;
afterEach(async () => {
  await flow?.stop();
  flow = undefined;
});

type About = { menuTitle: string; pages: Record<string, { button: string; title: string }> };
type Common = { nav: Record<string, string>; menu: Record<string, string> };
const catalogues = readCatalogues();

/** Chooses a language at /start, so the menu is in that language. */
async function userIn(f: Flow, id: number, locale: string) {
  const user = f.emu.user({ id, first_name: "Test", language_code: locale });
  await user.sendText("/start");
  await user.waitForReply();
  await user.tap({ kk: "Қазақша", ru: "Русский", en: "English" }[locale as "kk" | "ru" | "en"]);
  await user.waitForReply();
  return user;
}

describe("About mediation", () => {
  it.each(SUPPORTED_LOCALES)("every page is reachable in %s, Next walks forward and Back returns, in one message", async (locale) => {
    flow = await startFlow();
    const about = catalogues[locale].about as About;
    const common = catalogues[locale].common as Common;
    const user = await userIn(flow, 3000 + SUPPORTED_LOCALES.indexOf(locale), locale);
    const before = user.messages().length;

    await user.tap(common.menu.about!);
    const [topics] = await user.waitForReply();
    expect(topics?.text).toBe(about.menuTitle);

    // Each topic button opens its page; Back from the first page leads to the topic list.
    for (const [index, id] of ABOUT_PAGES.entries()) {
      await user.tap(about.pages[id]!.button);
      const [page] = await user.waitForReply();
      expect(page?.text?.startsWith(about.pages[id]!.title)).toBe(true);
      await user.tap(common.nav.back!);
      const [back] = await user.waitForReply();
      if (index === 0) expect(back?.text).toBe(about.menuTitle);
      else expect(back?.text?.startsWith(about.pages[ABOUT_PAGES[index - 1]!]!.title)).toBe(true);
      if (index > 0) {
        await user.tap(common.nav.menu!);
        await user.waitForReply();
        await user.tap(common.menu.about!);
        await user.waitForReply();
      }
    }

    // Next walks the whole series; the last page has no Next.
    await user.tap(about.pages[ABOUT_PAGES[0]]!.button);
    await user.waitForReply();
    for (let i = 1; i < ABOUT_PAGES.length; i++) {
      await user.tap(common.nav.next!);
      const [page] = await user.waitForReply();
      expect(page?.text?.startsWith(about.pages[ABOUT_PAGES[i]!]!.title)).toBe(true);
    }
    expect(user.lastBotMessage()?.inlineButtons.flat()).not.toContain(common.nav.next);

    await user.tap(common.nav.menu!);
    const [menu] = await user.waitForReply();
    expect(menu?.inlineButtons.flat()).toContain(common.menu.about);
    // All of it happened by editing one message: the chat did not grow.
    expect(user.messages().length).toBe(before);
  });

  it("/about opens the topic list as a new message", async () => {
    flow = await startFlow();
    const user = flow.emu.user({ id: 3100, first_name: "A", language_code: "ru" });
    await user.sendText("/about");
    const [topics] = await user.waitForReply();
    expect(topics?.text).toBe((catalogues.ru.about as About).menuTitle);
    expect(topics?.inlineButtons.flat()).toHaveLength(ABOUT_PAGES.length + 1);
  });
});

describe("what the bot does not understand", () => {
  it("answers unknown text, stickers and photos with a pointer to the menu", async () => {
    flow = await startFlow();
    const user = flow.emu.user({ id: 4001, first_name: "A", language_code: "en" });
    for (const act of [() => user.sendText("where is my cow?"), () => user.sendSticker(), () => user.sendPhoto(), () => user.sendText("/unknowncommand")]) {
      await act();
      const [reply] = await user.waitForReply();
      expect(reply?.text).toContain("I did not understand that");
      expect(reply?.inlineButtons.flat()).toContain("📖 About mediation");
    }
  });

  it("says a forged or outdated button is out of date and shows the menu", async () => {
    flow = await startFlow();
    const user = flow.emu.user({ id: 4002, first_name: "A", language_code: "en" });
    await user.sendText("/about");
    await user.waitForReply();
    await user.tap((catalogues.en.about as About).pages.what!.button);
    await user.waitForReply();
    // A page number no version ever had: re-checked, the person lands on the topic list.
    await user.sendCallbackData("a:99");
    const [topics] = await user.waitForReply();
    expect(topics?.text).toBe((catalogues.en.about as About).menuTitle);
    // Data we never produced at all: a short notice and the menu.
    await user.sendCallbackData("delete-all-users");
    const [menu] = await user.waitForReply();
    expect(menu?.text).toContain("Main menu");
    expect(user.callbackAnswers().at(-1)?.text).toBe("This button is out of date. Here is the menu.");
  });

  it("an error thrown inside a handler yields the apology, in the user's language, not silence", async () => {
    flow = await startFlow({
      decorateUsers: (users: UserRepository) => ({
        ...users,
        setLocale: async () => {
          throw new Error("database is on fire");
        },
      }),
    });
    const user = flow.emu.user({ id: 4003, first_name: "A", language_code: "ru" });
    await user.sendText("/language");
    await user.waitForReply();
    await user.tap("English");
    const [apology] = await user.waitForReply();
    expect(apology?.text).toBe("😔 Извините, у нас что-то пошло не так. Попробуйте ещё раз через минуту.");
    // The bot is still alive afterwards.
    await user.sendText("/help");
    const [help] = await user.waitForReply();
    expect(help?.text).toContain("Помощь");
  });
});

describe("people who block the bot", () => {
  it("are recorded as blocked, and unblocked when they write again", async () => {
    flow = await startFlow();
    const user = flow.emu.user({ id: 5001, first_name: "A", language_code: "kk" });
    await user.sendText("/start");
    await user.waitForReply();
    user.blockBot();
    const blockedAt = async () => (await flow!.app.db.prisma.user.findUnique({ where: { telegramId: 5001n } }))?.blockedAt;
    await expect.poll(blockedAt, { timeout: 3000 }).not.toBeNull();
    await user.sendText("/start");
    await user.waitForReply();
    expect(await blockedAt()).toBeNull();
  });
});
