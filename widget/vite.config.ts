// Builds the widget: `npx vite build --config widget/vite.config.ts` → widget/dist, served at /widget/.
// Every text file also gets a brotli (.br) and a gzip (.gz) twin, compressed once here at the
// highest levels; the server sends the one the browser accepts (@fastify/static preCompressed).
// The server's CSP has no 'unsafe-inline', so the output must hold no inline script or style:
// Vite's modulepreload polyfill (an inline script) is off, and nothing is inlined as a data: URL.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { constants as zlib } from "node:zlib";
import preact from "@preact/preset-vite";
import { defineConfig, type Plugin } from "vite";
import { compression, defineAlgorithm } from "vite-plugin-compression2";

const BASE = "/widget/";
const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const widgetApiDir = dirname(
  createRequire(import.meta.url).resolve("matrix-widget-api/package.json"),
);

/**
 * Vite wraps every dynamic import() in a helper that first loads the chunk's CSS and preloads its
 * imports (~0.4 KB brotli in the first load, most of it for module preload, which is off here).
 * This one only loads the chunk's stylesheets (a <link> each, which the CSP allows), then the
 * chunk, so that what it renders is styled from the start.
 */
const plainDynamicImport: Plugin = {
  name: "ptg:plain-dynamic-import",
  enforce: "pre",
  load: {
    filter: { id: /^\0vite\/preload-helper\.js$/ },
    handler: () => `const loaded = new Map();
const stylesheet = (path) => {
  const href = ${JSON.stringify(BASE)} + path;
  // (A chunk's list names the page's own stylesheet too, linked from index.html.)
  const linked = [...document.querySelectorAll("link[rel=stylesheet]")].some(
    (link) => link.getAttribute("href") === href,
  );
  if (!linked && !loaded.has(path)) {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    loaded.set(path, new Promise((resolve, reject) => {
      link.onload = resolve;
      link.onerror = () => reject(new Error("could not load " + path));
    }));
    document.head.append(link);
  }
  return loaded.get(path) ?? Promise.resolve();
};
export const __vitePreload = (load, deps) =>
  deps && deps.length > 0 ? Promise.all(deps.map(stylesheet)).then(load) : load();
`,
  },
};

interface ModuleGraph {
  getModuleInfo(id: string): { isEntry: boolean; importers: readonly string[] } | null;
}
const firstLoadCache = new WeakMap<ModuleGraph, Map<string, boolean>>();
/**
 * Whether the page's entry imports `id` statically (directly or not): code it runs on every load.
 * Left to itself, the bundler moves modules that the entry shares with chunks loaded on demand
 * (Preact, the messages, time.ts) into chunks of their own as soon as two of those chunks share
 * one (the talk list and the hallway screen share TalkItem.tsx): more requests, and worse
 * compression, for the same bytes.
 */
function inFirstLoad(id: string, graph: ModuleGraph): boolean {
  let cache = firstLoadCache.get(graph);
  if (cache === undefined) {
    cache = new Map();
    firstLoadCache.set(graph, cache);
  }
  const known = cache.get(id);
  if (known !== undefined) return known;
  cache.set(id, false); // (an import cycle: decided by its other importers)
  const info = graph.getModuleInfo(id);
  const result =
    info !== null &&
    (info.isEntry || info.importers.some((importer) => inFirstLoad(importer, graph)));
  cache.set(id, result);
  return result;
}

export default defineConfig({
  root: here("."),
  base: BASE,
  plugins: [
    preact(),
    plainDynamicImport,
    compression({
      include: /\.(html|js|css|svg|json|txt)$/,
      threshold: 0,
      algorithms: [
        defineAlgorithm("brotliCompress", { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }),
        defineAlgorithm("gzip", { level: 9 }),
      ],
      logLevel: "silent",
    }),
  ],
  resolve: {
    alias: [
      // The named colours from the browser's CSS engine rather than a table
      // (css-colors.browser.ts); the unit tests, outside a browser, use the table.
      {
        find: /^(\.{1,2}\/)+(shared\/domain\/)?css-colors\.js$/,
        replacement: here("src/css-colors.browser.ts"),
      },
      // The package's CommonJS build (Babel, helpers, all of the client side too) is ~22 KB gzipped;
      // its own TypeScript sources, bundled as ES modules, tree-shake down to what a widget uses.
      // The types still come from the package's declarations.
      {
        find: /^matrix-widget-api$/,
        replacement: join(widgetApiDir, "src/index.ts"),
      },
    ],
  },
  // `npx vite --config widget/vite.config.ts`: the widget with hot reload, against a server
  // running on the default port.
  server: { proxy: { "/api": "http://127.0.0.1:8080" } },
  build: {
    outDir: here("dist"),
    emptyOutDir: true,
    target: "es2022",
    modulePreload: false,
    assetsInlineLimit: 0,
    // A stylesheet per chunk: the first load has the page's; the hallway screen's and the
    // signed-in parts' come with their chunks (plainDynamicImport loads them).
    cssCodeSplit: true,
    sourcemap: false,
    // .vite/manifest.json: which chunk loads which (scripts/check-size.mjs reads the first load
    // from it; catalogs, the widget API and the QR library are loaded on demand).
    manifest: true,
    // What the entry statically imports stays in the entry's chunk (inFirstLoad).
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              name: (id, graph) => (inFirstLoad(id, graph) ? "index" : null),
              debugName: "first load",
              includeDependenciesRecursively: false,
            },
          ],
        },
      },
    },
  },
});
