// The text of a PDF as a reader sees it, extracted with a real PDF parser (pdfjs-dist, Mozilla's), one string
// per page: what the case-document tests assert on, so a glyph the font cannot map or a garbled encoding fails.
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

export async function pdfPages(pdf: Buffer): Promise<string[]> {
  const document = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  try {
    const pages: string[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      let text = "";
      for (const item of content.items) {
        if (!("str" in item)) continue;
        text += item.str + (item.hasEOL ? "\n" : "");
      }
      pages.push(text);
    }
    return pages;
  } finally {
    await document.destroy();
  }
}

/** All pages, with line breaks and runs of spaces folded to one space (a wrapped sentence reads whole). */
export async function pdfText(pdf: Buffer): Promise<string> {
  return (await pdfPages(pdf)).join("\n").replace(/\s+/g, " ");
}
