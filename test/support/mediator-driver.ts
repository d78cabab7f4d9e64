// Drives the mediator application as a person would, reading button labels from the catalogues so that the
// same script runs in every language; and makes mediator profiles directly for tests of what comes after.
import type { Locale } from "../../src/config.js";
import type { PrismaClient } from "../../src/db/client.js";
import { createMediatorRepository } from "../../src/db/repositories/mediator-repository.js";
import type { MediatorApplication, MediatorKind, MediatorStatus } from "../../src/domain/mediator.js";
import type { Category, SessionLanguage, SessionMode } from "../../src/domain/request.js";
import type { EmulatedUser } from "./bot-api-emulator/types.js";
import { act, label } from "./intake-driver.js";

export interface ApplicationScript {
  fullName: string;
  kind: MediatorKind;
  registry?: string;
  /** Oblasts in order, with the rayons to tick in each ("Another region" between them). */
  places: Array<{ oblast: string; rayons: Array<string | RegExp> }>;
  languages: SessionLanguage[];
  specializations: Category[] | "all";
  modes: SessionMode[];
  maxOpenCases: { tap: number } | { typed: string };
  phone: { typed: string } | { contact: true };
  bio: string;
}

/** Taps `pattern` on the current list, turning its pages (forwards, then backwards) until it is visible. */
export async function tapOnAnyPage(user: EmulatedUser, locale: Locale, pattern: string | RegExp): Promise<void> {
  const visible = (texts: string[]) => texts.some((b) => (typeof pattern === "string" ? b === pattern : pattern.test(b)));
  for (const turn of ["mediator:rayons.nextPage", "mediator:rayons.previousPage"]) {
    for (let page = 0; page < 5; page++) {
      const buttons = user.lastBotMessage()?.inlineButtons.flat() ?? [];
      if (visible(buttons)) return act(user, () => user.tap(pattern)).then(() => undefined);
      if (!buttons.includes(label(locale, turn))) break;
      await act(user, () => user.tap(label(locale, turn)));
    }
  }
  throw new Error(`No button ${String(pattern)} on any page`);
}

/** A toggle button by its label, ticked ("✅ label") or not: tapping it again unticks it. */
export function toggleButton(text: string): RegExp {
  return new RegExp(`^(✅ )?${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
}

/** From /mediator to the summary card. Values listed twice in languages, specializations or modes are ticked, then unticked. */
export async function fillApplication(user: EmulatedUser, locale: Locale, s: ApplicationScript): Promise<void> {
  const L = (key: string) => label(locale, key);
  await act(user, () => user.sendText("/mediator"));
  await act(user, () => user.tap(L("mediator:intro.agree")));
  await act(user, () => user.sendText(s.fullName));
  await act(user, () => user.tap(L(`mediator:kind.names.${s.kind}`)));
  if (s.kind === "professional") await act(user, () => user.sendText(s.registry ?? "№ 0123"));
  for (const [i, place] of s.places.entries()) {
    if (i > 0) await act(user, () => user.tap(L("mediator:rayons.anotherOblast")));
    await tapOnAnyPage(user, locale, place.oblast);
    for (const rayon of place.rayons) await tapOnAnyPage(user, locale, rayon);
  }
  await act(user, () => user.tap(L("mediator:toggles.done")));
  for (const language of s.languages) await act(user, () => user.tap(toggleButton(L(`intake:sessionLanguage.names.${language}`))));
  await act(user, () => user.tap(L("mediator:toggles.done")));
  if (s.specializations === "all") await act(user, () => user.tap(L("mediator:specializations.all")));
  else for (const c of s.specializations) await act(user, () => user.tap(toggleButton(L(`intake:category.names.${c}`))));
  await act(user, () => user.tap(L("mediator:toggles.done")));
  for (const mode of s.modes) await act(user, () => user.tap(toggleButton(L(`intake:mode.names.${mode}`))));
  await act(user, () => user.tap(L("mediator:toggles.done")));
  if ("tap" in s.maxOpenCases) {
    const n = String(s.maxOpenCases.tap);
    await act(user, () => user.tap(n));
  } else {
    const typed = s.maxOpenCases.typed;
    await act(user, () => user.sendText(typed));
  }
  if ("contact" in s.phone) await act(user, () => user.pressReplyButton(L("mediator:phone.shareButton")));
  else {
    const typed = s.phone.typed;
    await act(user, () => user.sendText(typed));
  }
  await act(user, () => user.sendText(s.bio));
}

export function application(overrides: Partial<MediatorApplication> = {}): MediatorApplication {
  return {
    fullName: "Серік Әбенұлы Қасымов",
    kind: "public",
    registryNumber: null,
    rayonCodes: ["akmola.burabay"],
    languages: ["kk", "ru"],
    specializations: ["family", "neighbours"],
    modes: ["in_person", "phone"],
    maxOpenCases: 3,
    phone: "+77015550000",
    bio: "Ауыл ақсақалдар кеңесінің мүшесі, 2019 жылдан бері медиатормын.",
    ...overrides,
  };
}

/** A mediator profile stored directly (as an operator's approval would leave it). Returns its id. */
export async function storedMediator(prisma: PrismaClient, userId: number, status: MediatorStatus = "active", overrides: Partial<MediatorApplication> = {}): Promise<number> {
  const mediators = createMediatorRepository(prisma);
  const now = new Date("2026-03-10T08:00:00.000Z");
  const { id } = await mediators.apply(userId, application(overrides), now);
  if (status !== "pending") await mediators.changeStatus(id, ["pending"], status, status === "rejected" ? "Тізілімнен табылмады" : null, now);
  return id;
}
