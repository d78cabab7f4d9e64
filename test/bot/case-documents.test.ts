// The contract and agreement PDF drafts, read back with a real PDF parser (pdfjs-dist): the parties' names, the
// mediator, each term with its date and amount, in Kazakh and in Russian, the word for "draft" on every page, the
// case's language first; and the callback data of the buttons.
import { describe, expect, it } from "vitest";
import { packCaseDocument, parseCaseDocument } from "../../src/bot/callback-data/case-document.js";
import { renderAgreementPdf } from "../../src/bot/documents/agreement-pdf.js";
import { renderContractPdf } from "../../src/bot/documents/contract-pdf.js";
import { createI18n } from "../../src/bot/i18n.js";
import { documentLanguages, termWording, type AgreementDocument, type ContractDocument } from "../../src/domain/case-documents.js";
import { pdfPages, pdfText } from "../support/pdf-text.js";

const NOW = new Date("2026-12-01T05:00:00Z");
const TZ = "Asia/Almaty";
const i18n = createI18n("kk");
const fold = (pages: string[]) => pages.map((page) => page.replace(/\s+/g, " "));

const kkContract: ContractDocument = {
  requestCode: "KL-7F3K2",
  caseLanguage: "kk",
  category: "neighbours",
  citizen: { name: "Айгүл Сейітқызы" },
  otherParty: { name: "Ерлан Жұмабаев" },
  mediator: { fullName: "Серік Оспанов", kind: "public", registryNumber: "ҚМ-0421" },
  // Thursday 3 December 2026, 10:00 in Almaty.
  session: { startsAt: new Date("2026-12-03T05:00:00Z"), mode: "in_person", place: "Ауыл әкімдігі, 2-кабинет", rayon: { nameKk: "Бурабай ауданы", nameRu: "Бурабайский район" } },
};

const kkAgreement: AgreementDocument = {
  ...kkContract,
  terms: [
    { id: 11, position: 1, party: "other_party", action: "Шабындыққа қоршау орнатады", voiceFileId: null, voiceDuration: null, dueDate: "2026-12-20", amountTenge: null },
    { id: 12, position: 2, party: "citizen", action: "Тапталған шөп үшін өтемақы алады", voiceFileId: null, voiceDuration: null, dueDate: "2026-12-10", amountTenge: 150_000 },
    { id: 13, position: 3, party: "both", action: null, voiceFileId: "voice-1", voiceDuration: 9, dueDate: null, amountTenge: null },
  ],
};

const ruContract: ContractDocument = {
  requestCode: "KL-R2D2Q",
  caseLanguage: "ru",
  category: "property",
  citizen: { name: "Ольга Ким" },
  otherParty: { name: null },
  mediator: { fullName: "Асқар Бекұлы", kind: "professional", registryNumber: null },
  session: { startsAt: new Date("2026-12-05T09:30:00Z"), mode: "phone", place: null, rayon: { nameKk: "Бурабай ауданы", nameRu: "Бурабайский район" } },
};

const ruAgreement: AgreementDocument = {
  ...ruContract,
  terms: [
    { id: 21, position: 1, party: "other_party", action: "Вернуть долг за сено", voiceFileId: null, voiceDuration: null, dueDate: "2027-01-15", amountTenge: 85_000 },
    { id: 22, position: 2, party: "citizen", action: "Забрать свой трактор со двора", voiceFileId: null, voiceDuration: null, dueDate: null, amountTenge: null },
  ],
};

