// Requests and active mediators per oblast as horizontal bars: the oblast's name on the left (in the
// operator's language), one column per figure with its own scale (requests are counted in dozens, mediators
// in ones), and each value written at the end of its bar. Pure: returns an SVG string.
import { px, svgDocument, svgText } from "./svg.js";

export interface OblastBarRow {
  name: string;
  requests: number;
  mediators: number;
}

export interface OblastBarsInput {
  rows: readonly OblastBarRow[];
  title: string;
  subtitle: string;
  requestsLabel: string;
  mediatorsLabel: string;
}

export const BAR_COLOURS = { requests: "#2563eb", mediators: "#ea580c" } as const;
export const BARS_LAYOUT = { width: 1280, top: 150, row: 44, bar: 26, side: 24, labelWidth: 400, requestsWidth: 470, gap: 40, valueRoom: 64 } as const;

export function buildOblastBarsSvg(input: OblastBarsInput): string {
  const { width, top, row, bar, side, labelWidth, requestsWidth, gap, valueRoom } = BARS_LAYOUT;
  const height = top + input.rows.length * row + 24;
  const requestsX = side + labelWidth;
  const mediatorsX = requestsX + requestsWidth + gap;
  const mediatorsWidth = width - side - mediatorsX;
  const maxRequests = Math.max(0, ...input.rows.map((r) => r.requests));
  const maxMediators = Math.max(0, ...input.rows.map((r) => r.mediators));

  const column = (x: number, columnWidth: number, value: number, max: number, colour: string, kind: string, y: number) => {
    const length = max > 0 ? (value / max) * (columnWidth - valueRoom) : 0;
    return [
      `<rect class="bar bar-${kind}" data-value="${value}" x="${px(x)}" y="${px(y)}" width="${px(length)}" height="${bar}" fill="${colour}"/>`,
      svgText(x + length + 8, y + bar / 2 + 7, String(value), { size: 20, className: `value value-${kind}` }),
    ];
  };
  const rows = input.rows.flatMap((r, i) => {
    const y = top + i * row + (row - bar) / 2;
    return [
      i % 2 === 0 ? `<rect x="${side}" y="${top + i * row}" width="${width - 2 * side}" height="${row}" fill="#f3f4f6"/>` : "",
      svgText(requestsX - 12, y + bar / 2 + 7, r.name, { size: 20, anchor: "end", className: "name" }),
      ...column(requestsX, requestsWidth, r.requests, maxRequests, BAR_COLOURS.requests, "requests", y),
      ...column(mediatorsX, mediatorsWidth, r.mediators, maxMediators, BAR_COLOURS.mediators, "mediators", y),
    ].filter(Boolean);
  });
  return svgDocument(width, height, [
    svgText(side, 46, input.title, { size: 30, fill: "#111827", className: "title" }),
    svgText(side, 82, input.subtitle, { size: 22, fill: "#4b5563", className: "subtitle" }),
    `<rect x="${requestsX}" y="${top - 38}" width="18" height="18" fill="${BAR_COLOURS.requests}"/>`,
    svgText(requestsX + 26, top - 22, input.requestsLabel, { size: 22, className: "column" }),
    `<rect x="${mediatorsX}" y="${top - 38}" width="18" height="18" fill="${BAR_COLOURS.mediators}"/>`,
    svgText(mediatorsX + 26, top - 22, input.mediatorsLabel, { size: 22, className: "column" }),
    ...rows,
  ]);
}
