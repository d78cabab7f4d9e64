// A grouped bar chart as a PNG, written byte by byte (no canvas, no browser): solid rectangles on a white
// background, RGB, one IDAT chunk compressed with node:zlib. Labels are group numbers drawn in a 3×5 pixel
// font; the names they stand for go in the message next to the picture.
import { deflateSync } from "node:zlib";

export type Rgb = readonly [number, number, number];

export interface BarChart {
  /** One group per category on the x axis; each group has one value per series. */
  groups: ReadonlyArray<readonly number[]>;
  /** One colour per series. */
  colours: readonly Rgb[];
  height?: number;
  barWidth?: number;
}

export const CHART_LAYOUT = { margin: 20, groupGap: 10, labelHeight: 16, scale: 2 } as const;
const BACKGROUND: Rgb = [255, 255, 255];
const AXIS: Rgb = [120, 120, 120];

// Digits 0–9, 3 pixels wide and 5 high, one row per 3 bits (high bit = left).
const DIGITS = ["111101101101111", "010110010010111", "111001111100111", "111001111001111", "101101111001001", "111100111001111", "111100111101111", "111001001001001", "111101111101111", "111101111001111"];

/** Renders `chart`; values are scaled so that the largest bar fills the plot (all zero: no bars). */
export function renderBarChartPng(chart: BarChart): Buffer {
  const { margin, groupGap, labelHeight, scale } = CHART_LAYOUT;
  const barWidth = chart.barWidth ?? 14;
  const height = chart.height ?? 360;
  const series = chart.colours.length;
  const groupWidth = series * barWidth + groupGap;
  const width = margin * 2 + chart.groups.length * groupWidth;
  const baseline = height - margin - labelHeight; // first row below the plot
  const plotHeight = baseline - margin;
  const max = Math.max(0, ...chart.groups.flat());

  const pixels = Buffer.alloc(width * height * 3);
  fill(pixels, width, 0, 0, width, height, BACKGROUND);
  fill(pixels, width, margin - 2, baseline, width - 2 * margin + 4, 2, AXIS);
  chart.groups.forEach((values, g) => {
    const left = margin + g * groupWidth + groupGap / 2;
    for (let s = 0; s < series; s++) {
      const value = values[s] ?? 0;
      const barHeight = max > 0 ? Math.round((value / max) * plotHeight) : 0;
      fill(pixels, width, left + s * barWidth, baseline - barHeight, barWidth, barHeight, chart.colours[s]!);
    }
    const label = String(g + 1);
    const labelWidth = label.length * 4 * scale - scale;
    drawNumber(pixels, width, label, left + (series * barWidth - labelWidth) / 2, baseline + 5, AXIS);
  });
  return encodePng(width, height, pixels);
}

function fill(pixels: Buffer, width: number, x: number, y: number, w: number, h: number, [r, g, b]: Rgb): void {
  for (let row = y; row < y + h; row++) {
    for (let col = x; col < x + w; col++) {
      const i = (row * width + col) * 3;
      pixels[i] = r;
      pixels[i + 1] = g;
      pixels[i + 2] = b;
    }
  }
}

function drawNumber(pixels: Buffer, width: number, text: string, x: number, y: number, colour: Rgb): void {
  const { scale } = CHART_LAYOUT;
  const left = Math.round(x);
  [...text].forEach((char, k) => {
    const glyph = DIGITS[Number(char)]!;
    for (let bit = 0; bit < 15; bit++) {
      if (glyph[bit] === "1") fill(pixels, width, left + k * 4 * scale + (bit % 3) * scale, y + Math.floor(bit / 3) * scale, scale, scale, colour);
    }
  });
}

/** An 8-bit RGB PNG of `pixels` (width × height × 3 bytes, row by row). */
export function encodePng(width: number, height: number, pixels: Buffer): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) pixels.copy(raw, y * (width * 3 + 1) + 1, y * width * 3, (y + 1) * width * 3); // filter byte 0: none
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type 2 (RGB), deflate, adaptive filtering, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "ascii");
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 (ISO-HDLC), as PNG chunks use it. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
