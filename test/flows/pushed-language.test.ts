// Messages the bot sends on its own follow one rule (recipientLocale): the language the person chose, else
// their Telegram language when Kelisim speaks it, else the default. Here nobody ever taps the language
// picker: people whose Telegram is Russian get Russian, English gets English — the offer, the acceptance,
// "no mediator found", the operators' alert, a reminder, the digest, and a broadcast's language filter.
import { afterEach, describe, expect, it } from "vitest";
import { createI18n } from "../../src/bot/i18n.js";
import type { Locale } from "../../src/config.js";
import { createAppointmentRepository } from "../../src/db/repositories/appointment-repository.js";
import { createBroadcastRepository } from "../../src/db/repositories/broadcast-repository.js";
import { createMediatorRepository } from "../../src/db/repositories/mediator-repository.js";
import { createOperatorRepository } from "../../src/db/repositories/operator-repository.js";
import type { EmulatedUser } from "../support/bot-api-emulator/types.js";
import { databaseTargets } from "../support/databases.js";
import { startFlowOn } from "../support/flow-targets.js";
import type { Flow } from "../support/flow.js";
import { act, label } from "../support/intake-driver.js";
import { startedUser, submitRequest } from "../support/requests.js";

const i18n = createI18n("kk");
const SENTINEL = "§§";

