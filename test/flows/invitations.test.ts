// Inviting the other party, as people do it: the citizen gets a link (forward, WhatsApp, SMS text), the other
// party opens it as a second Telegram user and agrees or declines; after agreeing they get the confirmed
// meeting and both reminders like the citizen. Expired, reused, revoked and forged codes are refused with
// the same words, which say nothing about the case. Staff record answers given by phone or in person.
import { afterEach, describe, expect, it } from "vitest";
import type { InlineKeyboardMarkup } from "grammy/types";
import type { Locale } from "../../src/config.js";
import { packAppointment } from "../../src/bot/callback-data/appointment.js";
import { dateLabel } from "../../src/bot/conversations/propose-times/propose-times.js";
import { formatLocalDateTime, localToInstant } from "../../src/domain/scheduling.js";
import type { ChatMessage, EmulatedUser } from "../support/bot-api-emulator/types.js";
import { databaseTargets } from "../support/databases.js";
import { startFlow, type Flow } from "../support/flow.js";
import { act, label, opening } from "../support/intake-driver.js";
import { activeMediator } from "../support/mediators.js";
import { startedUser, submitRequest } from "../support/requests.js";

const TZ = "Asia/Almaty";
let flow: Flow | undefined;
afterEach(async () => {
  await flow?.stop();
  flow = undefined;
});

function clock(start = new Date("2026-11-25T06:00:00Z")) {
  let now = start.getTime();
  return { now: () => new Date(now), set: (d: Date) => (now = d.getTime()) };
}

const lastText = (u: EmulatedUser) => u.lastBotMessage()?.text ?? "";
const texts = (u: EmulatedUser) => u.messages().filter((m) => m.fromBot).map((m) => m.text ?? "");
const urlButtons = (m: ChatMessage | undefined) =>
  ((m?.replyMarkup as InlineKeyboardMarkup | undefined)?.inline_keyboard ?? []).flat().flatMap((b) => ("url" in b && b.url ? [{ text: b.text, url: b.url }] : []));

/** Taps "Invite" (or "New link") and reads the invitation the citizen got: the code, the forwardable text, the share buttons. */
async function invite(citizen: EmulatedUser, locale: Locale, button: string) {
  const before = citizen.messages().filter((m) => m.fromBot).length;
  await citizen.tap(button);
  // Two new messages: the text to forward, then how to share it.
  await expect.poll(() => citizen.messages().filter((m) => m.fromBot).length).toBeGreaterThanOrEqual(before + 2);
  await expect.poll(() => lastText(citizen)).toContain(opening(locale, "invitations:issued.text"));
  const all = citizen.messages().filter((m) => m.fromBot);
  const issued = all.at(-1)!;
  const share = all.at(-2)!;
  const code = /start=inv_([A-Za-z0-9]+)/.exec(share.text ?? "")![1]!;
  return { code, share, issued };
}

async function openLink(user: EmulatedUser, code: string): Promise<string> {
  await user.sendText(`/start inv_${code}`);
  const replies = await user.waitForReply();
  return replies.map((m) => m.text ?? "").join("\n");
}

/** The mediator's "Propose times" (as on the acceptance message), then one date and time. */
async function propose(m: EmulatedUser, locale: Locale, requestId: number, date: string, time: string) {
  const L = (key: string) => label(locale, key);
  await act(m, () => m.sendCallbackData(packAppointment({ type: "propose", requestId })));
  await act(m, () => m.tap(dateLabel(date, locale)));
  await act(m, () => m.tap(time));
  await act(m, () => m.tap(L("appointments:propose.next")));
  await act(m, () => m.tap(L("requests:labels.mode.in_person")));
  await m.sendText("Akimat of Shchuchinsk, room 12");
  await m.waitForReply();
  await expect.poll(() => m.lastBotMessage()?.text).toContain(opening(locale, "appointments:propose.sent"));
}

