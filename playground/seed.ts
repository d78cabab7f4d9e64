// Demo data for the playground: people who started the bot, active mediators in four oblasts, one operator, and
// the other side of the citizen's dispute, who has not met the bot yet (they join through the citizen's invitation).
// Written against src/ repositories, like an operator approving applications would leave the database.
import type { Locale } from "../src/config.js";
import type { RunningApp } from "../src/app.js";
import { createMediatorRepository } from "../src/db/repositories/mediator-repository.js";
import { loadRegionsData } from "../src/db/regions/regions-data.js";
import type { BotApiEmulator, EmulatedUser } from "../test/support/bot-api-emulator/types.js";

export const PANE_PEOPLE = {
  citizen: { id: 7001, first_name: "Айгүл", last_name: "Серікқызы", language_code: "kk", phone_number: "+77015554433" },
  mediator: { id: 7101, first_name: "Асқар", last_name: "Бекұлы", language_code: "kk", phone_number: "+77017001101" },
  operator: { id: 7201, first_name: "Дана", last_name: "Оператор", language_code: "kk", phone_number: "+77017002201" },
  /** The other party: opens the citizen's invitation link (the page's "open" button) and joins the case. */
  other: { id: 7002, first_name: "Серік", last_name: "Оспанов", language_code: "kk", phone_number: "+77015550101" },
} as const;

export type PaneName = keyof typeof PANE_PEOPLE;
export const PANES = Object.keys(PANE_PEOPLE) as PaneName[];

/** Demo mediators: the mediator pane covers every unit of Akmola Region; the others (not shown) cover three more oblasts. */
export const DEMO_MEDIATORS: Array<{ id: number; name: string; oblast: string; pane?: PaneName }> = [
  { id: 7101, name: "Асқар Бекұлы", oblast: "akmola", pane: "mediator" },
  { id: 7102, name: "Гүлнар Сейітқызы", oblast: "almaty_region" },
  { id: 7103, name: "Ерлан Тұрсынов", oblast: "turkestan" },
  { id: 7104, name: "Мария Ковалёва", oblast: "east_kazakhstan" },
];

/** Oblasts with demo mediators, and their units as "villages" for the map-free location picker. */
export function demoVillages(): Array<{ label: string; latitude: number; longitude: number }> {
  const oblasts = new Set(DEMO_MEDIATORS.map((m) => m.oblast));
  return loadRegionsData()
    .rayons.filter((r) => oblasts.has(r.oblastCode) && r.kind === "rayon")
    .map((r) => ({ label: `${r.adminCenter} — ${r.nameKk} / ${r.nameRu}`, latitude: r.lat, longitude: r.lon }));
}

async function started(emu: BotApiEmulator, init: { id: number; first_name: string; last_name?: string; language_code: string; phone_number?: string }): Promise<EmulatedUser> {
  const user = emu.user(init);
  await user.sendText("/start");
  await user.waitForReply({ timeoutMs: 10_000 });
  return user;
}

export async function seed(app: RunningApp, emu: BotApiEmulator, locales: Record<PaneName, Locale>): Promise<void> {
  const rayons = loadRegionsData().rayons;
  const mediators = createMediatorRepository(app.db.prisma);
  const now = new Date();
  for (const demo of DEMO_MEDIATORS) {
    const [first, ...rest] = demo.name.split(" ");
    const init = demo.pane ? PANE_PEOPLE[demo.pane] : { id: demo.id, first_name: first!, last_name: rest.join(" "), language_code: "ru" };
    await started(emu, init);
    const row = await app.db.prisma.user.findUniqueOrThrow({ where: { telegramId: BigInt(demo.id) } });
    await app.db.prisma.user.update({ where: { id: row.id }, data: { locale: demo.pane ? locales[demo.pane] : "ru" } });
    const applied = await mediators.apply(
      row.id,
      {
        fullName: demo.name,
        kind: "public",
        registryNumber: null,
        rayonCodes: rayons.filter((r) => r.oblastCode === demo.oblast).map((r) => r.code),
        languages: ["kk", "ru"],
        specializations: ["family", "neighbours", "property"],
        modes: ["in_person", "phone"],
        maxOpenCases: 5,
        phone: `+7701700${String(demo.id).padStart(4, "0")}`,
        bio: "Қоғамдық медиатор / общественный медиатор.",
      },
      now,
    );
    await mediators.changeStatus(applied.id, ["pending"], "active", null, now);
  }
  await started(emu, PANE_PEOPLE.operator);
  await started(emu, PANE_PEOPLE.citizen);
  for (const pane of ["operator", "citizen"] as const) {
    const row = await app.db.prisma.user.findUniqueOrThrow({ where: { telegramId: BigInt(PANE_PEOPLE[pane].id) } });
    await app.db.prisma.user.update({ where: { id: row.id }, data: { locale: locales[pane] } });
  }
}
