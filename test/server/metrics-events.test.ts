// The business counters at /metrics move after real actions through the emulator (offers, reminders,
// broadcasts), and nothing personal appears in the exposition: labels are outcomes and kinds only.
import { afterEach, describe, expect, it } from "vitest";
import { createBroadcastRepository } from "../../src/db/repositories/broadcast-repository.js";
import { startFlow, type Flow } from "../support/flow.js";
import { act, fillIntake, label } from "../support/intake-driver.js";
import { activeMediator } from "../support/mediators.js";

let flow: Flow | undefined;
afterEach(async () => {
  await flow?.stop();
  flow = undefined;
});

async function scrape(f: Flow): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${f.app.healthPort}/metrics`);
  expect(response.status).toBe(200);
  return response.text();
}

/** The value of one sample, e.g. value(text, 'kelisim_offers_total{outcome="accepted"}'); 0 when absent. */
function value(text: string, sample: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${sample} `));
  return line ? Number(line.slice(sample.length + 1)) : 0;
}

describe("business metrics", () => {
  it("count offers by outcome, reminders sent and broadcast messages, with no personal data", async () => {
    let now = new Date("2026-11-25T06:00:00Z").getTime();
    const clock = () => new Date(now);
    flow = await startFlow({ now: clock, env: { OPERATOR_IDS: "7301" } });
    const f = flow;
    const a = await activeMediator(f, { id: 7101, name: "Асқар Бекұлы", locale: "en" }, { rayonCodes: ["akmola.burabay"] });
    const b = await activeMediator(f, { id: 7102, name: "Гүлнар Сейітқызы", locale: "en" }, { rayonCodes: ["akmola.zerendi"] });
    const citizen = f.emu.user({ id: 7001, first_name: "Айгүл", language_code: "en", phone_number: "+7 701 555 44 33" });
    await act(citizen, () => citizen.sendText("/start"));
    await act(citizen, () => citizen.tap("English"));
    await fillIntake(citizen, "en", { description: { text: "The neighbour's cattle trample our hayfield every summer." }, place: { oblast: "Akmola Region", rayon: /Burabay/ }, phone: { contact: true } });
    await act(citizen, () => citizen.tap(label("en", "intake:summary.submit")));
    const request = await f.app.db.prisma.mediationRequest.findFirstOrThrow();

    await expect.poll(() => a.user.lastBotMessage()?.inlineButtons.flat()).toContain(label("en", "offers:card.accept"));
    await act(a.user, () => a.user.tap(label("en", "offers:card.decline")));
    await act(a.user, () => a.user.tap(label("en", "offers:decline.reasons.busy")));
    await expect.poll(() => b.user.lastBotMessage()?.inlineButtons.flat()).toContain(label("en", "offers:card.accept"));
    await act(b.user, () => b.user.tap(label("en", "offers:card.accept")));
    await expect.poll(async () => (await f.app.db.prisma.mediationRequest.findUniqueOrThrow({ where: { id: request.id } })).status).toBe("accepted");

    let text = await scrape(f);
    expect(value(text, 'kelisim_offers_total{outcome="offered"}')).toBe(2);
    expect(value(text, 'kelisim_offers_total{outcome="declined"}')).toBe(1);
    expect(value(text, 'kelisim_offers_total{outcome="accepted"}')).toBe(1);

    // A day later the mediator who proposed no times is reminded once.
    now += 25 * 3_600_000;
    await f.app.jobs.sendReminders(clock());
    await expect.poll(async () => value(await scrape(f), 'kelisim_reminders_total{outcome="sent"}')).toBe(1);

    // A broadcast to everyone (operator, citizen, two mediators): each message queued and sent.
    const operator = f.emu.user({ id: 7301, first_name: "Operator", language_code: "en" });
    await operator.sendText("/start");
    await operator.waitForReply();
    const operatorRow = await f.app.db.prisma.user.findUniqueOrThrow({ where: { telegramId: 7301n } });
    const { recipients } = await createBroadcastRepository(f.app.db.prisma).create(
      { audience: "everyone", oblastCodes: [], languages: [], createdById: operatorRow.id, text: "Жиналыс", photoFileId: null, scheduledAt: null, progressChatId: null },
      "kk",
      clock(),
    );
    await f.app.jobs.runBroadcasts(clock());
    await expect.poll(async () => value(await scrape(f), 'kelisim_broadcast_messages_total{outcome="sent"}')).toBe(recipients);
    text = await scrape(f);
    expect(value(text, 'kelisim_broadcast_messages_total{outcome="queued"}')).toBe(recipients);

    // Labels carry kinds and outcomes only: no names, phones, texts, codes or Telegram ids.
    const labels = text.split("\n").filter((l) => !l.startsWith("#")).map((l) => /\{([^}]*)\}/.exec(l)?.[1] ?? "").join("\n");
    for (const secret of ["Айгүл", "Асқар", "Гүлнар", "555", "cattle", request.code, "7001", "7101", "7102", "7301", "Жиналыс"]) expect(labels).not.toContain(secret);
    expect(text).not.toMatch(/Айгүл|Асқар|Гүлнар|\+7701|cattle|Жиналыс/);
  });
});
