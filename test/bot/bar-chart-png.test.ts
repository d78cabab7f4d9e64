import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { CHART_LAYOUT, crc32, renderBarChartPng } from "../../src/bot/charts/bar-chart-png.js";

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The chunks of a PNG, each with its CRC checked. */
function chunks(png: Buffer): Array<{ type: string; data: Buffer }> {
  const out: Array<{ type: string; data: Buffer }> = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString("ascii", at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    expect(png.readUInt32BE(at + 8 + length)).toBe(crc32(png.subarray(at + 4, at + 8 + length)));
    out.push({ type, data });
    at += 12 + length;
  }
  return out;
}

/** RGB of pixel (x, y), from the decompressed scanlines (filter type 0 only, as the writer uses). */
function pixel(raw: Buffer, width: number, x: number, y: number): number[] {
  const row = y * (width * 3 + 1);
  expect(raw[row]).toBe(0);
  const i = row + 1 + x * 3;
  return [raw[i]!, raw[i + 1]!, raw[i + 2]!];
}

describe("bar chart PNG", () => {
  it("computes CRC-32 as PNG needs it", () => {
    expect(crc32(Buffer.from("IEND", "ascii"))).toBe(0xae426082);
    expect(crc32(Buffer.from("123456789", "ascii"))).toBe(0xcbf43926);
  });

  it("writes a valid RGB PNG whose bars have the series' colours and heights", () => {
    const blue = [37, 99, 235] as const;
    const orange = [234, 88, 12] as const;
    const groups = Array.from({ length: 20 }, (_, i) => (i === 0 ? [10, 5] : i === 19 ? [0, 10] : [1, 0]));
    const png = renderBarChartPng({ groups, colours: [blue, orange], height: 200, barWidth: 10 });

    expect(png.subarray(0, 8)).toEqual(SIGNATURE);
    const list = chunks(png);
    expect(list.map((c) => c.type)).toEqual(["IHDR", "IDAT", "IEND"]);
    const ihdr = list[0]!.data;
    const { margin, groupGap, labelHeight } = CHART_LAYOUT;
    const width = margin * 2 + 20 * (2 * 10 + groupGap);
    expect([ihdr.readUInt32BE(0), ihdr.readUInt32BE(4), ...ihdr.subarray(8)]).toEqual([width, 200, 8, 2, 0, 0, 0]);

    const raw = inflateSync(list[1]!.data);
    expect(raw.length).toBe((width * 3 + 1) * 200);
    const baseline = 200 - margin - labelHeight;
    const plot = baseline - margin;
    const firstBar = margin + groupGap / 2;
    // Group 1: requests (10 = the maximum) fill the plot; mediators (5) half of it.
    expect(pixel(raw, width, firstBar + 2, baseline - 1)).toEqual([...blue]);
    expect(pixel(raw, width, firstBar + 2, baseline - plot)).toEqual([...blue]);
    expect(pixel(raw, width, firstBar + 2, baseline - plot - 1)).toEqual([255, 255, 255]);
    expect(pixel(raw, width, firstBar + 12, baseline - plot / 2)).toEqual([...orange]);
    expect(pixel(raw, width, firstBar + 12, baseline - plot / 2 - 1)).toEqual([255, 255, 255]);
    // Group 20: no requests (white above the axis), ten mediators (full height).
    const lastBar = margin + 19 * (20 + groupGap) + groupGap / 2;
    expect(pixel(raw, width, lastBar + 2, baseline - 1)).toEqual([255, 255, 255]);
    expect(pixel(raw, width, lastBar + 12, baseline - plot)).toEqual([...orange]);
    // The corner is background.
    expect(pixel(raw, width, 0, 0)).toEqual([255, 255, 255]);
  });

  it("draws no bars when every value is zero", () => {
    const png = renderBarChartPng({ groups: [[0, 0]], colours: [[0, 0, 0], [0, 0, 0]] });
    const raw = inflateSync(chunks(png).find((c) => c.type === "IDAT")!.data);
    const width = png.readUInt32BE(16);
    const colours = new Set<string>();
    for (let y = 0; y < CHART_LAYOUT.margin + 100; y++) for (let x = 0; x < width; x++) colours.add(pixel(raw, width, x, y).join());
    expect([...colours]).toEqual(["255,255,255"]);
  });
});
