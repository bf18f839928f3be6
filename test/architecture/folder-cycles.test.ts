// No folder cycles (issue 19): the core (shared/) and each adapter with sub-folders (bot/,
// server/) are layered, so each folder can be read knowing only the folders below it; and the
// adapters sit on the core, never the other way round.
//
// A folder is an area's first level: `shared/operations` holds its kinds/ and handlers/, and an
// area's own top-level files (`bot/start.ts`, `bot/context.ts`) are the folder `bot`. Imports
// are the ones that stay in the compiled code: an `import type` is erased (the project compiles
// with verbatimModuleSyntax) and ties no load order, so a shared interface such as BotContext
// may name the services it holds.
import { describe, expect, it } from "vitest";
import { cycles, folderGraph } from "./graph.js";
import { importsOf, sourceFiles } from "./sources.js";

/** The folder of `file` inside `area`, or null for a file outside it. */
export const folderIn =
  (area: string) =>
  (file: string): string | null => {
    const parts = file.split("/");
    if (parts[0] !== area) return null;
    return parts.length > 2 ? `${area}/${parts[1] ?? ""}` : area;
  };

const areaOf = (file: string): string => file.split("/")[0] ?? file;

/** The adapters (and the CLI that starts them); the core is shared/ with its migrations/. */
const ADAPTERS = new Set(["bin", "bot", "console", "server", "widget"]);

describe("folder cycles", () => {
  const allImports = sourceFiles().flatMap((file) => importsOf(file));
  const imports = allImports.filter((edge) => !edge.typeOnly);

  it("reads the imports it checks", () => {
    // A graph read wrongly (no imports, or none across folders) would pass everything below.
    expect(imports.length).toBeGreaterThan(500);
    expect(imports).toContainEqual({
      from: "shared/store/outbox.ts",
      to: "shared/domain/destination.ts",
      typeOnly: false,
    });
  });

  it.each(["shared", "bot", "server"])("%s/ has no folder cycle", (area) => {
    const graph = folderGraph(imports, folderIn(area));
    expect(graph.size, `${area}/ has folders that import each other`).toBeGreaterThan(1);
    expect(cycles(graph)).toEqual([]);
  });

  it.each(["shared", "server"])("%s/ has none even through type-only imports", (area) => {
    // Only bot/ keeps one on purpose: BotContext (bot/context.ts) names the services it holds.
    expect(cycles(folderGraph(allImports, folderIn(area)))).toEqual([]);
  });

  it("the core imports no adapter, and no two adapters import each other", () => {
    expect(cycles(folderGraph(imports, areaOf))).toEqual([]);
    const upward = imports.filter(
      (edge) => !ADAPTERS.has(areaOf(edge.from)) && ADAPTERS.has(areaOf(edge.to)),
    );
    expect(upward.map((edge) => `${edge.from} imports ${edge.to}`)).toEqual([]);
  });
});
