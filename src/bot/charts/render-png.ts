// SVG → PNG with resvg (Rust, prebuilt per platform: no browser, no canvas, no system fonts). Loaded on the
// first picture, so a bot that never draws one never maps the renderer. The only font is the bundled
// DejaVu Sans, which has every Kazakh letter; text set in any other family falls back to it.
import path from "node:path";
import { projectRoot } from "../../db/project-root.js";

export const CHART_FONT = path.join(projectRoot(), "assets", "fonts", "DejaVuSans.ttf");

type ResvgModule = typeof import("@resvg/resvg-js");
let loading: Promise<ResvgModule> | undefined;

/**
 * The PNG of `svg`, at its own size (the SVG's width and height attributes). Rendered on the main thread
 * (about a quarter of a second for the map): resvg's renderAsync runs on libuv's thread pool, where each
 * thread keeps its own allocation arena, and the process settled some 40 MB higher after a few maps than
 * with this synchronous call (scripts/map-memory.ts). /stats pictures are rare operator requests.
 */
export async function renderSvgToPng(svg: string): Promise<Buffer> {
  const { Resvg } = await (loading ??= import("@resvg/resvg-js"));
  const resvg = new Resvg(svg, {
    font: { loadSystemFonts: false, fontFiles: [CHART_FONT], defaultFontFamily: "DejaVu Sans" },
    background: "#ffffff",
  });
  return resvg.render().asPng();
}
