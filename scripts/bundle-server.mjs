// `npm run build:server`, after tsc: bundles the command line into dist/bin/ptg.js (what
// `npm start` runs) and the embedded database's initdb child into its own file, with the modules
// loaded only on some paths (the bot, the console, schedule import) split into chunks that load
// when first imported. One file instead of about 1,100 to find, read and link: the server starts
// on about half the CPU time and idles smaller (issue 23; bench/README.md, "start").
//
// Packages stay outside the bundle when they load their own files in ways a bundle cannot follow
// (PGlite's WebAssembly, the Matrix SDK's crypto) or start workers by path (pino): Node loads
// them from node_modules as before. The OpenAPI packages find their files through `__dirname`,
// which a bundled module does not have: it is given theirs, in node_modules (see below).
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

const EXTERNAL = [
  "@electric-sql/pglite",
  "@matrix-org/*",
  "matrix-bot-sdk",
  "fake-indexeddb",
  "pino",
  "pino-pretty",
  "thread-stream",
];

/** Bundled packages that read their own files from `__dirname` (Swagger UI's static files). */
const OWN_DIRNAME = ["@fastify/swagger", "@fastify/swagger-ui"];

/**
 * Gives each bundled module of OWN_DIRNAME its directory in node_modules as `__dirname`, found
 * at run time; stops the build if any other bundled package uses `__dirname`.
 */
const packageDirname = {
  name: "package-dirname",
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/].*\.c?js$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      if (!source.includes("__dirname")) return undefined;
      const match = /[\\/]node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)[\\/](.*)$/.exec(args.path);
      const name = match?.[1]?.replaceAll("\\", "/");
      if (match === null || name === undefined || !OWN_DIRNAME.includes(name)) {
        throw new Error(`${args.path} uses __dirname: add its package to EXTERNAL or OWN_DIRNAME`);
      }
      const subdir = path.posix.dirname((match[2] ?? "").replaceAll("\\", "/"));
      const dirname = `require("node:path").join(require("node:path").dirname(require.resolve(${JSON.stringify(`${name}/package.json`)})), ${JSON.stringify(subdir)})`;
      return { contents: `var __dirname = ${dirname};\n${source}`, loader: "js" };
    });
  },
};

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
  plugins: [packageDirname],
  minifyWhitespace: true,
  minifySyntax: true,
  // Bundled CommonJS packages `require` Node's built-in modules.
  banner: {
    js: 'import { createRequire as __ptgCreateRequire } from "node:module"; const require = __ptgCreateRequire(import.meta.url);',
  },
});
