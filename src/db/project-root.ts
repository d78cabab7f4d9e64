// The project's root folder (where package.json and prisma/ live), found from this file's location
// so that it works from src/ under tsx and from dist/src/ after `npm run build`.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("Cannot find the project root (no package.json above src/db).");
    dir = parent;
  }
  return dir;
}
