import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { createI18n } from "../../src/bot/i18n.js";
import { packPoster, parsePoster } from "../../src/bot/callback-data/poster.js";
import { posterContent } from "../../src/bot/posters/poster-content.js";
import { renderPosterPdf } from "../../src/bot/posters/poster-pdf.js";
import { renderQrPng } from "../../src/bot/posters/qr.js";
import { bundledRegionDirectory } from "../../src/db/regions/load-regions.js";
import { formatClaimCode, generateClaimCode, normalizeClaimCode } from "../../src/domain/assisted-intake.js";
import { parseStartPayload } from "../../src/domain/deep-link.js";
import { posterLink, posterStartsByRayon } from "../../src/domain/poster.js";
import { decodeOurPng, decodeQr, pdfContentStreams, qrFromSquares } from "../support/png.js";

const regions = bundledRegionDirectory();
const burabay = regions.rayon("akmola.burabay")!;

describe("rayon posters", () => {
  it("link: r_<KATO code of the rayon>, which /start reads back as a poster of that rayon", () => {
    const link = posterLink("KelisimBot", burabay);
    expect(link).toBe(`https://t.me/KelisimBot?start=r_${burabay.kato}`);
    expect(parseStartPayload(new URL(link).searchParams.get("start")!)).toEqual({ kind: "poster", kato: burabay.kato });
  });

  it("the QR code PNG decodes (jsQR) to the rayon's deep link", () => {
    const link = posterLink("KelisimBot", burabay);
    expect(decodeQr(decodeOurPng(renderQrPng(link)))).toBe(link);
  });

  it("the PDF is one A4 page with the bundled font embedded, and the QR squares it draws decode (jsQR) to the deep link", async () => {
    const link = posterLink("KelisimBot", burabay);
    const content = posterContent(createI18n("kk"), regions, burabay, 2, link);
    expect(content.heading).toContain("Бурабай ауданы / Бурабайский район");
    expect(content.sections[0].mediators).toBe("Бурабай ауданы — жұмыс істейтін медиаторлар: 2");
    expect(content.sections[1].mediators).toBe("Бурабайский район — работающих медиаторов: 2");
    expect(content.sections.map((s) => s.lines.length)).toEqual([3, 3]);
    const pdf = await renderPosterPdf(content, new Date("2026-11-25T06:00:00Z"));
    const text = pdf.toString("latin1");
    expect(text.startsWith("%PDF-")).toBe(true);
    expect(text.match(/\/Type \/Page\b/g)).toHaveLength(1);
    expect(text).toContain("DejaVuSans");
    expect(text).toContain("/MediaBox [0 0 595.28 841.89]");
    expect(text).toContain(`(${link})`); // the link annotation under the QR code
    // Every "x y w h re" in the page is a QR module (the poster draws no other rectangles): rasterised, it decodes.
    const squares = pdfContentStreams(pdf).flatMap((stream) => [...stream.matchAll(/([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re/g)])
      .map((m) => [Number(m[1]), Number(m[2]), Number(m[3])] as [number, number, number]);
    expect(squares.length).toBeGreaterThan(100);
    expect(decodeQr(qrFromSquares(squares))).toBe(link);
  });

  it("says so when no mediator serves the rayon yet", () => {
    const content = posterContent(createI18n("kk"), regions, burabay, 0, "https://t.me/x?start=r_1");
    expect(content.sections[1].mediators).toBe("Бурабайский район: вам помогут медиаторы соседних районов.");
  });

  it("starts per rayon: posters only, unknown KATO codes left out, most first, top N", () => {
    const zerendi = regions.rayon("akmola.zerendi")!;
    const rows = posterStartsByRayon([
      { kind: "poster", ref: zerendi.kato, starts: 2, newUsers: 1 },
      { kind: "invitation", ref: "", starts: 9, newUsers: 9 },
      { kind: "poster", ref: "999999999", starts: 7, newUsers: 7 },
      { kind: "poster", ref: burabay.kato, starts: 5, newUsers: 4 },
    ], regions, 10);
    expect(rows).toEqual([
      { rayonCode: "akmola.burabay", starts: 5, newUsers: 4 },
      { rayonCode: "akmola.zerendi", starts: 2, newUsers: 1 },
    ]);
    expect(posterStartsByRayon([{ kind: "poster", ref: burabay.kato, starts: 1, newUsers: 0 }, { kind: "poster", ref: zerendi.kato, starts: 1, newUsers: 0 }], regions, 1)).toHaveLength(1);
  });

  it("callback data: packed and parsed back; anything else is not ours", () => {
    for (const action of [{ type: "oblasts", page: 0 }, { type: "oblasts", page: 2 }, { type: "rayons", oblastCode: "almaty_region", page: 1 }, { type: "make", kato: burabay.kato }, { type: "assist" }] as const) {
      expect(parsePoster(packPoster(action))).toEqual(action);
    }
    for (const data of ["pst:mk:abc", "pst:r:Akmola:0", "pst:o:x", "pst:mk:1:2", "asf:1", "pstx", undefined]) expect(parsePoster(data)).toBeNull();
  });
});

describe("claim codes", () => {
  it("are ten characters without look-alikes, read back however they are typed", () => {
    const code = generateClaimCode();
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{10}$/);
    expect(normalizeClaimCode(formatClaimCode(code).toLowerCase())).toBe(code);
    expect(normalizeClaimCode(` ${code.slice(0, 5)} ${code.slice(5)} `)).toBe(code);
    expect(normalizeClaimCode(`claim_${code}`)).toBe(code);
    for (const bad of ["", "ABCDE", "ABCDE-FGHJ0", "ABCDEFGHJKL"]) expect(normalizeClaimCode(bad)).toBeNull();
  });

  it("uses every letter equally often (rejection sampling)", () => {
    let counter = 0;
    const code = generateClaimCode((n) => Buffer.from(Array.from({ length: n }, () => counter++ % 256)));
    expect(code).toBe("23456789AB");
  });
});
