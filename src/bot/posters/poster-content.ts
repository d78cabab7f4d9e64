// The poster's words: Kazakh and Russian whatever the operator's own language, from the catalogues.
import type { Rayon } from "../../domain/region.js";
import type { RegionDirectory } from "../../domain/region-directory.js";
import type { I18n } from "../i18n.js";
import type { PosterContent, PosterSection } from "./poster-pdf.js";

export function posterContent(i18n: I18n, regions: RegionDirectory, rayon: Rayon, mediatorCount: number, link: string): PosterContent {
  const oblast = regions.oblast(rayon.oblastCode);
  const section = (locale: "kk" | "ru"): PosterSection => {
    const t = i18n.t(locale);
    const name = locale === "kk" ? rayon.nameKk : rayon.nameRu;
    // Plain text for the PDF: no HTML escaping of names.
    const plain = { interpolation: { escapeValue: false } };
    return {
      title: t("posters:sheet.title"),
      lines: t("posters:sheet.lines").split("\n"),
      mediators: mediatorCount > 0 ? t("posters:sheet.mediators", { rayon: name, count: mediatorCount, ...plain }) : t("posters:sheet.mediatorsNone", { rayon: name, ...plain }),
      scan: t("posters:sheet.scan"),
    };
  };
  const oblastName = oblast ? ` (${oblast.nameKk} / ${oblast.nameRu})` : "";
  return { heading: `${rayon.nameKk} / ${rayon.nameRu}${oblastName}`, sections: [section("kk"), section("ru")], link };
}
