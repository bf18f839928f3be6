// Each operation is declared once (issue 19, "Done when"): no operation kind's name appears in
// more than three non-test source files, so that a kind is its module under
// shared/operations/kinds/, its handler, and at most one more place. Whoever needs an operation
// of a kind builds it with its module's constructor, or looks the kind up in the registry.
//
// A name "appears" where a string literal holds it. A kind named with a dot (`track.now`)
// counts wherever such a literal is; a kind named with a plain word (`help`) only where the
// literal is used as a kind (`kind: "help"`, `case "help":` on a `.kind`, `x.kind === "help"`,
// `OperationOf<"help">`), since the same word is also a command word, a CLI word and a track
// name the chat reserves.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { KINDS } from "../../shared/operations/registry.js";
import { ROOT, SOURCE_ROOTS, sourceFiles } from "./sources.js";

const MAX_FILES = 3;

const isKindAccess = (node: ts.Node): boolean =>
  ts.isPropertyAccessExpression(node) && node.name.text === "kind";

const namedKind = (node: ts.Node): boolean =>
  (ts.isPropertyAssignment(node) || ts.isPropertySignature(node)) &&
  ts.isIdentifier(node.name) &&
  node.name.text === "kind";

/** Whether a string literal is used as an operation's kind. */
function inKindPosition(literal: ts.Node): boolean {
  let node = literal.parent;
  if (ts.isLiteralTypeNode(node)) node = node.parent;
  if (namedKind(node)) return true;
  if (ts.isTypeReferenceNode(node) || ts.isExpressionWithTypeArguments(node)) return true;
  if (ts.isCaseClause(node)) return isKindAccess(node.parent.parent.expression);
  if (ts.isBinaryExpression(node)) {
    const other = node.left === literal ? node.right : node.left;
    return isKindAccess(other);
  }
  return false;
}

/** The kinds whose names a source text holds. */
export function kindsIn(fileName: string, text: string, kinds: ReadonlySet<string>): Set<string> {
  const found = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      const name = node.text;
      if (kinds.has(name) && (name.includes(".") || inKindPosition(node))) found.add(name);
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true));
  return found;
}

describe("operation kind names", () => {
  const kinds = new Set<string>(KINDS.map((def) => def.kind));
  // Benchmarks are not tests: they build operations as the CLI does.
  const files = sourceFiles([...SOURCE_ROOTS, "bench"]);
  const filesOf = new Map<string, string[]>([...kinds].map((kind) => [kind, []]));
  for (const file of files) {
    for (const kind of kindsIn(file, readFileSync(join(ROOT, file), "utf8"), kinds)) {
      filesOf.get(kind)?.push(file);
    }
  }

  it("finds each kind in its module under shared/operations/kinds/", () => {
    // A search that found nothing would pass the next test.
    for (const [kind, where] of filesOf) {
      expect(
        where.some((file) => file.startsWith("shared/operations/kinds/")),
        kind,
      ).toBe(true);
    }
  });

  it("tells a kind from the same word used otherwise", () => {
    const text = [
      'const a = { kind: "help" };',
      'if (op.kind === "help") {}',
      'const word = "help";',
      'const b = "track.now";',
    ].join("\n");
    expect([...kindsIn("x.ts", text, new Set(["help", "track.now"]))].sort()).toEqual([
      "help",
      "track.now",
    ]);
    expect([...kindsIn("y.ts", 'const w = ["help"];', new Set(["help"]))]).toEqual([]);
  });

  it(`no kind's name is in more than ${String(MAX_FILES)} source files`, () => {
    const spread = [...filesOf]
      .filter(([, where]) => where.length > MAX_FILES)
      .map(([kind, where]) => `${kind}: ${where.join(", ")}`);
    expect(spread).toEqual([]);
  });
});
