// The heap flags production runs with (issue #17): one list in `npm run start:prod`, the same in the Dockerfile's
// CMD, read by the benchmarks (scripts/production-node-flags.ts), and accepted by this node.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { nodeFlagsOf, productionNodeFlags } from "../scripts/production-node-flags.js";

const root = path.resolve(import.meta.dirname, "..");
const MB = 1024 * 1024;

describe("production node flags", () => {
  it("reads the flags between node and the script", () => {
    expect(nodeFlagsOf("node --max-old-space-size=256 --max-semi-space-size=4 dist/src/main.js")).toEqual(["--max-old-space-size=256", "--max-semi-space-size=4"]);
    expect(nodeFlagsOf("node dist/src/main.js")).toEqual([]);
    expect(() => nodeFlagsOf("tsx src/main.ts")).toThrow(/starting with "node"/);
  });

  it("start:prod bounds the V8 heap, and the Dockerfile's CMD runs with the same flags", () => {
    const flags = productionNodeFlags(root);
    expect(flags.some((f) => /^--max-old-space-size=\d+$/.test(f))).toBe(true);
    const cmd = /^CMD (\[.*\])\s*$/m.exec(readFileSync(path.join(root, "Dockerfile"), "utf8"));
    expect(cmd, "the Dockerfile has a CMD in JSON form").not.toBeNull();
    const words = JSON.parse(cmd![1]!) as string[];
    expect(words[0]).toBe("node");
    expect(words.slice(1, 1 + flags.length)).toEqual(flags);
    expect(words.slice(1 + flags.length)).toEqual(["dist/src/main.js"]);
  });

  it("node accepts the flags, and they lower the heap limit from its machine-sized default", () => {
    const limit = (flags: string[]) =>
      Number(execFileSync(process.execPath, [...flags, "-e", "console.log(require('node:v8').getHeapStatistics().heap_size_limit)"], { encoding: "utf8" }).trim());
    const oldSpace = Number(/^--max-old-space-size=(\d+)$/.exec(productionNodeFlags(root).find((f) => f.startsWith("--max-old-space-size="))!)![1]);
    const bounded = limit(productionNodeFlags(root));
    // The limit is the old space plus the young generation (a few semi-spaces of at most 16 MB each).
    expect(bounded).toBeGreaterThanOrEqual(oldSpace * MB);
    expect(bounded).toBeLessThanOrEqual((oldSpace + 64) * MB);
  });
});
