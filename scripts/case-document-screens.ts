// Renders the README's pictures of the case documents: a sample case (Burabay district, Kazakh, a public
// mediator, three agreed terms) as the contract and agreement PDF drafts, then the first page of each as PNG:
// docs/contract-draft.png and docs/agreement-draft.png. Run: npm run docs:drafts
// Needs pdftoppm (poppler-utils: apt-get install poppler-utils) for PDF → PNG; the PDFs themselves need nothing.
import { execFileSync } from "node:child_process";
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createI18n } from "../src/bot/i18n.js";
import { renderAgreementPdf } from "../src/bot/documents/agreement-pdf.js";
import { renderContractPdf } from "../src/bot/documents/contract-pdf.js";
import { projectRoot } from "../src/db/project-root.js";
import type { AgreementDocument, ContractDocument } from "../src/domain/case-documents.js";

const NOW = new Date("2026-12-01T05:00:00Z");
const TIME_ZONE = "Asia/Almaty";

const contract: ContractDocument = {
  requestCode: "KL-7F3K2",
  caseLanguage: "kk",
  category: "neighbours",
  citizen: { name: "Айгүл Сейітқызы" },
  otherParty: { name: "Ерлан Жұмабаев" },
  mediator: { fullName: "Серік Оспанов", kind: "public", registryNumber: "ҚМ-0421" },
  session: { startsAt: new Date("2026-12-03T05:00:00Z"), mode: "in_person", place: "Ауыл әкімдігі, 2-кабинет", rayon: { nameKk: "Бурабай ауданы", nameRu: "Бурабайский район" } },
};

const agreement: AgreementDocument = {
  ...contract,
  terms: [
    { id: 1, position: 1, party: "other_party", action: "Шабындықтың шекарасына қоршау орнатады", voiceFileId: null, voiceDuration: null, dueDate: "2026-12-20", amountTenge: null },
    { id: 2, position: 2, party: "other_party", action: "Тапталған шөп үшін өтемақы төлейді", voiceFileId: null, voiceDuration: null, dueDate: "2026-12-10", amountTenge: 150_000 },
    { id: 3, position: 3, party: "both", action: null, voiceFileId: "voice-sample", voiceDuration: 14, dueDate: null, amountTenge: null },
  ],
};

async function main() {
  const i18n = createI18n("kk");
  const work = mkdtempSync(path.join(tmpdir(), "kelisim-drafts-"));
  const docs = path.join(projectRoot(), "docs");
  try {
    const papers: Array<[string, Buffer]> = [
      ["contract-draft", await renderContractPdf(i18n, contract, TIME_ZONE, NOW)],
      ["agreement-draft", await renderAgreementPdf(i18n, agreement, TIME_ZONE, NOW)],
    ];
    for (const [name, pdf] of papers) {
      const pdfPath = path.join(work, `${name}.pdf`);
      writeFileSync(pdfPath, pdf);
      // First page only, 80 dpi: readable in the README, small in the repository.
      execFileSync("pdftoppm", ["-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", pdfPath, path.join(work, name)]);
      renameSync(path.join(work, `${name}.png`), path.join(docs, `${name}.png`));
      console.log(`docs/${name}.png (from a ${pdf.length}-byte PDF)`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  const missing = (error as { code?: string }).code === "ENOENT";
  console.error(missing ? "pdftoppm was not found: install poppler-utils (apt-get install poppler-utils) and run again." : error);
  process.exit(1);
});
