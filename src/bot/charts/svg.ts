// Small helpers shared by the SVG charts and the map: escaping, number formatting and text elements.
// The pictures are plain SVG strings (testable as text) that render-png.ts turns into PNG.

/** Text for SVG content or an attribute: the five XML specials escaped, control characters dropped. */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "")
    .replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** A coordinate rounded to 0.1 px: shorter SVG, same picture. */
export const px = (value: number): string => String(Math.round(value * 10) / 10);

export interface TextOptions {
  size: number;
  fill?: string;
  anchor?: "start" | "middle" | "end";
  /** A white outline under the letters, so that a label stays readable over dots and borders. */
  halo?: boolean;
  className?: string;
}

/** One <text> element; `content` is escaped here. */
export function svgText(x: number, y: number, content: string, o: TextOptions): string {
  const attrs = [
    `x="${px(x)}"`,
    `y="${px(y)}"`,
    `font-size="${o.size}"`,
    `fill="${o.fill ?? "#1f2937"}"`,
    o.anchor && o.anchor !== "start" ? `text-anchor="${o.anchor}"` : "",
    o.halo ? `stroke="#ffffff" stroke-width="${px(o.size / 4)}" stroke-linejoin="round" paint-order="stroke"` : "",
    o.className ? `class="${o.className}"` : "",
  ].filter(Boolean);
  return `<text ${attrs.join(" ")}>${escapeXml(content)}</text>`;
}

/** The whole document: white background, DejaVu Sans (the only font the renderer is given). */
export function svgDocument(width: number, height: number, body: readonly string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    ...body,
    "</svg>",
  ].join("\n");
}

/** A label split at its last space when longer than `max` characters ("Batys Qazaqstan / oblysy"). */
export function wrapLabel(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const at = text.lastIndexOf(" ");
  return at > 0 ? [text.slice(0, at), text.slice(at + 1)] : [text];
}
