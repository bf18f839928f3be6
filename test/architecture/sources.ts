// The project's own source files and the imports between them, read with TypeScript's
// preprocessor (ts.preProcessFile: the module specifiers of imports, re-exports and import()
// calls, without type-checking). What the architecture tests measure the layout with.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

export const ROOT = resolve(import.meta.dirname, "../..");

/** Where the non-test sources live (tests, fixtures and benchmarks are not checked). */
export const SOURCE_ROOTS = [
  "bin",
  "bot",
  "console",
  "server",
  "shared",
  "migrations",
  "widget/src",
];

const SOURCE_FILE = /\.(ts|tsx)$/;

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (SOURCE_FILE.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(path);
  }
}

/** Every source file under `roots`, as a path from the repository's root (`bot/start.ts`). */
export function sourceFiles(roots: readonly string[] = SOURCE_ROOTS, base = ROOT): string[] {
  const files: string[] = [];
  for (const root of roots) walk(join(base, root), files);
  return files.map((file) => relative(base, file).split("\\").join("/")).sort();
}

export interface Import {
  from: string;
  to: string;
  /** `import type …` or `export type … from`: erased when compiled (verbatimModuleSyntax). */
  typeOnly: boolean;
}

function resolveSpecifier(from: string, specifier: string, base: string): string | null {
  const target = join(dirname(from), specifier);
  const candidates = [
    target.replace(/\.js$/, ".ts"),
    target.replace(/\.js$/, ".tsx"),
    target,
    `${target}.ts`,
    join(target, "index.ts"),
  ];
  for (const candidate of candidates) {
    try {
      if (statSync(join(base, candidate)).isFile()) return candidate.split("\\").join("/");
    } catch {
      // not this one
    }
  }
  return null;
}

/** The statement an import's specifier sits in starts with `import type` or `export type`. */
function isTypeOnly(source: string, specifierPos: number): boolean {
  const start = Math.max(
    source.lastIndexOf("import", specifierPos),
    source.lastIndexOf("export", specifierPos),
  );
  return /^(import|export)\s+type\s/.test(source.slice(start, specifierPos));
}

/** The relative imports of `file`, resolved to source files. Throws on one that resolves to none. */
export function importsOf(file: string, base = ROOT): Import[] {
  const source = readFileSync(join(base, file), "utf8");
  const imports: Import[] = [];
  for (const ref of ts.preProcessFile(source, true, true).importedFiles) {
    if (!ref.fileName.startsWith(".")) continue;
    // Assets a bundler imports (styles, images) are not modules of the graph.
    if (/\.(?!js$|ts$|tsx$)[a-z]+$/.test(ref.fileName)) continue;
    const to = resolveSpecifier(file, ref.fileName, base);
    if (to === null) throw new Error(`${file}: cannot resolve ${ref.fileName}`);
    imports.push({ from: file, to, typeOnly: isTypeOnly(source, ref.pos) });
  }
  return imports;
}
