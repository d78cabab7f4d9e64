// The "/" menu per role: citizens see a short list (per language), an approved mediator's chat adds their
// work, a suspension takes it away again, operators see the console first; /help lists the person's own
// commands; at start-up the chats of operators and mediators are refreshed only when the menus changed.
import { afterEach, describe, expect, it } from "vitest";
import { CITIZEN_MENU, MEDIATOR_MENU } from "../../src/bot/commands.js";
import { OPERATOR_COMMANDS } from "../../src/bot/operator-commands.js";
import { createMediatorRepository } from "../../src/db/repositories/mediator-repository.js";
import type { MediatorApplication } from "../../src/domain/mediator.js";
import type { EmulatedUser } from "../support/bot-api-emulator/types.js";
import { startFlow, type Flow } from "../support/flow.js";
import { act, label } from "../support/intake-driver.js";
import { startedUser } from "../support/requests.js";

const NOW = new Date("2026-11-25T06:00:00Z");
const OPERATOR = 9601;

let flow: Flow | undefined;
afterEach(async () => {
  await flow?.stop();
  flow = undefined;
});

const application: MediatorApplication = {
  fullName: "Ерлан Қасымов", kind: "public", registryNumber: null, rayonCodes: ["akmola.burabay"], languages: ["kk", "ru"],
  specializations: ["family"], modes: ["in_person"], maxOpenCases: 3, phone: "+77010000000", bio: "Ауыл медиаторы.",
};

const commandsOf = (f: Flow, chatId: number, language: string) => f.emu.menuOf(chatId, language).map((c) => c.command);
const lastText = (user: EmulatedUser) => user.lastBotMessage()?.text ?? "";

