// The operator's way to a rayon for /poster: oblasts, then the oblast's rayons, in pages of ten.
import { InlineKeyboard } from "grammy";
import type { Locale } from "../../config.js";
import { nameIn } from "../../domain/region.js";
import type { RegionDirectory } from "../../domain/region-directory.js";
import { packPoster, type PosterAction } from "../callback-data/poster.js";
import type { Translate } from "../i18n.js";

const PAGE_SIZE = 10;

function pagedList(t: Translate, entries: Array<{ label: string; action: PosterAction }>, page: number, pageAction: (page: number) => PosterAction): InlineKeyboard {
  const pages = Math.max(1, Math.ceil(entries.length / PAGE_SIZE));
  const current = Math.min(Math.max(page, 0), pages - 1);
  const keyboard = new InlineKeyboard();
  entries.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE).forEach((entry, i) => {
    keyboard.text(entry.label, packPoster(entry.action));
    if (i % 2 === 1) keyboard.row();
  });
  if (pages > 1) {
    keyboard.row();
    if (current > 0) keyboard.text(t("posters:previousPage"), packPoster(pageAction(current - 1)));
    keyboard.text(`${current + 1}/${pages}`, packPoster(pageAction(current)));
    if (current < pages - 1) keyboard.text(t("posters:nextPage"), packPoster(pageAction(current + 1)));
  }
  return keyboard;
}

export function createPosterOblastKeyboard(t: Translate, locale: Locale, regions: RegionDirectory, page: number): InlineKeyboard {
  const entries = regions.oblasts().map((o) => ({ label: nameIn(o, locale), action: { type: "rayons", oblastCode: o.code, page: 0 } as const }));
  return pagedList(t, entries, page, (p) => ({ type: "oblasts", page: p }));
}

export function createPosterRayonKeyboard(t: Translate, locale: Locale, regions: RegionDirectory, oblastCode: string, page: number): InlineKeyboard {
  const entries = regions.rayonsOf(oblastCode).map((r) => ({ label: nameIn(r, locale), action: { type: "make", kato: r.kato } as const }));
  return pagedList(t, entries, page, (p) => ({ type: "rayons", oblastCode, page: p })).row().text(t("posters:backToOblasts"), packPoster({ type: "oblasts", page: 0 }));
}
