// The mediation contract draft, as people get it (issue #16): a session is confirmed through the real pickers,
// the mediator taps "📄" under the confirmation and receives the PDF (read back with pdfjs-dist); the citizen gets
// it from My requests; a stranger's forged button, an unknown case and an agreement with no terms yet get an
// alert and no file.
import { afterEach, describe, expect, it } from "vitest";
import type { Locale } from "../../src/config.js";
import { dateLabel } from "../../src/bot/conversations/propose-times/propose-times.js";
import { formatLocalDateTime, localToInstant } from "../../src/domain/scheduling.js";
import type { ChatMessage, EmulatedUser } from "../support/bot-api-emulator/types.js";
import { databaseTargets } from "../support/databases.js";
import { startFlow, type Flow } from "../support/flow.js";
import { act, fillIntake, label, opening } from "../support/intake-driver.js";
import { activeMediator } from "../support/mediators.js";
import { pdfText } from "../support/pdf-text.js";

const TZ = "Asia/Almaty";
// Wednesday 25 November 2026, 11:00 in Almaty.
const NOW = new Date("2026-11-25T06:00:00Z");
let flow: Flow | undefined;
afterEach(async () => {
  await flow?.stop();
  flow = undefined;
});

const documents = (u: EmulatedUser, name: string) => u.messages().filter((m) => m.kind === "document" && m.document?.fileName === name);
const pdfs = (u: EmulatedUser) => u.messages().filter((m) => m.kind === "document" && m.document?.fileName?.endsWith(".pdf"));

/** A request in Burabay, accepted by a public mediator who speaks Russian to the bot. */
async function acceptedRequest(f: Flow, mediatorLocale: Locale = "ru") {
  const mediator = await activeMediator(f, { id: 8101, name: "Асқар Бекұлы", locale: mediatorLocale }, { rayonCodes: ["akmola.burabay"] });
  const citizen = f.emu.user({ id: 8001, first_name: "Айгүл", language_code: "en", phone_number: "+7 701 555 44 33" });
  await act(citizen, () => citizen.sendText("/start"));
  await act(citizen, () => citizen.tap("English"));
  await fillIntake(citizen, "en", { description: { text: "The neighbour's cattle trample our hayfield." }, place: { oblast: "Akmola Region", rayon: /Burabay/ }, phone: { contact: true } });
  await act(citizen, () => citizen.tap(label("en", "intake:summary.submit")));
  await expect.poll(() => mediator.user.lastBotMessage()?.inlineButtons.flat()).toContain(label(mediatorLocale, "offers:card.accept"));
  await act(mediator.user, () => mediator.user.tap(label(mediatorLocale, "offers:card.accept")));
  await expect.poll(() => mediator.user.lastBotMessage()?.inlineButtons.flat()).toContain(label(mediatorLocale, "appointments:proposeButton"));
  const request = await f.app.db.prisma.mediationRequest.findFirstOrThrow({ where: { citizen: { telegramId: 8001n } } });
  return { citizen, mediator: mediator.user, request };
}

/** The mediator proposes one time (Friday 27 November, 10:00) in person; the citizen takes it. */
async function confirmSession(mediator: EmulatedUser, citizen: EmulatedUser) {
  const L = (key: string) => label("ru", key);
  await act(mediator, () => mediator.tap(L("appointments:proposeButton")));
  await act(mediator, () => mediator.tap(dateLabel("2026-11-27", "ru")));
  await act(mediator, () => mediator.tap("10:00"));
  await act(mediator, () => mediator.tap(L("appointments:propose.next")));
  await act(mediator, () => mediator.tap(L("requests:labels.mode.in_person")));
  await mediator.sendText("Акимат Щучинска, кабинет 12");
  await mediator.waitForReply();
  await expect.poll(() => citizen.lastBotMessage()?.text ?? "").toContain("The mediator proposes times");
  await citizen.tap(formatLocalDateTime(localToInstant("2026-11-27", "10:00", TZ), "en", TZ));
  await expect.poll(() => mediator.messages().some((m) => m.text?.includes("Встреча подтверждена"))).toBe(true);
  await expect.poll(() => citizen.messages().some((m) => m.text?.includes("Meeting confirmed"))).toBe(true);
}

async function alertFor(user: EmulatedUser, data: string) {
  await user.sendCallbackData(data);
  return user.waitForCallbackAnswer();
}

