// The V8/Node flags production runs with, read from `npm run start:prod` in package.json (the Dockerfile's CMD
// carries the same ones; test/node-flags.test.ts checks that they agree), so that the benchmarks measure the bot
// under the heap limits it has in production. Why these flags: README, Performance, "Where the memory goes".
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** The `--…` arguments between `node` and the script in a command line such as `node --a=1 --b dist/src/main.js`. */
export function nodeFlagsOf(command: string): string[] {
  const words = command.trim().split(/\s+/);
  if (words[0] !== "node") throw new Error(`expected a command starting with "node", got "${command}"`);
  const flags: string[] = [];
  for (const word of words.slice(1)) {
    if (!word.startsWith("--")) break;
    flags.push(word);
  }
  return flags;
}

/** The flags of package.json's start:prod script. */
export function productionNodeFlags(root = ROOT): string[] {
  const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts?: Record<string, string> };
  const command = pkg.scripts?.["start:prod"];
  if (!command) throw new Error("package.json has no start:prod script");
  return nodeFlagsOf(command);
}
