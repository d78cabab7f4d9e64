// QR codes for posters: the matrix from the `qrcode` package (error correction M survives a crease or a
// smudge on a printed sheet), drawn by us — as vector squares in the PDF, and as a PNG with the tiny
// encoder below (black and white squares need no renderer; filter 0 on every row keeps it decodable by
// test/support/png.ts).
import { deflateSync } from "node:zlib";
import QRCode from "qrcode";

export interface QrMatrix {
  size: number;
  /** True when the module at (row, column) is dark. */
  dark(row: number, column: number): boolean;
}

export function qrMatrix(text: string): QrMatrix {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  return { size: modules.size, dark: (row, column) => modules.get(row, column) === 1 };
}

/** The code as a black-on-white PNG: `scale` pixels per module and the standard 4-module quiet zone. */
export function renderQrPng(text: string, scale = 10): Buffer {
  const matrix = qrMatrix(text);
  const quiet = 4;
  const side = (matrix.size + 2 * quiet) * scale;
  const pixels = Buffer.alloc(side * side * 3, 255);
  for (let row = 0; row < matrix.size; row++) {
    for (let column = 0; column < matrix.size; column++) {
      if (!matrix.dark(row, column)) continue;
      for (let y = 0; y < scale; y++) {
        const start = (((row + quiet) * scale + y) * side + (column + quiet) * scale) * 3;
        pixels.fill(0, start, start + scale * 3);
      }
    }
  }
  return encodePng(side, side, pixels);
}

/** An 8-bit RGB PNG of `pixels` (width × height × 3 bytes, row by row). */
function encodePng(width: number, height: number, pixels: Buffer): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) pixels.copy(raw, y * (width * 3 + 1) + 1, y * width * 3, (y + 1) * width * 3); // filter byte 0: none
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type 2 (RGB), deflate, adaptive filtering, no interlace
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk("IHDR", header), chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
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
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
