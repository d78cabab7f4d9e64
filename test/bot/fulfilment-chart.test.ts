import { describe, expect, it } from "vitest";
import { buildFulfilmentBarsSvg, FULFILMENT_LAYOUT } from "../../src/bot/charts/svg-fulfilment.js";

const texts = (svg: string, className: string) => [...svg.matchAll(new RegExp(`<text [^>]*class="${className}"[^>]*>([^<]*)</text>`, "g"))].map((m) => m[1]);
const widths = (svg: string) => [...svg.matchAll(/<rect class="bar bar-fulfilment"[^>]* width="([^"]+)"/g)].map((m) => Number(m[1]));

describe("fulfilment-rate bars SVG", () => {
  const percent = new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 0 });
  const svg = buildFulfilmentBarsSvg({
    rows: [
      { name: "Akmola Region", rate: 0.5, kept: 2, answered: 4 },
      { name: "Mangystau <Region>", rate: 1, kept: 2, answered: 2 },
      { name: "Astana", rate: null, kept: 0, answered: 0 },
      { name: "Abai Region", rate: 0, kept: 0, answered: 3 },
    ],
    title: "Terms kept, by region — last 30 days",
    subtitle: "Kelisim",
    formatRate: (r) => percent.format(r),
    unknown: "—",
  });

  it("draws each rate on one 0–100 % scale and writes an unknown rate as —, not 0 %", () => {
    expect(texts(svg, "name")).toEqual(["Akmola Region", "Mangystau &lt;Region&gt;", "Astana", "Abai Region"]);
    expect(texts(svg, "value")).toEqual(["50% (2/4)", "100% (2/2)", "0% (0/3)"]);
    expect(texts(svg, "value value-unknown")).toEqual(["—"]);
    expect(texts(svg, "tick")).toEqual(["0%", "25%", "50%", "75%", "100%"]);
    const full = FULFILMENT_LAYOUT.width - FULFILMENT_LAYOUT.side - (FULFILMENT_LAYOUT.side + FULFILMENT_LAYOUT.labelWidth) - FULFILMENT_LAYOUT.valueRoom;
    expect(widths(svg)).toEqual([full / 2, full, 0, 0]);
    expect(svg).not.toContain("NaN");
  });
});
