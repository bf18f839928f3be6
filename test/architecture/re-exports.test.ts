// No re-export shims (issue 19): a name is imported from the module that defines it. A module
// that only passes on other modules' names, or a line that passes on a project module's names,
// gives a second address to the same code, and the next person has to find the real one.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ROOT, sourceFiles } from "./sources.js";

function parse(file: string, text = readFileSync(join(ROOT, file), "utf8")): ts.SourceFile {
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
}

/** Declares nothing itself: only imports and exports of names from elsewhere. */
export function isReExportOnly(source: ts.SourceFile): boolean {
  const statements = source.statements;
  return (
    statements.some((s) => ts.isExportDeclaration(s)) &&
    statements.every(
      (s) =>
        ts.isExportDeclaration(s) || (ts.isImportDeclaration(s) && s.importClause !== undefined),
    )
  );
}

/** `export … from "./…"`: passes on names of another of the project's modules. */
export function projectReExports(source: ts.SourceFile): string[] {
  return source.statements.flatMap((s) =>
    ts.isExportDeclaration(s) &&
    s.moduleSpecifier !== undefined &&
    ts.isStringLiteral(s.moduleSpecifier) &&
    s.moduleSpecifier.text.startsWith(".")
      ? [`${source.fileName}: ${s.getText(source).split("\n")[0] ?? ""}`]
      : [],
  );
}

describe("re-exports", () => {
  const sources = sourceFiles().map((file) => parse(file));

  it("tells a shim from a module", () => {
    // What the checks below must catch, so that they cannot pass by reading nothing.
    const shim = parse("shim.ts", 'export { compilePattern } from "../domain/patterns.js";\n');
    const barrel = parse("barrel.ts", 'import { a } from "./a.js";\nexport { a };\n');
    const real = parse("real.ts", 'import { a } from "./a.js";\nexport const b = a + 1;\n');
    expect([isReExportOnly(shim), isReExportOnly(barrel), isReExportOnly(real)]).toEqual([
      true,
      true,
      false,
    ]);
    expect(projectReExports(shim)).toHaveLength(1);
    expect(sources.length).toBeGreaterThan(300);
  });

  it("no module only re-exports others", () => {
    expect(sources.filter(isReExportOnly).map((source) => source.fileName)).toEqual([]);
  });

  it("no module passes on the names of another of the project's modules", () => {
    expect(sources.flatMap(projectReExports)).toEqual([]);
  });
});
