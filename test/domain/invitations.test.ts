import { describe, expect, it } from "vitest";
import { createI18n } from "../../src/bot/i18n.js";
import { packInvitation, parseInvitation } from "../../src/bot/callback-data/invitation.js";
import { SUPPORTED_LOCALES } from "../../src/config.js";
import {
  buildInvitationTexts, canInvite, invitationCost, canRecordAnswer, INVITATION_TTL_DAYS, invitationExpiresAt, invitationState, otherPartyReminders, statusAfterIssue,
  telegramShareUrl, whatsappShareUrl,
} from "../../src/domain/invitations.js";
import { planReminders } from "../../src/domain/scheduling.js";

const NOW = new Date("2026-11-25T06:00:00Z");
const i18n = createI18n("kk");

describe("invitation codes", () => {
  it("expire after the configured days, and only an active, unexpired one is usable", () => {
    const expiresAt = invitationExpiresAt(NOW);
    expect(expiresAt.getTime() - NOW.getTime()).toBe(INVITATION_TTL_DAYS * 24 * 3_600_000);
    expect(invitationState({ status: "active", expiresAt }, NOW)).toBe("usable");
    expect(invitationState({ status: "active", expiresAt }, expiresAt)).toBe("expired");
    expect(invitationState({ status: "used", expiresAt }, NOW)).toBe("used");
    expect(invitationState({ status: "revoked", expiresAt }, NOW)).toBe("revoked");
    expect(invitationState({ status: "weird", expiresAt }, NOW)).toBe("revoked");
  });

  it("can be issued for open cases until the other party agreed; re-issuing asks a decliner again", () => {
    for (const status of ["submitted", "offered", "accepted", "scheduled", "unmatched"]) expect(canInvite(status, "not_invited")).toBe(true);
    for (const status of ["completed", "cancelled", "expired"]) expect(canInvite(status, "invited")).toBe(false);
    expect(canInvite("accepted", "agreed")).toBe(false);
    expect(statusAfterIssue("not_invited")).toBe("invited");
    expect(statusAfterIssue("declined")).toBe("invited");
  });

  it("takes a link's answer only while invited; staff may correct, but not repeat, an answer", () => {
    expect(canRecordAnswer("invited", "agreed", "telegram")).toBe(true);
    expect(canRecordAnswer("agreed", "declined", "telegram")).toBe(false);
    expect(canRecordAnswer("not_invited", "agreed", "telegram")).toBe(false);
    expect(canRecordAnswer("not_invited", "agreed", "phone")).toBe(true);
    expect(canRecordAnswer("agreed", "declined", "in_person")).toBe(true);
    expect(canRecordAnswer("declined", "declined", "phone")).toBe(false);
  });

  it("plans the other party's 24 h and 2 h reminders exactly like the citizen's", () => {
    const start = new Date("2026-11-28T10:00:00Z");
    const plan = planReminders(start, 60, NOW);
    expect(otherPartyReminders(plan)).toEqual([
      { kind: "before_24h", recipient: "other_party", dueAt: new Date("2026-11-27T10:00:00Z") },
      { kind: "before_2h", recipient: "other_party", dueAt: new Date("2026-11-28T08:00:00Z") },
    ]);
    // Confirmed 3 hours ahead: the 24 h reminder is already past for both.
    expect(otherPartyReminders(planReminders(start, 60, new Date("2026-11-28T07:00:00Z"))).map((r) => r.kind)).toEqual(["before_2h"]);
  });
});

