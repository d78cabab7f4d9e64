// Requests, acceptances and agreements per week as grouped vertical bars: one group per week, labelled with
// its Monday, a scale with round numbers, the values over the bars while they fit. Pure: returns an SVG string.
import { px, svgDocument, svgText } from "./svg.js";

export interface WeeklyChartInput {
  /** Oldest week first; `label` is the week's Monday as the operator reads dates ("9 Mar"). */
  weeks: ReadonlyArray<{ label: string; requests: number; matches: number; agreements: number }>;
  title: string;
  subtitle: string;
  legend: { requests: string; matches: string; agreements: string };
}

export const WEEKLY_SERIES = ["requests", "matches", "agreements"] as const;
export const WEEKLY_COLOURS = { requests: "#2563eb", matches: "#0d9488", agreements: "#16a34a" } as const;
export const WEEKLY_LAYOUT = { width: 1280, height: 760, side: 24, axis: 72, top: 170, bottom: 80 } as const;

/** A step of 1, 2 or 5 × 10ⁿ that divides 0…max into at most about five parts. */
export function niceStep(max: number): number {
  if (max <= 5) return 1;
  const rough = max / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough)!;
}

export function buildWeeklySvg(input: WeeklyChartInput): string {
  const { width, height, side, axis, top, bottom } = WEEKLY_LAYOUT;
  const left = side + axis;
  const right = width - side;
  const baseline = height - bottom;
  const max = Math.max(1, ...input.weeks.flatMap((w) => [w.requests, w.matches, w.agreements]));
  const step = niceStep(max);
  const scaleMax = Math.ceil(max / step) * step;
  const y = (value: number) => baseline - (value / scaleMax) * (baseline - top);

  const grid = Array.from({ length: scaleMax / step + 1 }, (_, i) => i * step).flatMap((v) => [
    `<line x1="${left}" x2="${right}" y1="${px(y(v))}" y2="${px(y(v))}" stroke="${v === 0 ? "#6b7280" : "#e5e7eb"}" stroke-width="${v === 0 ? 2 : 1}"/>`,
    svgText(left - 10, y(v) + 7, String(v), { size: 20, anchor: "end", fill: "#4b5563", className: "tick" }),
  ]);
  const groupWidth = (right - left) / Math.max(1, input.weeks.length);
  const barWidth = Math.min(48, (groupWidth * 0.8) / WEEKLY_SERIES.length);
  const showValues = barWidth >= 22;
  const labelEvery = Math.ceil(input.weeks.length / 13);
  const bars = input.weeks.flatMap((week, i) => {
    const groupLeft = left + i * groupWidth + (groupWidth - barWidth * WEEKLY_SERIES.length) / 2;
    return [
      ...WEEKLY_SERIES.flatMap((series, s) => {
        const x = groupLeft + s * barWidth;
        const value = week[series];
        return [
          `<rect class="bar bar-${series}" data-value="${value}" x="${px(x)}" y="${px(y(value))}" width="${px(barWidth - 2)}" height="${px(baseline - y(value))}" fill="${WEEKLY_COLOURS[series]}"/>`,
          showValues && value > 0 ? svgText(x + (barWidth - 2) / 2, y(value) - 8, String(value), { size: 18, anchor: "middle", className: `value value-${series}` }) : "",
        ];
      }),
      i % labelEvery === 0 ? svgText(left + i * groupWidth + groupWidth / 2, baseline + 32, week.label, { size: 20, anchor: "middle", fill: "#374151", className: "week" }) : "",
    ].filter(Boolean);
  });
  let legendX = left;
  const legend = WEEKLY_SERIES.flatMap((series) => {
    const x = legendX;
    legendX += 60 + input.legend[series].length * 13;
    return [`<rect x="${px(x)}" y="116" width="20" height="20" fill="${WEEKLY_COLOURS[series]}"/>`, svgText(x + 28, 134, input.legend[series], { size: 22, className: "legend" })];
  });
  return svgDocument(width, height, [
    svgText(side, 46, input.title, { size: 30, fill: "#111827", className: "title" }),
    svgText(side, 82, input.subtitle, { size: 22, fill: "#4b5563", className: "subtitle" }),
    ...legend,
    ...grid,
    ...bars,
  ]);
}
