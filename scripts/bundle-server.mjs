// `npm run build:server`, after tsc: bundles the command line into dist/bin/ptg.js (what
// `npm start` runs) and the embedded database's initdb child into its own file, with the modules
// loaded only on some paths (the bot, the console, schedule import) split into chunks that load
// when first imported. One file instead of about 1,100 to find, read and link: the server starts
// on about half the CPU time and idles smaller (issue 23; bench/README.md, "start").
//
// Packages stay outside the bundle when they read their own files at run time (PGlite's
// WebAssembly, Swagger UI's static files, the Matrix SDK's crypto) or start workers by path
// (pino): Node loads them from node_modules as before.
import { rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

const EXTERNAL = [
  "@electric-sql/pglite",
  "@fastify/swagger",
  "@fastify/swagger-ui",
  "@matrix-org/*",
  "matrix-bot-sdk",
  "fake-indexeddb",
  "pino",
  "pino-pretty",
  "thread-stream",
];

const chunks = path.join(root, "dist/bin/chunks");
rmSync(chunks, { recursive: true, force: true });

await build({
  absWorkingDir: root,
  entryPoints: {
    "bin/ptg": "bin/ptg.ts",
    "shared/db/pglite-initdb-child": "shared/db/pglite-initdb-child.ts",
  },
  outdir: "dist",
  chunkNames: "bin/chunks/[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  tsconfig: "tsconfig.build.json",
  external: EXTERNAL,
  sourcemap: "linked",
  logLevel: "warning",
  // Bundled CommonJS packages `require` Node's built-in modules.
  banner: {
    js: 'import { createRequire as __ptgCreateRequire } from "node:module"; const require = __ptgCreateRequire(import.meta.url);',
  },
});
