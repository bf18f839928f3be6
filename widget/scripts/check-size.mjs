#!/usr/bin/env node
// Fails when the built widget's JavaScript and CSS, gzipped, exceed the budget.
// Usage: node widget/scripts/check-size.mjs [distDir] (default: widget/dist next to this script).
import console from "node:console";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import process from "node:process";
import { fileURLToPath, URL } from "node:url";
import { constants, gzipSync } from "node:zlib";

const BUDGET_BYTES = 30 * 1024;
const dist = process.argv[2] ?? fileURLToPath(new URL("../dist", import.meta.url));

/** Every file under `dir`, recursively. */
function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path) : [path];
  });
}

let files;
try {
  files = walk(dist).filter((f) => f.endsWith(".js") || f.endsWith(".css"));
} catch (e) {
  console.error(
    `No build in ${dist} (${e.code ?? e}): run npx vite build --config widget/vite.config.ts`,
  );
  process.exit(1);
}
if (files.length === 0) {
  console.error(`No .js or .css files in ${dist}`);
  process.exit(1);
}

let total = 0;
for (const file of files.sort()) {
  const size = gzipSync(readFileSync(file), { level: constants.Z_BEST_COMPRESSION }).length;
  total += size;
  console.log(`${(size / 1024).toFixed(2).padStart(8)} KB  ${relative(dist, file)}`);
}
const verdict = total <= BUDGET_BYTES ? "within" : "OVER";
console.log(
  `${(total / 1024).toFixed(2).padStart(8)} KB  total gzipped JS + CSS (${verdict} the ${BUDGET_BYTES / 1024} KB budget)`,
);
process.exit(total <= BUDGET_BYTES ? 0 : 1);