describe("mediation contract draft", () => {
  it("kk case: Kazakh first, then Russian; parties, mediator, date and place, free of charge, DRAFT on every page", async () => {
    const pdf = await renderContractPdf(i18n, kkContract, TZ, NOW);
    expect(pdf.subarray(0, 5).toString("ascii")).toBe("%PDF-");
    const pages = fold(await pdfPages(pdf));
    expect(pages).toHaveLength(2);
    const [kk, ru] = pages as [string, string];
    for (const page of pages) expect(page).toContain("ЖОБА / ПРОЕКТ");
    expect(kk).toContain("МЕДИАЦИЯ ТУРАЛЫ ШАРТ");
    expect(ru).toContain("ДОГОВОР О МЕДИАЦИИ");
    expect(kk).toContain("1-тарап: Айгүл Сейітқызы");
    expect(kk).toContain("2-тарап: Ерлан Жұмабаев");
    expect(ru).toContain("Сторона 1: Айгүл Сейітқызы");
    expect(ru).toContain("Сторона 2: Ерлан Жұмабаев");
    expect(kk).toContain("Медиатор: Серік Оспанов, қоғамдық медиатор");
    expect(ru).toContain("Медиатор: Серік Оспанов, общественный медиатор");
    expect(kk).toContain("Тізілімдегі нөмірі: ҚМ-0421");
    expect(ru).toContain("Номер в реестре: ҚМ-0421");
    expect(kk).toContain("Орны: Бурабай ауданы, Ауыл әкімдігі, 2-кабинет");
    expect(ru).toContain("Место: Бурабайский район, Ауыл әкімдігі, 2-кабинет");
    expect(kk).toMatch(/Күні: 2026 ж\. 3 желтоқсан/);
    expect(ru).toContain("Дата: 3 декабря 2026");
    // Blank lines for what the bot does not hold.
    expect(kk).toMatch(/ЖСН: _{10,}/);
    expect(ru).toMatch(/Адрес: _{10,}/);
    expect(kk).toContain("Даудың мәні (Көршілер, жер және жайылым): ___");
    expect(ru).toContain("Предмет спора (Соседи, земля и пастбища): ___");
    expect(kk).toContain("Құны: тегін");
    expect(ru).toContain("Стоимость: бесплатно");
    expect(kk).toContain("шамамен 30 күн");
    expect(ru).toContain("обычно завершается примерно за 30 дней");
    expect(ru).toContain("Медиация начинается в день подписания этого договора.");
    for (const page of pages) expect(page).not.toMatch(/заңдық күш|юридическ\S* сил|binding/i);
  });

  it("ru case: Russian first; an other party not in the bot and a missing register number are blank lines; a professional's fee as agreed", async () => {
    const pages = fold(await pdfPages(await renderContractPdf(i18n, ruContract, TZ, NOW)));
    const [ru, kk] = pages as [string, string];
    expect(ru).toContain("ДОГОВОР О МЕДИАЦИИ");
    expect(kk).toContain("МЕДИАЦИЯ ТУРАЛЫ ШАРТ");
    expect(ru).toContain("ПРОЕКТ / ЖОБА");
    expect(ru).toContain("Сторона 1: Ольга Ким");
    expect(ru).toMatch(/Сторона 2: _{10,}/);
    expect(kk).toMatch(/2-тарап: _{10,}/);
    expect(ru).toMatch(/Номер в реестре: _{10,}/);
    expect(ru).toContain("Медиатор: Асқар Бекұлы, профессиональный медиатор");
    expect(kk).toContain("Медиатор: Асқар Бекұлы, кәсіби медиатор");
    expect(ru).toContain("Место: Бурабайский район (по телефону)");
    expect(kk).toContain("Орны: Бурабай ауданы (телефон арқылы)");
    expect(ru).toMatch(/Стоимость: оплата профессионального медиатора по договорённости сторон: _{10,} ₸/);
    expect(kk).toMatch(/кәсіби медиатордың ақысы тараптардың келісімі бойынша: _{10,} ₸/);
    expect(ru).not.toContain("бесплатно");
  });
});