describe("command menus per role", () => {
  it("citizen: the short list; approved mediator: plus their work; suspended: back to the short list; operator: the console first", async () => {
    flow = await startFlow({ now: () => NOW, env: { OPERATOR_IDS: String(OPERATOR) } });
    const prisma = flow.app.db.prisma;
    const citizen = flow.emu.user({ id: 9501, first_name: "Ольга", language_code: "ru" });
    const mediator = flow.emu.user({ id: 9502, first_name: "Ерлан", language_code: "kk" });
    const operator = flow.emu.user({ id: OPERATOR, first_name: "Aigul", language_code: "en" });
    await startedUser(prisma, citizen);
    const mediatorUserId = await startedUser(prisma, mediator);

    // Everyone's default: the citizen's short list, in each language (kk without a language).
    await expect.poll(() => flow!.emu.commands({ language_code: "en" })?.map((c) => c.command)).toEqual([...CITIZEN_MENU]);
    expect(flow.emu.commands()?.map((c) => c.description)).toContain(label("kk", "commands.request"));
    expect(commandsOf(flow, 9501, "ru")).toEqual([...CITIZEN_MENU]);
    expect(flow.emu.menuOf(9501, "ru").map((c) => c.description)).toContain(label("ru", "commands.myrequests"));
    await act(citizen, () => citizen.sendText("/help"));
    expect(lastText(citizen)).toContain(`/request — ${label("ru", "help.lines.request")}`);
    expect(lastText(citizen)).toContain("/claim"); // in help only
    expect(lastText(citizen)).not.toContain("/cases");
    expect(lastText(citizen)).not.toContain("/operator");

    // An operator approves the application: the mediator's own menu adds /cases and the rest, in Kazakh.
    await createMediatorRepository(prisma).apply(mediatorUserId, application, NOW);
    await act(operator, () => operator.sendText("/applications"));
    await act(operator, () => operator.tap(/Ерлан Қасымов/));
    await act(operator, () => operator.tap("✅ Approve"));
    await expect.poll(() => commandsOf(flow!, 9502, "kk")).toEqual([...CITIZEN_MENU, ...MEDIATOR_MENU]);
    expect(flow.emu.menuOf(9502, "kk").find((c) => c.command === "cases")?.description).toBe(label("kk", "commands.cases"));
    await act(mediator, () => mediator.sendText("/help"));
    expect(lastText(mediator)).toContain(`/cases — ${label("kk", "help.lines.cases")}`);
    expect(lastText(mediator)).toContain(`/pause — ${label("kk", "help.lines.pause")}`);
    expect(lastText(mediator)).not.toContain("/operator");

    // Suspended: the chat menu goes, and the default short list shows again.
    await act(operator, () => operator.sendText("/mediators"));
    await act(operator, () => operator.tap(/Ерлан Қасымов/));
    await act(operator, () => operator.tap("⛔ Suspend"));
    await act(operator, () => operator.tap("➡️ Without a reason"));
    await expect.poll(() => commandsOf(flow!, 9502, "kk")).toEqual([...CITIZEN_MENU]);
    expect(flow.emu.commands({ scope: { type: "chat", chat_id: 9502 } })).toBeUndefined();

    // The operator: the console's commands first, then the citizen's; /help lists them.
    await act(operator, () => operator.sendText("/operator"));
    expect(commandsOf(flow, OPERATOR, "en")).toEqual([...OPERATOR_COMMANDS, ...CITIZEN_MENU]);
    await act(operator, () => operator.sendText("/help"));
    expect(lastText(operator)).toContain("/applications — ");
    expect(lastText(operator)).not.toContain("/cases");

    // A chosen language: the citizen's chat menu follows it (still the short list).
    await act(citizen, () => citizen.sendText("/language"));
    await act(citizen, () => citizen.tap(label("en", "language.names.en")));
    await expect.poll(() => flow!.emu.menuOf(9501, "ru").map((c) => c.description)).toEqual(CITIZEN_MENU.map((c) => label("en", `commands.${c}`)));
  });

  it("at start-up, mediators' and operators' chat menus are refreshed only when the menus changed", async () => {
    flow = await startFlow({ now: () => NOW, env: { OPERATOR_IDS: String(OPERATOR) } });
    const prisma = flow.app.db.prisma;
    const mediator = flow.emu.user({ id: 9503, first_name: "Гүлнар", language_code: "ru" });
    await startedUser(prisma, flow.emu.user({ id: OPERATOR, first_name: "Aigul", language_code: "kk" }));
    const mediators = createMediatorRepository(prisma);
    const applied = await mediators.apply(await startedUser(prisma, mediator), { ...application, fullName: "Гүлнар Сейітқызы" }, NOW);
    await mediators.changeStatus(applied.id, ["pending"], "active", null, NOW); // as an older version would have left it
    // A citizen who picked Kazakh under an older version: their chat kept that version's long menu.
    const citizen = flow.emu.user({ id: 9504, first_name: "Асель", language_code: "ru" });
    await startedUser(prisma, citizen);
    await prisma.user.update({ where: { telegramId: 9504n }, data: { locale: "kk" } });
    const oldMenu = ["start", "request", "mediator", "cases", "claim", "help"].map((command) => ({ command, description: command }));
    await flow.app.bot.api.setMyCommands(oldMenu, { scope: { type: "chat", chat_id: 9504 } });
    const chatMenuCalls = () => flow!.emu.calls.filter((c) => c.method === "setMyCommands" && c.payload.scope !== undefined).length;
    const fingerprint = () => prisma.storageEntry.findUnique({ where: { key: "command-menus:fingerprint" } });
    await expect.poll(fingerprint).not.toBeNull();
    const before = chatMenuCalls(); // the first start's refresh (the operator had not started the bot yet)

    // Same menus as at the last start: no chat is touched.
    await flow.restart({ now: () => NOW });
    await expect.poll(() => flow!.emu.calls.filter((c) => c.method === "setMyCommands" && c.payload.scope === undefined).length).toBe(8);
    expect(chatMenuCalls()).toBe(before);
    expect(commandsOf(flow, 9503, "ru")).toEqual([...CITIZEN_MENU]);

    // Menus changed (here: the stored fingerprint is an old one): the mediator's and operator's chats are set.
    await prisma.storageEntry.update({ where: { key: "command-menus:fingerprint" }, data: { value: JSON.stringify("an older menu") } });
    await flow.restart({ now: () => NOW });
    await expect.poll(() => commandsOf(flow!, 9503, "ru")).toEqual([...CITIZEN_MENU, ...MEDIATOR_MENU]);
    expect(flow.emu.menuOf(9503, "ru").find((c) => c.command === "cases")?.description).toBe(label("ru", "commands.cases"));
    await expect.poll(() => flow!.emu.menuOf(9504, "ru").map((c) => c.description)).toEqual(CITIZEN_MENU.map((c) => label("kk", `commands.${c}`)));
    await expect.poll(() => commandsOf(flow!, OPERATOR, "kk")[0]).toBe("operator");

    // A mediator who erases their data is suspended by it: the mediator's commands leave the menu.
    await act(mediator, () => mediator.sendText("/deletedata"));
    await act(mediator, () => mediator.tap(label("ru", "privacy:buttons.erase")));
    await expect.poll(() => commandsOf(flow!, 9503, "ru")).toEqual([...CITIZEN_MENU]);
  });
});