/** A catalogue text as the chat shows it (no tags), cut before `cutAt` (a value the test cannot know). */
function shown(locale: Locale, key: string, values: Record<string, unknown> = {}, cutAt?: string): string {
  const text = i18n.t(locale)(key, { ...values, ...(cutAt ? { [cutAt]: SENTINEL } : {}) }) as string;
  const plain = text.replace(/<[^>]+>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
  return cutAt ? plain.split(SENTINEL)[0]! : plain;
}

const texts = (user: EmulatedUser) => user.messages().map((m) => m.text ?? "");
const received = (user: EmulatedUser, text: string) => texts(user).some((t) => t.includes(text));

let flow: Flow | undefined;
afterEach(async () => {
  await flow?.stop();
  flow = undefined;
});

const NOW = new Date("2026-11-25T06:00:00Z"); // 11:00 in Almaty

describe.each(databaseTargets())("pushed messages in the person's language on $name", (database) => {
  it("Telegram ru without a chosen language: offer, acceptance, unmatched, operator alert, reminder and digest in Russian; en in English", async () => {
    let now = NOW;
    flow = await startFlowOn(database, { now: () => now });
    const prisma = flow.app.db.prisma;
    const person = async (id: number, name: string, language: string) => {
      const user = flow!.emu.user({ id, first_name: name, language_code: language });
      return { user, userId: await startedUser(prisma, user) };
    };
    const citizenRu = await person(9001, "Ольга", "ru");
    const citizenEn = await person(9002, "Anna", "en");
    const mediator = await person(9101, "Ерлан", "ru");
    const operatorRu = await person(9301, "Дана", "ru");
    const operatorEn = await person(9302, "Aigul", "en");
    const operators = createOperatorRepository(prisma);
    await operators.add(9301n, operatorRu.userId);
    await operators.add(9302n, operatorRu.userId);
    const mediators = createMediatorRepository(prisma);
    const profile = await mediators.apply(mediator.userId, {
      fullName: "Ерлан Қасымов", kind: "public", registryNumber: null, rayonCodes: ["akmola.burabay"], languages: ["kk", "ru"],
      specializations: ["family", "neighbours", "property"], modes: ["in_person", "phone"], maxOpenCases: 3, phone: "+77010000000", bio: "Ауыл медиаторы.",
    }, NOW);
    await mediators.changeStatus(profile.id, ["pending"], "active", null, NOW);
    // Nobody chose a language: only Telegram's is known.
    expect((await prisma.user.findMany({ select: { locale: true } })).every((u) => u.locale === null)).toBe(true);

    // The offer reaches the mediator in Russian, buttons included.
    const request = await submitRequest(prisma, citizenRu.userId, NOW, { sessionLanguage: "ru" });
    expect(await flow.app.matchmaker.offerNext(request.id, NOW)).toBe("offered");
    await expect.poll(() => received(mediator.user, shown("ru", "offers:card.title", { code: request.code }))).toBe(true);
    expect(mediator.user.lastBotMessage()?.inlineButtons.flat()).toEqual([label("ru", "offers:card.accept"), label("ru", "offers:card.decline")]);

    // Accepting: both sides are told in Russian.
    await act(mediator.user, () => mediator.user.tap(label("ru", "offers:card.accept")));
    await expect.poll(() => received(citizenRu.user, shown("ru", "offers:accepted.citizen", { code: request.code }, "name"))).toBe(true);
    expect(received(mediator.user, shown("ru", "offers:accepted.mediator", { code: request.code }, "name"))).toBe(true);

    // Nobody speaks English near Burabay: the English citizen and both operators are told, each in their language.
    const unmatched = await submitRequest(prisma, citizenEn.userId, NOW, { sessionLanguage: "en" });
    expect(await flow.app.matchmaker.offerNext(unmatched.id, NOW)).toBe("unmatched");
    // (Its wording depends on the cost choice; the district's name shows the language.)
    await expect.poll(() => texts(citizenEn.user).find((t) => t.includes(unmatched.code))).toContain("Burabay District, Akmola Region");
    await expect.poll(() => received(operatorRu.user, shown("ru", "offers:unmatched.operators", { code: unmatched.code }, "category"))).toBe(true);
    await expect.poll(() => received(operatorEn.user, shown("en", "offers:unmatched.operators", { code: unmatched.code }, "category"))).toBe(true);

    // A meeting, then the 24 h reminder: Russian for both sides.
    const appointments = createAppointmentRepository(prisma);
    const proposed = await appointments.propose(request.id, mediator.userId, [new Date("2026-11-27T10:00:00Z")], "phone", null, NOW);
    if (!proposed.ok) throw new Error(`propose: ${proposed.reason}`);
    expect(await appointments.pick(proposed.appointment.id, citizenRu.userId, proposed.appointment.round, 0, NOW)).toMatchObject({ ok: true });
    now = new Date("2026-11-26T10:01:00Z");
    await flow.app.jobs.sendReminders(now);
    const reminder = shown("ru", "appointments:reminder.before_24h", { code: request.code });
    await expect.poll(() => received(citizenRu.user, reminder)).toBe(true);
    await expect.poll(() => received(mediator.user, reminder)).toBe(true);

    // The next morning's digest: Russian for one operator, English for the other.
    expect(await flow.app.jobs.dailyDigest(now)).toMatchObject({ status: "sent", operators: 2, delivered: 2 });
    await expect.poll(() => received(operatorRu.user, shown("ru", "digest:title", {}, "date"))).toBe(true);
    await expect.poll(() => received(operatorEn.user, shown("en", "digest:title", {}, "date"))).toBe(true);
  });

  it("a broadcast's language filter counts a person by the same rule (chosen, else Telegram's, else the default)", async () => {
    flow = await startFlowOn(database, { now: () => NOW });
    const prisma = flow.app.db.prisma;
    const ru = flow.emu.user({ id: 9401, first_name: "Ольга", language_code: "ru" });
    const ruRegional = flow.emu.user({ id: 9402, first_name: "Игорь", language_code: "ru-RU" });
    const en = flow.emu.user({ id: 9403, first_name: "Anna", language_code: "en" });
    const german = flow.emu.user({ id: 9404, first_name: "Jonas", language_code: "de" }); // not spoken: the default, kk
    const choseEn = flow.emu.user({ id: 9405, first_name: "Дина", language_code: "ru" }); // Telegram ru, chose English
    const ids = new Map<EmulatedUser, number>();
    for (const user of [ru, ruRegional, en, german, choseEn]) ids.set(user, await startedUser(prisma, user));
    await act(choseEn, () => choseEn.sendText("/language"));
    await act(choseEn, () => choseEn.tap(label("en", "language.names.en")));

    const broadcasts = createBroadcastRepository(prisma);
    const audience = (languages: Locale[]) => broadcasts.countAudience({ audience: "everyone", oblastCodes: [], languages }, "kk");
    expect(await audience(["ru"])).toBe(2);
    expect(await audience(["en"])).toBe(2);
    expect(await audience(["kk"])).toBe(1);
    expect(await audience(["kk", "ru", "en"])).toBe(5);

    const text = "Ертең ауылдық клубта медиация туралы кездесу өтеді. / Завтра в сельском клубе встреча о медиации.";
    await broadcasts.create({ audience: "everyone", oblastCodes: [], languages: ["ru"], createdById: ids.get(ru)!, text, photoFileId: null, scheduledAt: null, progressChatId: null }, "kk", NOW);
    expect(await flow.app.jobs.runBroadcasts(NOW)).toMatchObject({ sent: 2, failed: 0 });
    expect(received(ru, text)).toBe(true);
    expect(received(ruRegional, text)).toBe(true);
    for (const other of [en, german, choseEn]) expect(received(other, text)).toBe(false);
  });
});