describe.each(databaseTargets())("case documents on $name", (database) => {
  it("confirmed session → the mediator downloads the contract draft from the confirmation and from /cases; the citizen from My requests", async () => {
    flow = await startFlow({ database, now: () => NOW });
    const { citizen, mediator, request } = await acceptedRequest(flow);
    // Before a session is confirmed there is nothing to sign yet.
    expect(await alertFor(mediator, `doc:c:${request.id}`)).toMatchObject({ showAlert: true, text: label("ru", "documents:refused.notReady") });
    await confirmSession(mediator, citizen);

    const confirmation = mediator.messages().find((m) => m.text?.includes("Встреча подтверждена"))!;
    expect(confirmation.inlineButtons.flat()).toContain(label("ru", "documents:buttons.contract"));
    await mediator.tap(label("ru", "documents:buttons.contract"), { messageId: confirmation.messageId });
    const name = `kelisim-contract-${request.code}.pdf`;
    await expect.poll(() => documents(mediator, name).length).toBe(1);
    const [sent] = documents(mediator, name) as [ChatMessage];
    expect(sent.text).toContain(opening("ru", "documents:caption.contract").replace(/^📄\s*/, ""));
    const text = await pdfText(sent.document!.content!);
    expect(text).toContain("ЖОБА / ПРОЕКТ");
    expect(text).toContain("МЕДИАЦИЯ ТУРАЛЫ ШАРТ");
    expect(text).toContain("ДОГОВОР О МЕДИАЦИИ");
    expect(text).toContain("1-тарап: Айгүл Серікқызы");
    expect(text).toContain("Сторона 1: Айгүл Серікқызы");
    expect(text).toContain("Медиатор: Асқар Бекұлы, қоғамдық медиатор");
    expect(text).toContain("Медиатор: Асқар Бекұлы, общественный медиатор");
    expect(text).toContain("Место: Бурабайский район, Акимат Щучинска, кабинет 12");
    expect(text).toContain("Дата: 27 ноября 2026");
    expect(text).toContain(request.code);
    // The session language is Kazakh: Kazakh comes first.
    expect(text.indexOf("МЕДИАЦИЯ ТУРАЛЫ ШАРТ")).toBeLessThan(text.indexOf("ДОГОВОР О МЕДИАЦИИ"));

    // /cases: the same button for the case whose session is confirmed.
    await act(mediator, () => mediator.sendText("/cases"));
    await act(mediator, () => mediator.tap(label("ru", "documents:buttons.contractFor").replace("{{code}}", request.code)));
    await expect.poll(() => documents(mediator, name).length).toBe(2);

    // The citizen, in English, from My requests.
    await act(citizen, () => citizen.sendText("/myrequests"));
    await act(citizen, () => citizen.tap(new RegExp(`^${request.code}`)));
    expect(citizen.lastBotMessage()?.inlineButtons.flat()).toContain(label("en", "documents:buttons.contract"));
    await citizen.tap(label("en", "documents:buttons.contract"));
    await expect.poll(() => documents(citizen, name).length).toBe(1);
    expect(documents(citizen, name)[0]!.text).toContain("Mediation contract — a draft");

    // No agreement draft before a completed session with recorded terms.
    expect(await alertFor(mediator, `doc:a:${request.id}`)).toMatchObject({ showAlert: true, text: label("ru", "documents:refused.notReady") });
    expect(documents(mediator, `kelisim-agreement-${request.code}.pdf`)).toEqual([]);
  }, 90_000);

  it("a stranger's forged buttons and an unknown case get an alert and no file", async () => {
    flow = await startFlow({ database, now: () => NOW });
    const { citizen, mediator, request } = await acceptedRequest(flow);
    await confirmSession(mediator, citizen);
    const stranger = flow.emu.user({ id: 8301, first_name: "Бөтен", language_code: "en" });
    await act(stranger, () => stranger.sendText("/start"));
    await act(stranger, () => stranger.tap("English"));

    for (const data of [`doc:c:${request.id}`, `doc:a:${request.id}`]) {
      expect(await alertFor(stranger, data)).toMatchObject({ showAlert: true, text: label("en", "documents:refused.notYours") });
    }
    expect(await alertFor(stranger, "doc:c:999999")).toMatchObject({ showAlert: true, text: label("en", "documents:refused.notFound") });
    // Another mediator is a stranger to this case too.
    const other = await activeMediator(flow, { id: 8102, name: "Бота Әлиқызы", locale: "kk" }, { rayonCodes: ["akmola.burabay"] });
    expect(await alertFor(other.user, `doc:c:${request.id}`)).toMatchObject({ showAlert: true, text: label("kk", "documents:refused.notYours") });
    // Given time, still nothing was sent.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(pdfs(stranger)).toEqual([]);
    expect(pdfs(other.user)).toEqual([]);
  }, 90_000);
});
