// Files that ship with the project (the built widget, the demo schedule), found from the
// project's root: the nearest directory above this module that holds package.json. The same
// code then works from the sources (shared/, run by tsx) and from the build (dist/shared/).
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

function findRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No package.json above ${start}`);
  }
}

/** The project's root directory. */
export const PROJECT_ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));

/** The absolute path of a file of the project, e.g. `projectFile("demo/denver-ptg.json")`. */
export function projectFile(relative: string): string {
  return path.join(PROJECT_ROOT, relative);
}
