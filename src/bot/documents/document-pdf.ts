// Draws a case document (blocks per language, document-content.ts) as an A4 PDF with pdfkit, in the bundled
// DejaVu Sans (every Kazakh letter), like the posters. Each language starts on its own page so either can be
// printed alone; every page carries "ЖОБА / ПРОЕКТ" in its header and, faintly, across the page.
import PDFDocument from "pdfkit";
import { POSTER_FONT } from "../posters/poster-pdf.js";
import type { Block, DocumentContent } from "./document-content.js";

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 56;
const INK = "#111111";
const MUTED = "#555555";
const DRAFT = "#b91c1c";

export function renderDocumentPdf(content: DocumentContent, now: Date): Promise<Buffer> {
  const doc = new PDFDocument({ size: "A4", margin: MARGIN, info: { Title: content.title, Creator: "Kelisim", CreationDate: now } });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const width = A4.width - 2 * MARGIN;
  doc.font(POSTER_FONT);
  const header = () => drawHeader(doc, content, width);
  header();
  doc.on("pageAdded", header);

  content.sections.forEach((section, index) => {
    if (index > 0) doc.addPage();
    for (const block of section.blocks) drawBlock(doc, block, width);
  });
  doc.end();
  return done;
}

function drawHeader(doc: PDFKit.PDFDocument, content: DocumentContent, width: number): void {
  const { x, y } = doc;
  doc.save();
  // Faint, across the page: no one can take a printout for a finished document.
  doc.rotate(-35, { origin: [A4.width / 2, A4.height / 2] });
  const span = 1000;
  doc.fillColor(DRAFT).fillOpacity(0.07).fontSize(64).text(content.draftMark, (A4.width - span) / 2, A4.height / 2 - 36, { width: span, align: "center", lineBreak: false });
  doc.restore();
  doc.fillOpacity(1).fillColor(MUTED).fontSize(9).text(content.caseMark, MARGIN, 24, { width, align: "left", lineBreak: false });
  doc.fillColor(DRAFT).fontSize(12).text(content.draftMark, MARGIN, 22, { width, align: "right", lineBreak: false });
  doc.moveTo(MARGIN, 40).lineTo(A4.width - MARGIN, 40).lineWidth(0.5).strokeColor(MUTED).stroke();
  doc.fillColor(INK);
  doc.x = x;
  doc.y = y;
}

function drawBlock(doc: PDFKit.PDFDocument, block: Block, width: number): void {
  const left = MARGIN;
  switch (block.type) {
    case "title":
      doc.fillColor(INK).fontSize(15).text(block.text, left, doc.y, { width, align: "center" });
      doc.moveDown(0.6);
      return;
    case "heading":
      doc.moveDown(0.4);
      doc.fillColor(INK).fontSize(12).text(block.text, left, doc.y, { width });
      doc.moveDown(0.2);
      return;
    case "line":
      doc.fillColor(INK).fontSize(11).text(block.text, left, doc.y, { width });
      doc.moveDown(0.15);
      return;
    case "gap":
      doc.moveDown(0.5);
      return;
    case "hint":
      doc.fillColor(MUTED).fontSize(9.5).text(block.text, left + 14, doc.y, { width: width - 14 });
      doc.moveDown(0.15);
      return;
    case "item": {
      doc.fillColor(INK).fontSize(11).text(`${block.number}. ${block.text}`, left, doc.y, { width });
      for (const detail of block.details ?? []) doc.fillColor(MUTED).fontSize(10).text(detail, left + 16, doc.y, { width: width - 16 });
      doc.moveDown(0.3);
      return;
    }
    case "signatures": {
      // Kept together on one page: a signature line alone at the top of a page invites confusion.
      const needed = 40 + block.labels.length * 44;
      if (doc.y + needed > A4.height - MARGIN) doc.addPage();
      doc.moveDown(0.6);
      doc.fillColor(INK).fontSize(12).text(block.title, left, doc.y, { width });
      doc.moveDown(0.5);
      for (const label of block.labels) {
        const top = doc.y + 14;
        doc.fillColor(INK).fontSize(11).text(label, left, top, { width: 150, lineBreak: false });
        doc.moveTo(left + 160, top + 12).lineTo(left + width, top + 12).lineWidth(0.7).strokeColor(INK).stroke();
        doc.fillColor(MUTED).fontSize(8.5).text(block.hint, left + 160, top + 15, { width: width - 160 });
        doc.y = top + 30;
      }
      doc.x = left;
      doc.moveDown(0.5);
      return;
    }
  }
}
