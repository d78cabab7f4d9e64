// The fulfilment rate per oblast as horizontal bars on a fixed 0–100 % scale: the oblast's name on the left
// (in the operator's language), the bar, and the rate with "kept of answered" at its end. An oblast with no
// answered term has no bar and shows the "unknown" mark ("—"), never 0 %. Pure: returns an SVG string.
import { px, svgDocument, svgText } from "./svg.js";

export interface FulfilmentBarRow {
  name: string;
  /** kept ÷ answered, or null when no due term was answered. */
  rate: number | null;
  kept: number;
  /** kept + partly + not kept. */
  answered: number;
}

export interface FulfilmentBarsInput {
  rows: readonly FulfilmentBarRow[];
  title: string;
  subtitle: string;
  /** How a rate is written ("67 %"). */
  formatRate: (rate: number) => string;
  /** The mark of an unknown rate ("—"). */
  unknown: string;
}

export const FULFILMENT_COLOUR = "#16a34a";
export const FULFILMENT_LAYOUT = { width: 1280, top: 120, row: 44, bar: 26, side: 24, labelWidth: 400, valueRoom: 200 } as const;

export function buildFulfilmentBarsSvg(input: FulfilmentBarsInput): string {
  const { width, top, row, bar, side, labelWidth, valueRoom } = FULFILMENT_LAYOUT;
  const height = top + input.rows.length * row + 24;
  const barX = side + labelWidth;
  const full = width - side - barX - valueRoom;
  // Grid lines at 0, 25, 50, 75 and 100 %.
  const grid = [0, 0.25, 0.5, 0.75, 1].flatMap((share) => [
    `<line x1="${px(barX + share * full)}" y1="${top - 8}" x2="${px(barX + share * full)}" y2="${height - 24}" stroke="#d1d5db" stroke-width="1"/>`,
    svgText(barX + share * full, top - 14, input.formatRate(share), { size: 16, fill: "#6b7280", anchor: "middle", className: "tick" }),
  ]);
  const rows = input.rows.flatMap((r, i) => {
    const y = top + i * row + (row - bar) / 2;
    const length = r.rate === null ? 0 : Math.max(0, Math.min(1, r.rate)) * full;
    const label = r.rate === null ? input.unknown : `${input.formatRate(r.rate)} (${r.kept}/${r.answered})`;
    return [
      i % 2 === 0 ? `<rect x="${side}" y="${top + i * row}" width="${width - 2 * side}" height="${row}" fill="#f3f4f6"/>` : "",
      svgText(barX - 12, y + bar / 2 + 7, r.name, { size: 20, anchor: "end", className: "name" }),
      `<rect class="bar bar-fulfilment" data-rate="${r.rate === null ? "" : r.rate}" x="${px(barX)}" y="${px(y)}" width="${px(length)}" height="${bar}" fill="${FULFILMENT_COLOUR}"/>`,
      svgText(barX + length + 8, y + bar / 2 + 7, label, { size: 20, className: r.rate === null ? "value value-unknown" : "value" }),
    ].filter(Boolean);
  });
  return svgDocument(width, height, [
    svgText(side, 46, input.title, { size: 30, fill: "#111827", className: "title" }),
    svgText(side, 82, input.subtitle, { size: 22, fill: "#4b5563", className: "subtitle" }),
    ...grid,
    ...rows,
  ]);
}
