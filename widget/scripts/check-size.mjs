#!/usr/bin/env node
// Fails when the widget's JavaScript and CSS, as the server sends them, exceed the budget.
// The server sends the build's precompressed twins (file.br to browsers that accept brotli,
// file.gz to those that accept gzip only; see widget/vite.config.ts), so those are the bytes
// measured: each twin must exist and decompress to its file, and the gzip total (the larger,
// what an older browser downloads) must fit the budget.
// Usage: node widget/scripts/check-size.mjs [distDir] (default: widget/dist next to this script).
import console from "node:console";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import process from "node:process";
import { fileURLToPath, URL } from "node:url";
import { brotliDecompressSync, gunzipSync } from "node:zlib";

// 31 KB since the widget's actions (issue 11): about 1.3 KB gzipped for signed-in users' controls.
const BUDGET_BYTES = 31 * 1024;
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
  console.error(`No build in ${dist} (${e.code ?? e}): run npm run build:widget`);
  process.exit(1);
}
if (files.length === 0) {
  console.error(`No .js or .css files in ${dist}`);
  process.exit(1);
}

/** The twin's bytes, checked against the original; null (and a message) when it is wrong. */
function twin(file, extension, decompress) {
  let bytes;
  try {
    bytes = readFileSync(`${file}${extension}`);
  } catch {
    console.error(
      `Missing ${relative(dist, file)}${extension}: the server would send it uncompressed`,
    );
    return null;
  }
  if (!decompress(bytes).equals(readFileSync(file))) {
    console.error(`${relative(dist, file)}${extension} is stale: it does not match its file`);
    return null;
  }
  return bytes.length;
}

const kb = (bytes) => (bytes / 1024).toFixed(2).padStart(8);
let broken = false;
let totalBr = 0;
let totalGz = 0;
console.log("      br        gzip  file (bytes served)");
for (const file of files.sort()) {
  const br = twin(file, ".br", brotliDecompressSync);
  const gz = twin(file, ".gz", gunzipSync);
  if (br === null || gz === null) {
    broken = true;
    continue;
  }
  totalBr += br;
  totalGz += gz;
  console.log(`${kb(br)} KB ${kb(gz)} KB  ${relative(dist, file)}`);
}
if (broken) process.exit(1);
const ok = totalGz <= BUDGET_BYTES;
console.log(
  `${kb(totalBr)} KB ${kb(totalGz)} KB  total JS + CSS served ` +
    `(gzip ${ok ? "within" : "OVER"} the ${BUDGET_BYTES / 1024} KB budget)`,
);
process.exit(ok ? 0 : 1);