describe.each(databaseTargets())("inviting the other party on $name", (database) => {
  it("invite → the other party opens the link and agrees → all three get the meeting, the .ics and both reminders", async () => {
    const time = clock();
    flow = await startFlow({ database, now: time.now });
    const prisma = flow.app.db.prisma;
    const mediator = await activeMediator(flow, { id: 9101, name: "Асқар Бекұлы", locale: "ru" }, { rayonCodes: ["akmola.burabay"] });
    const citizen = flow.emu.user({ id: 9001, first_name: "Aigul", language_code: "en" });
    const citizenId = await startedUser(prisma, citizen);
    await act(citizen, () => citizen.tap("English"));
    const stored = await submitRequest(prisma, citizenId, time.now(), { description: { kind: "text", text: "The neighbour's cattle trample our hayfield." } });
    await prisma.mediationRequest.update({ where: { id: stored.id }, data: { status: "accepted", mediatorId: mediator.mediatorId, acceptedAt: time.now() } });

    // From My requests: invite the other party.
    await act(citizen, () => citizen.sendText("/myrequests"));
    await act(citizen, () => citizen.tap(new RegExp(stored.code)));
    expect(lastText(citizen)).toContain("Other party: not invited yet");
    const { code, share, issued } = await invite(citizen, "en", label("en", "invitations:buttons.invite"));
    expect(code).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(share.text).toContain(`https://t.me/${flow.emu.botInfo.username}?start=inv_${code}`);
    expect(share.text).toContain("Айгүл invites you");
    expect(share.text).not.toContain("cattle");
    expect(issued.text).toContain(code);
    const whatsapp = urlButtons(issued).find((b) => b.text === label("en", "invitations:buttons.shareWhatsapp"))!;
    expect(whatsapp.url.startsWith("https://wa.me/?text=")).toBe(true);
    expect(decodeURIComponent(whatsapp.url.slice("https://wa.me/?text=".length))).toBe(share.text);
    expect(urlButtons(issued).map((b) => b.text)).toContain(label("en", "invitations:buttons.shareTelegram"));
    expect(await prisma.mediationRequest.findFirstOrThrow()).toMatchObject({ otherPartyStatus: "invited" });

    // The other party opens the link in Russian: what mediation is, who invites, the category — not the description.
    const other = flow.emu.user({ id: 9201, first_name: "Болат", language_code: "ru" });
    const intro = await openLink(other, code);
    expect(intro).toContain("Айгүл приглашает вас на медиацию");
    expect(intro).toContain("Соседи, земля и пастбища");
    expect(intro).toContain("Что такое медиация?");
    expect(intro).not.toContain("cattle");
    expect(intro).not.toContain("+7701");
    expect(intro).not.toContain("Серікқызы");
    await act(other, () => other.tap(label("ru", "invitations:buttons.agree")));
    expect(lastText(other)).toContain("Вы согласились на медиацию");
    await expect.poll(() => lastText(citizen)).toContain("the other party has agreed");
    await expect.poll(() => lastText(mediator.user)).toContain("другая сторона согласилась на медиацию (в Telegram)");
    const request = await prisma.mediationRequest.findFirstOrThrow();
    expect(request).toMatchObject({ otherPartyStatus: "agreed", otherPartyAnswerVia: "telegram", otherPartyUserId: (await prisma.user.findUniqueOrThrow({ where: { telegramId: 9201n } })).id });
    expect(await prisma.invitation.findFirstOrThrow()).toMatchObject({ status: "used", usedAt: time.now() });
    expect(await prisma.deepLinkStart.findMany({ select: { kind: true, newUser: true } })).toEqual([{ kind: "invitation", newUser: true }]);

    // The mediator's /cases shows it.
    await act(mediator.user, () => mediator.user.sendText("/cases"));
    expect(lastText(mediator.user)).toContain("Другая сторона: ✅ согласилась на медиацию");

    // Times proposed and picked: the confirmation and the calendar file reach all three.
    await propose(mediator.user, "ru", stored.id, "2026-11-28", "15:00");
    const start = localToInstant("2026-11-28", "15:00", TZ);
    await expect.poll(() => lastText(citizen)).toContain("The mediator proposes times");
    await citizen.tap(formatLocalDateTime(start, "en", TZ));
    for (const [user, title] of [[citizen, "Meeting confirmed"], [mediator.user, "Встреча подтверждена"], [other, "Встреча подтверждена"]] as const) {
      await expect.poll(() => texts(user).some((t) => t.includes(title))).toBe(true);
      await expect.poll(() => user.messages().find((m) => m.kind === "document")?.document?.fileName).toBe(`kelisim-${request.code}.ics`);
    }
    const otherConfirmation = texts(other).find((t) => t.includes("Встреча подтверждена"))!;
    expect(otherConfirmation).toContain("суббота, 28 ноября в 15:00");
    expect(otherConfirmation).toContain("Асқар Бекұлы");
    expect(otherConfirmation).toContain(label("ru", "invitations:meeting.changeHint"));
    expect(await prisma.reminder.count({ where: { recipient: "other_party", status: "pending" } })).toBe(2);

    // 24 h and 2 h before: the three of them are reminded.
    time.set(new Date(start.getTime() - 24 * 3_600_000));
    await flow.app.jobs.sendReminders(time.now());
    await expect.poll(() => lastText(citizen)).toContain("your mediation meeting is tomorrow");
    await expect.poll(() => lastText(mediator.user)).toContain("встреча с медиатором завтра");
    await expect.poll(() => lastText(other)).toContain("встреча с медиатором завтра");
    expect(other.lastBotMessage()!.inlineButtons.flat()).toEqual([label("ru", "appointments:buttons.attend")]);
    time.set(new Date(start.getTime() - 2 * 3_600_000));
    await flow.app.jobs.sendReminders(time.now());
    await expect.poll(() => lastText(citizen)).toContain("starts in 2 hours");
    await expect.poll(() => lastText(mediator.user)).toContain("через 2 часа");
    await expect.poll(() => lastText(other)).toContain("через 2 часа");
    expect(await prisma.reminder.count({ where: { recipient: "other_party", status: "sent" } })).toBe(2);

    // The link is used up: opening it again, even by the same person, reveals nothing.
    expect(await openLink(other, code)).toBe(label("ru", "invitations:open.invalid").replace("🔗 ", "🔗 "));

    // The other party erases their data: they are unlinked from the case.
    await other.sendText("/deletedata");
    await other.waitForReply();
    await other.tap(/Удалить|Erase|Өшіру/);
    await other.waitForReply();
    expect((await prisma.mediationRequest.findFirstOrThrow()).otherPartyUserId).toBeNull();
  }, 40_000);

  it("decline path; forged, reused, revoked and expired codes get the same answer; a question reaches the centre", async () => {
    const time = clock();
    flow = await startFlow({ database, now: time.now, env: { OPERATOR_IDS: "9900" } });
    const prisma = flow.app.db.prisma;
    const operator = flow.emu.user({ id: 9900, first_name: "Op", language_code: "en" });
    await startedUser(prisma, operator);
    const citizen = flow.emu.user({ id: 9002, first_name: "Айгүл", language_code: "kk" });
    const citizenId = await startedUser(prisma, citizen);
    await act(citizen, () => citizen.tap("Қазақша"));
    const request = await submitRequest(prisma, citizenId, time.now());

    // My requests: the status of the other party and the button to invite them.
    await act(citizen, () => citizen.sendText("/myrequests"));
    await act(citizen, () => citizen.tap(new RegExp(request.code)));
    expect(lastText(citizen)).toContain("Екінші тарап: әлі шақырылған жоқ");
    const first = await invite(citizen, "kk", label("kk", "invitations:buttons.invite"));
    expect(first.share.text).toContain("Сәлеметсіз бе! Айгүл Сізді");
    const whatsapp = urlButtons(first.issued).find((b) => b.url.startsWith("https://wa.me/"))!;
    expect(new URL(whatsapp.url).searchParams.get("text")).toBe(first.share.text);

    // A forged code: the refusal everyone gets, with nothing about any case in it.
    const stranger = flow.emu.user({ id: 9301, first_name: "Stranger", language_code: "en" });
    const refusal = label("en", "invitations:open.invalid");
    expect(await openLink(stranger, "Forged2345678abc")).toBe(refusal);

    // The other party asks a question first: no mediator yet, so it goes to the operators.
    const other = flow.emu.user({ id: 9202, first_name: "Bolat", language_code: "en" });
    expect(await openLink(other, first.code)).toContain("Айгүл invites you to mediation");
    await act(other, () => other.tap(label("en", "invitations:buttons.ask")));
    expect(lastText(other)).toContain("Type your question");
    await act(other, () => other.sendText("Will it cost me anything?"));
    expect(lastText(other)).toContain("your question has gone to the mediation centre");
    await expect.poll(() => lastText(operator)).toContain("Will it cost me anything?");
    expect(lastText(operator)).toContain(request.code);

    // Decline: told gently to the citizen, in Kazakh.
    await act(other, () => other.tap(label("en", "invitations:buttons.decline")));
    expect(lastText(other)).toContain("Thank you for answering");
    await expect.poll(() => lastText(citizen)).toContain("Екінші тарап әзірге медиацияға қатыспауды шешті");
    expect(await prisma.mediationRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({ otherPartyStatus: "declined", otherPartyUserId: null, otherPartyAnswerVia: "telegram" });

    // Reused: the same link again, by someone else, and an old "Agree" button of the other party.
    expect(await openLink(stranger, first.code)).toBe(refusal);
    await other.sendCallbackData(`iv:a:${first.code}`);
    await expect.poll(() => other.callbackAnswers().at(-1)?.text).toBe(label("en", "invitations:open.invalidShort"));
    expect((await prisma.mediationRequest.findUniqueOrThrow({ where: { id: request.id } })).otherPartyStatus).toBe("declined");

    // A new link revokes the previous one; past 14 days it expires.
    const second = await invite(citizen, "kk", label("kk", "invitations:buttons.newLink"));
    const third = await invite(citizen, "kk", label("kk", "invitations:buttons.newLink"));
    expect(await openLink(stranger, second.code)).toBe(refusal);
    expect(await prisma.invitation.count({ where: { requestId: request.id, status: "revoked" } })).toBe(1);
    time.set(new Date(time.now().getTime() + 15 * 24 * 3_600_000));
    expect(await openLink(stranger, third.code)).toBe(refusal);
    await stranger.sendCallbackData(`iv:a:${third.code}`);
    await expect.poll(() => stranger.callbackAnswers().at(-1)?.text).toBe(label("en", "invitations:open.invalidShort"));
    // Someone else's request: the citizen's "invite" button forged by a stranger does nothing.
    await stranger.sendCallbackData(`iv:n:${request.id}`);
    await expect.poll(() => stranger.callbackAnswers().at(-1)?.text).toBe(label("en", "invitations:issue.notFound"));
    expect(await prisma.invitation.count({ where: { requestId: request.id } })).toBe(3);
    expect(await prisma.mediationRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({ otherPartyStatus: "invited" });
  }, 30_000);

  it("the mediator and an operator record answers given by phone or in person (audited); others cannot", async () => {
    const time = clock();
    flow = await startFlow({ database, now: time.now, env: { OPERATOR_IDS: "9901" } });
    const prisma = flow.app.db.prisma;
    const mediator = await activeMediator(flow, { id: 9102, name: "Гүлнар Сейітқызы", locale: "en" }, { rayonCodes: ["akmola.burabay"] });
    const citizen = flow.emu.user({ id: 9003, first_name: "Aigul", language_code: "en" });
    const citizenId = await startedUser(prisma, citizen);
    const request = await submitRequest(prisma, citizenId, time.now());
    await prisma.mediationRequest.update({ where: { id: request.id }, data: { status: "accepted", mediatorId: mediator.mediatorId, acceptedAt: time.now() } });

    // The mediator, from /cases: "agreed by phone".
    await act(mediator.user, () => mediator.user.sendText("/cases"));
    expect(lastText(mediator.user)).toContain("Other party: not invited yet");
    await act(mediator.user, () => mediator.user.tap(`👥 ${request.code}: other party's answer`));
    await act(mediator.user, () => mediator.user.tap(label("en", "invitations:record.buttons.agreed.phone")));
    expect(lastText(mediator.user)).toContain("Recorded");
    expect(lastText(mediator.user)).toContain("✅ agreed to mediation (by phone)");
    await expect.poll(() => lastText(citizen)).toContain("the other party has agreed");
    // Recording the same answer again changes nothing.
    await mediator.user.tap(label("en", "invitations:record.buttons.agreed.phone"));
    await expect.poll(() => mediator.user.callbackAnswers().at(-1)?.text).toBe(label("en", "invitations:record.already"));

    // A stranger forging the staff buttons is refused; /case is not theirs either.
    const stranger = flow.emu.user({ id: 9302, first_name: "Stranger", language_code: "en" });
    await startedUser(prisma, stranger);
    await stranger.sendCallbackData(`iv:r:${request.id}:d:p`);
    await expect.poll(() => stranger.callbackAnswers().at(-1)?.text).toBe(label("en", "invitations:record.notAllowed"));
    await act(stranger, () => stranger.sendText(`/case ${request.code}`));
    expect(lastText(stranger)).not.toContain(request.code);

    // The operator, with /case: "declined in person"; the mediator and the citizen are told.
    const operator = flow.emu.user({ id: 9901, first_name: "Op", language_code: "en" });
    await startedUser(prisma, operator);
    await act(operator, () => operator.sendText(`/case ${request.code.toLowerCase()}`));
    expect(lastText(operator)).toContain(`Other party — request ${request.code}`);
    await act(operator, () => operator.tap(label("en", "invitations:record.buttons.declined.in_person")));
    expect(lastText(operator)).toContain("✖️ declined for now (in person)");
    await expect.poll(() => lastText(mediator.user)).toContain("the other party has declined mediation for now (in person)");
    await expect.poll(() => lastText(citizen)).toContain("decided not to take part in mediation for now");

    const audit = await prisma.auditEntry.findMany({ where: { action: "other_party.answer" }, orderBy: { id: "asc" }, select: { actorId: true, targetId: true, details: true } });
    expect(audit.map((a) => [a.targetId, JSON.parse(a.details ?? "{}")])).toEqual([
      [String(request.id), { answer: "agreed", via: "phone", role: "mediator" }],
      [String(request.id), { answer: "declined", via: "in_person", role: "operator" }],
    ]);
    expect(await prisma.mediationRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({ otherPartyStatus: "declined", otherPartyAnswerVia: "in_person" });
  }, 30_000);
});

describe("an other party who agrees after the meeting is confirmed", () => {
  it("gets the confirmed meeting at once, and learns when it is moved", async () => {
    const time = clock();
    flow = await startFlow({ now: time.now });
    const prisma = flow.app.db.prisma;
    const mediator = await activeMediator(flow, { id: 9103, name: "Асқар Бекұлы", locale: "en" }, { rayonCodes: ["akmola.burabay"] });
    const citizen = flow.emu.user({ id: 9004, first_name: "Aigul", language_code: "en" });
    const citizenId = await startedUser(prisma, citizen);
    await act(citizen, () => citizen.tap("English"));
    const stored = await submitRequest(prisma, citizenId, time.now());
    await prisma.mediationRequest.update({ where: { id: stored.id }, data: { status: "accepted", mediatorId: mediator.mediatorId, acceptedAt: time.now() } });
    await propose(mediator.user, "en", stored.id, "2026-11-28", "15:00");
    const start = localToInstant("2026-11-28", "15:00", TZ);
    await expect.poll(() => lastText(citizen)).toContain("The mediator proposes times");
    await citizen.tap(formatLocalDateTime(start, "en", TZ));
    await expect.poll(() => texts(citizen).some((t) => t.includes("Meeting confirmed"))).toBe(true);

    await act(citizen, () => citizen.sendText("/myrequests"));
    await act(citizen, () => citizen.tap(new RegExp(stored.code)));
    const { code } = await invite(citizen, "en", label("en", "invitations:buttons.invite"));
    const other = flow.emu.user({ id: 9203, first_name: "Dana", language_code: "kk" });
    expect(await openLink(other, code)).toContain("Айгүл Сізді медиацияға шақырады");
    await act(other, () => other.tap(label("kk", "invitations:buttons.agree")));
    await expect.poll(() => texts(other).some((t) => t.includes("Кездесу бекітілді"))).toBe(true);
    await expect.poll(() => other.messages().some((m) => m.document?.fileName === `kelisim-${stored.code}.ics`)).toBe(true);
    expect(await prisma.reminder.findMany({ where: { recipient: "other_party", status: "pending" }, orderBy: { dueAt: "asc" }, select: { kind: true, dueAt: true } })).toEqual([
      { kind: "before_24h", dueAt: new Date(start.getTime() - 24 * 3_600_000) },
      { kind: "before_2h", dueAt: new Date(start.getTime() - 2 * 3_600_000) },
    ]);

    // The citizen moves it: the other party is told, and their reminders go with the old time.
    await citizen.tap(label("en", "appointments:buttons.reschedule"));
    await expect.poll(() => lastText(other)).toContain("ауыстырылып жатыр");
    expect(lastText(other)).toContain(formatLocalDateTime(start, "kk", TZ));
    expect(await prisma.reminder.count({ where: { recipient: "other_party", status: "pending" } })).toBe(0);
  }, 30_000);
});
