#!/usr/bin/env node
// Fails when the widget's first load, as the server sends it, exceeds the budget, or when a part
// loaded on demand outgrows its own.
// The server sends the build's precompressed twins (file.br to browsers that accept brotli,
// file.gz to those that accept gzip only; see widget/vite.config.ts), so those are the bytes
// measured: each twin must exist and decompress to its file, and gzip sizes (the larger, what an
// older browser downloads) are checked.
// What loads when comes from Vite's manifest (.vite/manifest.json): the first load is the entry,
// its static imports, its CSS and one message catalog (the largest: a page loads only its own
// language's). Loaded on demand, each with its own budget and its own CSS: the other catalogs,
// the words only a signed-in user sees (after sign-in, in the page's language),
// the widget API's handshake (only inside a Matrix client), sign-in and the actions (only inside
// a Matrix client, after the handshake), the lead tools and the private calendar link (after
// sign-in), the talk list (only when the event has talks), the hallway screen (signage only) and
// the QR code library (only on signage with room for codes).
// Usage: node widget/scripts/check-size.mjs [distDir] (default: widget/dist next to this script).
import console from "node:console";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import process from "node:process";
import { fileURLToPath, URL } from "node:url";
import { brotliDecompressSync, gunzipSync } from "node:zlib";

// Issue 23: the first load of /events/SLUG at 44 tracks is at most 25,600 bytes on the wire
// (bench/run.sh --only page), of which about 5.3 KB are not these files (the HTML page, the state,
// the live stream, every response's headers): these files get 20.1 KB brotli, counted with the
// largest catalog (German); the page in English then measured 25,540 bytes on the wire (6 December
// 2026), 60 bytes under the target: any growth must be paid for elsewhere. (gzip, for the odd
// browser without brotli, has its own budget.)
const FIRST_LOAD_BUDGET = { br: 20.1 * 1024, gz: 23 * 1024 };
/** Budgets (gzip) of the parts loaded on demand, by what their source path contains. */
const ON_DEMAND = [
  { name: "message catalog", match: "/i18n/catalogs/", budget: 4 * 1024 },
  { name: "Matrix widget handshake and API", match: "src/matrix.ts", budget: 8.5 * 1024 },
  // (Both grew when parts left the first load: sign-in took session.ts; the hallway screen its own
  // rules from styles.css and, shared with the talk list, TalkItem.tsx and talks.css.)
  { name: "sign-in and actions", match: "src/signed-in.tsx", budget: 4.5 * 1024 },
  { name: "hallway screen", match: "components/Signage.tsx", budget: 6.5 * 1024 },
  { name: "QR codes (signage)", match: "uqr", budget: 5 * 1024 },
  // (Loaded after sign-in: what the sign-in chunk brings, e.g. session.ts, is there already.)
  {
    name: "private calendar link (signed in)",
    match: "components/MyCalendar.tsx",
    budget: 2 * 1024,
    after: "src/signed-in.tsx",
  },
  {
    name: "lead tools (signed in)",
    match: "components/LeadPanel.tsx",
    budget: 3 * 1024,
    after: "src/signed-in.tsx",
  },
  {
    name: "message catalog (signed in)",
    match: "/i18n/signed-in/",
    budget: 2 * 1024,
    after: "src/signed-in.tsx",
  },
  { name: "talk list (events with talks)", match: "components/TalkSchedule.tsx", budget: 3 * 1024 },
  {
    name: "talks now and next (events with talks)",
    match: "components/TalksNow.tsx",
    budget: 2 * 1024,
  },
];
const dist = process.argv[2] ?? fileURLToPath(new URL("../dist", import.meta.url));

/** Every file under `dir`, recursively. */
function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path) : [path];
  });
}

let files;
let manifest;
try {
  files = walk(dist).filter((f) => f.endsWith(".js") || f.endsWith(".css"));
  manifest = JSON.parse(readFileSync(join(dist, ".vite/manifest.json"), "utf8"));
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
/** Served sizes by path relative to dist. */
const sizes = new Map();
console.log("      br        gzip  file (bytes served)");
for (const file of files.sort()) {
  const br = twin(file, ".br", brotliDecompressSync);
  const gz = twin(file, ".gz", gunzipSync);
  if (br === null || gz === null) {
    broken = true;
    continue;
  }
  sizes.set(relative(dist, file), { br, gz });
  console.log(`${kb(br)} KB ${kb(gz)} KB  ${relative(dist, file)}`);
}
if (broken) process.exit(1);

const chunks = Object.entries(manifest);
const entry = chunks.find(([, chunk]) => chunk.isEntry);
if (entry === undefined) {
  console.error("The manifest has no entry chunk");
  process.exit(1);
}
/** A chunk's file, its CSS and its static imports, recursively. */
function staticClosure(key, seen = new Set()) {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const imported of manifest[key]?.imports ?? []) staticClosure(imported, seen);
  return seen;
}
const filesOf = (keys) =>
  new Set([...keys].flatMap((key) => [manifest[key].file, ...(manifest[key].css ?? [])]));
const served = (paths) =>
  [...paths].reduce(
    (sum, path) => {
      const size = sizes.get(path) ?? { br: 0, gz: 0 };
      return { br: sum.br + size.br, gz: sum.gz + size.gz };
    },
    { br: 0, gz: 0 },
  );

// The entry's stylesheet is linked from index.html; each chunk loaded on demand brings its own.
const first = filesOf(staticClosure(entry[0]));
let ok = true;
const onDemand = chunks.filter(([, chunk]) => chunk.isDynamicEntry && !first.has(chunk.file));
const catalogs = onDemand.filter(([key]) => key.includes("/i18n/catalogs/"));
const largestCatalog = catalogs
  .map(([, chunk]) => ({ file: chunk.file, ...served([chunk.file]) }))
  .sort((a, b) => b.gz - a.gz)[0];
if (largestCatalog === undefined) {
  console.error("No message catalog in the build");
  process.exit(1);
}
const firstLoad = served(first);
firstLoad.br += largestCatalog.br;
firstLoad.gz += largestCatalog.gz;
const fits = firstLoad.br <= FIRST_LOAD_BUDGET.br && firstLoad.gz <= FIRST_LOAD_BUDGET.gz;
ok &&= fits;
console.log(
  `${kb(firstLoad.br)} KB ${kb(firstLoad.gz)} KB  first load: entry, CSS and ${largestCatalog.file} ` +
    `(${fits ? "within" : "OVER"} the budgets: ${FIRST_LOAD_BUDGET.br / 1024} KB brotli, ` +
    `${FIRST_LOAD_BUDGET.gz / 1024} KB gzip)`,
);
for (const [key] of onDemand) {
  const part = ON_DEMAND.find((p) => key.includes(p.match));
  if (part === undefined) {
    console.error(`${key} is loaded on demand but has no budget in check-size.mjs`);
    ok = false;
    continue;
  }
  const before = part.after === undefined ? new Set() : filesOf(staticClosure(part.after));
  const size = served(
    [...filesOf(staticClosure(key))].filter((path) => !first.has(path) && !before.has(path)),
  );
  const within = size.gz <= part.budget;
  ok &&= within;
  console.log(
    `${kb(size.br)} KB ${kb(size.gz)} KB  on demand, ${part.name}: ${key} ` +
      `(gzip ${within ? "within" : "OVER"} its ${part.budget / 1024} KB)`,
  );
}
process.exit(ok ? 0 : 1);
