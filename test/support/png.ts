// Reading back the pictures the bot draws, for tests: our own PNGs (src/bot/charts/bar-chart-png.ts writes
// 8-bit RGB with filter 0 on every row, so decoding is an inflate and a copy) and a QR code drawn as squares.
import { inflateSync } from "node:zlib";
import jsQRModule from "jsqr";

// jsqr is CommonJS whose types declare an ES default export: under NodeNext the default import is the
// module object to the type checker, while at run time it is the function itself (which also has .default).
const jsQR = ((jsQRModule as unknown as { default?: unknown }).default ?? jsQRModule) as (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;

/** The text of the QR code in an RGBA image, or null when none is found. */
export function decodeQr(image: { width: number; height: number; rgba: Uint8ClampedArray }): string | null {
  return jsQR(image.rgba, image.width, image.height)?.data ?? null;
}

/** RGBA pixels of a PNG written by src/bot/charts/bar-chart-png.ts (8-bit RGB, filter 0 on every row). */
export function decodeOurPng(png: Buffer): { width: number; height: number; rgba: Uint8ClampedArray } {
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString("ascii", offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === "IHDR") [width, height] = [data.readUInt32BE(0), data.readUInt32BE(4)];
    if (type === "IDAT") idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    if (raw[y * (width * 3 + 1)] !== 0) throw new Error("not a PNG written by encodePng (row filter is not 0)");
    for (let x = 0; x < width; x++) {
      const from = y * (width * 3 + 1) + 1 + x * 3;
      rgba.set([raw[from]!, raw[from + 1]!, raw[from + 2]!, 255], (y * width + x) * 4);
    }
  }
  return { width, height, rgba };
}


/** Rasterises equal squares (x, y, side) — a QR code drawn as vector squares — to RGBA with a 4-module quiet zone. */
export function qrFromSquares(squares: Array<[number, number, number]>, scale = 8): { width: number; height: number; rgba: Uint8ClampedArray } {
  const side = squares[0]![2];
  const left = Math.min(...squares.map(([x]) => x));
  const top = Math.min(...squares.map(([, y]) => y));
  const cells = squares.map(([x, y]) => [Math.round((x - left) / side), Math.round((y - top) / side)] as const);
  const size = Math.max(...cells.flat()) + 1;
  const width = (size + 8) * scale;
  const rgba = new Uint8ClampedArray(width * width * 4).fill(255);
  for (const [cx, cy] of cells) {
    for (let y = 0; y < scale; y++) {
      for (let x = 0; x < scale; x++) {
        const i = (((cy + 4) * scale + y) * width + (cx + 4) * scale + x) * 4;
        rgba[i] = rgba[i + 1] = rgba[i + 2] = 0;
      }
    }
  }
  return { width, height: width, rgba };
}

/** The page content streams of a PDF, inflated. */
export function pdfContentStreams(pdf: Buffer): string[] {
  const text = pdf.toString("latin1");
  const out: string[] = [];
  for (const match of text.matchAll(/\/FlateDecode[^>]*>>\s*stream\r?\n/g)) {
    const start = match.index! + match[0].length;
    const end = text.indexOf("endstream", start);
    try {
      out.push(inflateSync(pdf.subarray(start, end)).toString("latin1"));
    } catch {
      // a font or image stream that is not text: not ours to read
    }
  }
  return out;
}
