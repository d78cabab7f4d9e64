import { describe, expect, it } from "vitest";
import { bundledRegionDirectory } from "../../src/db/regions/load-regions.js";
import { foldKey } from "../../src/domain/register-import/folding.js";
import { createRayonResolver, splitRayonCell } from "../../src/domain/register-import/rayon-resolver.js";

const regions = bundledRegionDirectory();
const resolver = createRayonResolver(regions.oblasts(), regions.oblasts().flatMap((o) => regions.rayonsOf(o.code)));
const code = (text: string) => {
  const match = resolver.resolve(text);
  return match.ok ? match.code : match;
};

describe("rayon names in registers", () => {
  it("folds Kazakh letters, ё, case, punctuation and spacing", () => {
    expect(foldKey("Қатонқарағай")).toBe(foldKey("Катон-Карагай"));
    expect(foldKey("Әйтеке би")).toBe("айтекеби");
    expect(foldKey("ҮЛКЕН НАРЫН")).toBe(foldKey("улкен нарын"));
    expect(foldKey("Ёлка")).toBe("елка");
  });

  it("resolves Kazakh, Russian (current and old spellings) and English names to the same rayon", () => {
    for (const name of ["Бесқарағай ауданы", "Бескарагайский район", "Beskaragay District", "бескарагай", "БЕСКАРАГАЙ р-н"]) expect(code(name)).toBe("abai.beskaragay");
    for (const name of ["Мақаншы ауданы", "район Мақаншы", "район Маканшы", "Маканчинский район", "Makanshy"]) expect(code(name)).toBe("abai.makanshy");
    for (const name of ["Кзылкогинский район", "Кызылкогинский район", "Қызылқоға ауданы", "Kyzylkoga District"]) expect(code(name)).toBe("atyrau.kyzylkoga");
    for (const name of ["Чиилийский район", "Шиелийский район", "Шиелі", "Shieli"]) expect(code(name)).toBe("kyzylorda.shieli");
    for (const name of ["Жетисайский район", "Жетысайский район", "Жетісай ауданы"]) expect(code(name)).toBe("turkestan.zhetisay");
    for (const name of ["Катон-Карагайский район", "Қатонқарағай ауданы", "Katonkaragay District"]) expect(code(name)).toBe("east_kazakhstan.katonkaragay");
    expect(code("район Турара Рыскулова")).toBe("zhambyl.turar_ryskulov");
    expect(code("Тұрар Рысқұлов ауданы")).toBe("zhambyl.turar_ryskulov");
  });

  it("accepts names from before a renaming", () => {
    expect(code("Щучинский район")).toBe("akmola.burabay");
    expect(code("Зеленовский район")).toBe("west_kazakhstan.bayterek");
    expect(code("Качирский район")).toBe("pavlodar.terenkol");
    expect(code("Зыряновский район")).toBe("east_kazakhstan.altai");
    expect(code("г. Капшагай")).toBe("almaty_region.konaev_city");
    expect(code("Уральск")).toBe("west_kazakhstan.oral_city");
    expect(code("Oral")).toBe("west_kazakhstan.oral_city");
    expect(code("Усть-Каменогорск")).toBe("east_kazakhstan.oskemen_city");
  });

  it("takes KATO codes (9 digits or the 4-digit prefix) and the bot's own codes", () => {
    expect(code("103800000")).toBe("abai.beskaragay");
    expect(code("1038")).toBe("abai.beskaragay");
    expect(code("akmola.burabay")).toBe("akmola.burabay");
    expect(code("999999999")).toEqual({ ok: false, problem: "unknown", suggestions: [] });
  });

  it("asks for the oblast when several rayons share a name, and takes it in brackets", () => {
    expect(code("Абайский район")).toEqual({ ok: false, problem: "ambiguous", candidates: ["abai.abai", "karaganda.abai"] });
    expect(code("Абайский район (Карагандинская область)")).toBe("karaganda.abai");
    expect(code("Абай ауданы (Абай облысы)")).toBe("abai.abai");
    expect(code("Zhambyl District (North Kazakhstan Region)")).toBe("north_kazakhstan.zhambyl");
    // "г." says it is the city, not the district of the same name.
    expect(code("г. Аксу")).toBe("pavlodar.aksu_city");
    expect(code("Аксуский район")).toBe("jetisu.aksu");
  });

  it("suggests the closest names for an unknown one", () => {
    const match = resolver.resolve("Бескарагайскй район");
    expect(match).toMatchObject({ ok: false, problem: "unknown" });
    expect(match.ok === false && match.problem === "unknown" && match.suggestions[0]).toBe("abai.beskaragay");
    const far = resolver.resolve("Хогвартс");
    expect(far).toMatchObject({ ok: false, problem: "unknown" });
  });

  it("splits a cell on semicolons, else on commas", () => {
    expect(splitRayonCell("Бурабай; Зеренді ауданы")).toEqual(["Бурабай", "Зеренді ауданы"]);
    expect(splitRayonCell("1038, 1170")).toEqual(["1038", "1170"]);
    expect(splitRayonCell("")).toEqual([]);
  });
});
