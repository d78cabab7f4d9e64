// The printable rayon poster: one A4 page, Kazakh above Russian, the QR code in the middle drawn as vector
// squares (sharp at any print size), the link as text under it. pdfkit writes the PDF in-process; the font
// is DejaVu Sans, bundled in assets/fonts (Cyrillic with every Kazakh letter; its licence lies beside it),
// so the poster never depends on fonts installed on the server. pdfkit embeds only the glyphs used.
import path from "node:path";
import PDFDocument from "pdfkit";
import { projectRoot } from "../../db/project-root.js";
import { qrMatrix } from "./qr.js";

export const POSTER_FONT = path.join(projectRoot(), "assets", "fonts", "DejaVuSans.ttf");

/** The poster's words in one language (already translated, plain text). */
export interface PosterSection {
  title: string;
  /** What mediation is, in three short lines. */
  lines: string[];
  /** The local mediator count, as a sentence. */
  mediators: string;
  scan: string;
}

export interface PosterContent {
  /** The rayon's name in both languages, printed as the heading. */
  heading: string;
  sections: [PosterSection, PosterSection];
  link: string;
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 48;
const INK = "#111111";
const ACCENT = "#1d4ed8";

export function renderPosterPdf(content: PosterContent, now: Date): Promise<Buffer> {
  const doc = new PDFDocument({ size: "A4", margin: MARGIN, info: { Title: `Келісім — ${content.heading}`, Creator: "Kelisim", CreationDate: now } });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const width = A4.width - 2 * MARGIN;
  doc.font(POSTER_FONT);
  doc.fillColor(ACCENT).fontSize(22).text(content.heading, { width, align: "center" });
  doc.moveDown(0.6);
  const [kk, ru] = content.sections;
  section(doc, kk, width);

  // The QR code, centred: dark modules as filled squares.
  const matrix = qrMatrix(content.link);
  const qrSide = 230;
  const module = qrSide / matrix.size;
  const left = (A4.width - qrSide) / 2;
  const top = doc.y + 10;
  doc.fillColor(INK).fontSize(10).text(`${kk.scan} / ${ru.scan}`, MARGIN, top, { width, align: "center" });
  const qrTop = doc.y + 8;
  for (let row = 0; row < matrix.size; row++) {
    for (let column = 0; column < matrix.size; column++) {
      if (matrix.dark(row, column)) doc.rect(left + column * module, qrTop + row * module, module, module);
    }
  }
  doc.fill(INK);
  doc.fillColor(ACCENT).fontSize(11).text(content.link, MARGIN, qrTop + qrSide + 8, { width, align: "center", link: content.link });
  doc.moveDown(1);
  section(doc, ru, width);
  doc.end();
  return done;
}

function section(doc: PDFKit.PDFDocument, s: PosterSection, width: number): void {
  doc.fillColor(INK).fontSize(18).text(s.title, MARGIN, doc.y, { width, align: "center" });
  doc.moveDown(0.3);
  doc.fontSize(13);
  for (const line of s.lines) doc.text(`• ${line}`, { width, align: "left" });
  doc.moveDown(0.3);
  doc.fillColor(ACCENT).fontSize(13).text(s.mediators, { width, align: "center" });
  doc.moveDown(0.4);
}
