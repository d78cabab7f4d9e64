// QR codes for posters: the matrix from the `qrcode` package (error correction M survives a crease or a
// smudge on a printed sheet), drawn by us — as vector squares in the PDF, and as a PNG with the same
// writer as the /stats chart (no canvas, no browser).
import QRCode from "qrcode";
import { encodePng } from "../charts/bar-chart-png.js";

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
