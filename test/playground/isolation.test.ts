// The playground is a development tool: production code (src/) must never import it, nor test code.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "generated" ? [] : sourceFiles(full);
    return /\.(ts|mts|js|mjs)$/.test(e.name) ? [full] : [];
  });
}

const SPECIFIER = /(?:from\s*|import\s*\(\s*|import\s+|require\s*\(\s*)["']([^"']+)["']/g;

describe("production code stays free of the playground and tests", () => {
  it("no file under src/ imports playground/ or test/", () => {
    const root = path.resolve("src");
    const offending: string[] = [];
    for (const file of sourceFiles(root)) {
      for (const m of readFileSync(file, "utf8").matchAll(SPECIFIER)) {
        const spec = m[1]!;
        if (!spec.startsWith(".")) {
          if (/^(playground|test)(\/|$)/.test(spec)) offending.push(`${path.relative(".", file)} → ${spec}`);
          continue;
        }
        const target = path.relative(path.resolve("."), path.resolve(path.dirname(file), spec));
        if (/^(playground|test)(\/|$)/.test(target.split(path.sep).join("/"))) offending.push(`${path.relative(".", file)} → ${spec}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it("the production scripts do not start the playground", () => {
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> };
    for (const [name, script] of Object.entries(pkg.scripts)) {
      if (name !== "playground") expect(script, name).not.toContain("playground");
    }
    expect(pkg.scripts.playground).toBe("tsx playground/server.ts");
    expect(readFileSync("tsconfig.build.json", "utf8")).not.toContain("playground");
  });
});