describe("share texts", () => {
  const link = "https://t.me/kelisim_bot?start=inv_Ab3dEf7hJkMnPqRs";
  const input = { link, code: "Ab3dEf7hJkMnPqRs", botUsername: "kelisim_bot", inviterName: "Айгүл & <Co>", category: "Neighbours", cost: "free_only" as const };

  it.each(SUPPORTED_LOCALES)("in %s: the WhatsApp URL decodes to the share text with the link; the SMS has the link and no code to type", (locale) => {
    const texts = buildInvitationTexts(i18n.t(locale), input);
    expect(texts.whatsappUrl.startsWith("https://wa.me/?text=")).toBe(true);
    const decoded = decodeURIComponent(new URL(texts.whatsappUrl).searchParams.get("text") ?? "");
    expect(decoded).toBe(texts.share);
    expect(new URL(texts.whatsappUrl).searchParams.get("text")).toBe(texts.share);
    // Plain text for outside Telegram: the name as typed, not HTML-escaped.
    expect(texts.share).toContain("Айгүл & <Co>");
    expect(texts.share).toContain(link);
    // A1-8: nothing accepts a typed code, so the SMS offers only the link (the code appears only inside it).
    expect(texts.sms).toContain(link);
    expect(texts.sms.replace(link, "")).not.toContain(input.code);
    expect(texts.sms).not.toContain("@kelisim_bot");
    const share = new URL(texts.telegramUrl);
    expect(`${share.origin}${share.pathname}`).toBe("https://t.me/share/url");
    expect(share.searchParams.get("url")).toBe(link);
    // Each language writes its own words.
    const greeting = { kk: "Сәлеметсіз бе", ru: "Здравствуйте", en: "Hello" }[locale];
    expect(texts.share.startsWith(greeting)).toBe(true);
  });

  it.each(SUPPORTED_LOCALES)("in %s: the share text states the cost that applies; the Telegram and SMS texts promise nothing about cost", (locale) => {
    const t = i18n.t(locale);
    const phrases = (["free_only", "either", "public", "professional"] as const).map((cost) => {
      const phrase = t(`invitations:cost.${cost}`);
      expect(buildInvitationTexts(t, { ...input, cost }).share).toContain(phrase);
      return phrase;
    });
    expect(new Set(phrases).size).toBe(4);
    const free = { kk: "тегін", ru: "бесплат", en: "free" }[locale];
    const texts = buildInvitationTexts(t, input);
    expect(texts.sms.toLowerCase()).not.toContain(free);
    expect(new URL(texts.telegramUrl).searchParams.get("text")!.toLowerCase()).not.toContain(free);
  });

  it("invitationCost: the accepted mediator's kind, else the person's choice, and anything unknown reads as free only", () => {
    expect(invitationCost("either", "public")).toBe("public");
    expect(invitationCost("free_only", "professional")).toBe("professional");
    expect(invitationCost("either", null)).toBe("either");
    expect(invitationCost("free_only", null)).toBe("free_only");
    expect(invitationCost("???", "???")).toBe("free_only");
  });

  it("encodes every character WhatsApp and Telegram need encoded", () => {
    expect(whatsappShareUrl("a b&c?d=é\n")).toBe("https://wa.me/?text=a%20b%26c%3Fd%3D%C3%A9%0A");
    expect(telegramShareUrl("https://x/?a=1&b=2", "t")).toBe("https://t.me/share/url?url=https%3A%2F%2Fx%2F%3Fa%3D1%26b%3D2&text=t");
  });

  it("names 'someone' when the citizen's name was erased", () => {
    expect(buildInvitationTexts(i18n.t("en"), { ...input, inviterName: " " }).share).toContain("Someone you know invites you");
  });
});

describe("invitation callback data", () => {
  it("packs and parses every action; refuses forged shapes", () => {
    const actions = [
      { type: "issue", requestId: 12 },
      { type: "agree", code: "Ab3dEf7hJkMnPqRs" },
      { type: "decline", code: "Ab3dEf7hJkMnPqRs" },
      { type: "ask", code: "Ab3dEf7hJkMnPqRs" },
      { type: "staff", requestId: 7 },
      { type: "record", requestId: 7, answer: "agreed", via: "phone" },
      { type: "record", requestId: 7, answer: "declined", via: "in_person" },
    ] as const;
    for (const action of actions) expect(parseInvitation(packInvitation(action))).toEqual(action);
    for (const forged of ["iv", "iv:n", "iv:n:0", "iv:n:abc", "iv:a:ab", "iv:a:ab$cdefg", "iv:r:7:x:p", "iv:r:7:a", "iv:r:7:a:p:1", "iv:z:1", "ap:n:1", `iv:a:${"a".repeat(70)}`]) {
      expect(parseInvitation(forged)).toBeNull();
    }
  });
});