describe("agreement draft", () => {
  it("kk case: each term with who, what, by when and how much, in Kazakh then Russian; a spoken term is a line to write out", async () => {
    const pages = fold(await pdfPages(await renderAgreementPdf(i18n, kkAgreement, TZ, NOW)));
    expect(pages).toHaveLength(2);
    const [kk, ru] = pages as [string, string];
    for (const page of pages) expect(page).toContain("ЖОБА / ПРОЕКТ");
    expect(kk).toContain("ДАУДЫ РЕТТЕУ ТУРАЛЫ КЕЛІСІМ");
    expect(ru).toContain("СОГЛАШЕНИЕ ОБ УРЕГУЛИРОВАНИИ СПОРА");
    expect(kk).toContain("Кездесу күні: 2026 ж. 3 желтоқсан");
    expect(ru).toContain("Дата встречи: 3 декабря 2026");
    expect(kk).toContain("Медиатор: Серік Оспанов, қоғамдық медиатор");
    expect(ru).toContain("Медиатор: Серік Оспанов, общественный медиатор");
    expect(kk).toContain("1. 2-тарап (Ерлан Жұмабаев): Шабындыққа қоршау орнатады Мерзімі: 2026 ж. 20 желтоқсан");
    expect(ru).toContain("1. Сторона 2 (Ерлан Жұмабаев): Шабындыққа қоршау орнатады Срок: 20 декабря 2026");
    expect(kk).toContain("2. 1-тарап (Айгүл Сейітқызы): Тапталған шөп үшін өтемақы алады Мерзімі: 2026 ж. 10 желтоқсан Сомасы: 150 000 ₸");
    expect(ru).toContain("2. Сторона 1 (Айгүл Сейітқызы): Тапталған шөп үшін өтемақы алады Срок: 10 декабря 2026 г. Сумма: 150 000 ₸");
    expect(kk).toMatch(/3\. Екі тарап та: _{10,} \(бұл шарт дауыспен жазылған: қолмен толтырыңыз\) Мерзімі: белгіленбеген/);
    expect(ru).toMatch(/3\. Обе стороны: _{10,} \(это условие записано голосом: впишите его от руки\) Срок: не установлен/);
    // What happens next: only what the law notes verify.
    expect(kk).toContain("атқару парағын береді");
    expect(ru).toContain("выдаёт исполнительный лист");
    expect(ru).toContain("государственная пошлина возвращается полностью в первой инстанции и в апелляции");
    expect(ru).toContain("Вне суда стороны исполняют соглашение добровольно");
    for (const page of pages) expect(page).not.toMatch(/заңдық күш|юридическ\S* сил|binding|\d+-бап|ст\.\s?\d|стать[яиюе]/i);
  });

  it("ru case: Russian first, the unnamed other party without a name, amounts and dates in both languages", async () => {
    const text = await pdfText(await renderAgreementPdf(i18n, ruAgreement, TZ, NOW));
    const ruAt = text.indexOf("СОГЛАШЕНИЕ ОБ УРЕГУЛИРОВАНИИ СПОРА");
    const kkAt = text.indexOf("ДАУДЫ РЕТТЕУ ТУРАЛЫ КЕЛІСІМ");
    expect(ruAt).toBeGreaterThanOrEqual(0);
    expect(kkAt).toBeGreaterThan(ruAt);
    expect(text).toContain("1. Сторона 2: Вернуть долг за сено Срок: 15 января 2027 г. Сумма: 85 000 ₸");
    expect(text).toContain("1. 2-тарап: Вернуть долг за сено Мерзімі: 2027 ж. 15 қаңтар Сомасы: 85 000 ₸");
    expect(text).toContain("2. Сторона 1 (Ольга Ким): Забрать свой трактор со двора Срок: не установлен");
    expect(text).toContain("2. 1-тарап (Ольга Ким): Забрать свой трактор со двора Мерзімі: белгіленбеген");
    expect(text).toContain("Дата встречи: 5 декабря 2026");
  });
});

describe("document rules", () => {
  it("Kazakh first for a Kazakh or English case, Russian first for a Russian one", async () => {
    expect([documentLanguages("kk"), documentLanguages("en"), documentLanguages("ru")]).toEqual([["kk", "ru"], ["kk", "ru"], ["ru", "kk"]]);
    const pages = fold(await pdfPages(await renderContractPdf(i18n, { ...ruContract, caseLanguage: "en" }, TZ, NOW)));
    expect(pages[0]).toContain("МЕДИАЦИЯ ТУРАЛЫ ШАРТ");
    expect(pages[1]).toContain("ДОГОВОР О МЕДИАЦИИ");
  });

  it("a term reads as typed, as spoken (to write out by hand), or as a blank once erased", () => {
    expect(termWording({ action: "  Қоршау салады ", voiceFileId: null })).toEqual({ kind: "typed", text: "Қоршау салады" });
    expect(termWording({ action: null, voiceFileId: "voice-1" })).toEqual({ kind: "spoken" });
    expect(termWording({ action: "   ", voiceFileId: null })).toEqual({ kind: "blank" });
  });
});

describe("case document buttons", () => {
  it("pack and parse back; anything else is not ours; at most 64 bytes", () => {
    for (const action of [{ kind: "contract", requestId: 1 }, { kind: "agreement", requestId: 2_147_483_647 }] as const) {
      const data = packCaseDocument(action);
      expect(data.length).toBeLessThanOrEqual(64);
      expect(parseCaseDocument(data)).toEqual(action);
    }
    expect(packCaseDocument({ kind: "contract", requestId: 42 })).toBe("doc:c:42");
    for (const data of ["doc:c", "doc:x:1", "doc:c:0", "doc:c:01", "doc:a:1:2", "doc:c:-1", "doc:c:2147483648", "dox:c:1", undefined]) expect(parseCaseDocument(data)).toBeNull();
  });
});
