import { InlineKeyboard } from "grammy";
import { pack } from "../callback-data/actions.js";
import { packAppointment } from "../callback-data/appointment.js";
import { packMediatorAction } from "../callback-data/mediator-actions.js";
import type { Translate } from "../i18n.js";
import { packPoster } from "../callback-data/poster.js";

/** After an application is sent: the profile (with its status), or the menu. */
export function createApplicationSentKeyboard(t: Translate): InlineKeyboard {
  return new InlineKeyboard().text(t("mediator:buttons.profile"), packMediatorAction({ type: "profile" })).row().text(t("nav.menu"), pack({ type: "menu" }));
}

/** The profile screen: cases and pause/resume while active, editing unless suspended, the menu. */
export function createProfileKeyboard(t: Translate, profile: { id: number; status: string; paused: boolean }): InlineKeyboard {
  const { id } = profile;
  const keyboard = new InlineKeyboard();
  if (profile.status === "active") {
    keyboard.text(t("mediator:buttons.cases"), packMediatorAction({ type: "cases", id })).row();
    keyboard.text(t(profile.paused ? "mediator:buttons.resume" : "mediator:buttons.pause"), packMediatorAction({ type: profile.paused ? "resume" : "pause", id })).row();
    keyboard.text(t("assisted:entryButton"), packPoster({ type: "assist" })).row();
  }
  if (profile.status !== "suspended") keyboard.text(t("mediator:buttons.edit"), packMediatorAction({ type: "edit", id })).row();
  return keyboard.text(t("nav.menu"), pack({ type: "menu" }));
}

/** Under the case list and other workspace answers: back to the profile, or the menu. */
export function createBackToProfileKeyboard(t: Translate): InlineKeyboard {
  return new InlineKeyboard().text(t("mediator:buttons.profile"), packMediatorAction({ type: "profile" })).text(t("nav.menu"), pack({ type: "menu" }));
}

/** For someone without a profile: the way to apply, or the menu. */
export function createBecomeMediatorKeyboard(t: Translate): InlineKeyboard {
  return new InlineKeyboard().text(t("mediator:buttons.apply"), packMediatorAction({ type: "apply" })).row().text(t("nav.menu"), pack({ type: "menu" }));
}

/**
 * "Propose times" for every accepted case with no meeting proposed yet, above `keyboard`. The same callback
 * as the button under the acceptance message (src/bot/features/appointments.ts checks the case is theirs),
 * so a mediator whose acceptance message was lost (a crash right after accepting) still has the next step.
 */
export function withProposeTimesButtons(t: Translate, cases: ReadonlyArray<{ id: number; code: string; needsTimes?: boolean }>, keyboard: InlineKeyboard): InlineKeyboard {
  const rows = cases.filter((c) => c.needsTimes).map((c) => [InlineKeyboard.text(t("mediator:cases.proposeTimes", { code: c.code }), packAppointment({ type: "propose", requestId: c.id }))]);
  return InlineKeyboard.from([...rows, ...keyboard.inline_keyboard]);
}
