// Folder graphs and their cycles. A folder imports another when one of its files imports one of
// the other's; a cycle is a set of folders that all reach each other that way (a strongly
// connected component of two or more, found with Tarjan's algorithm).
import type { Import } from "./sources.js";

/** For each folder, the folders it imports, each with one import that shows it. */
export type FolderGraph = Map<string, Map<string, Import>>;

export function folderGraph(
  imports: readonly Import[],
  folderOf: (file: string) => string | null,
): FolderGraph {
  const graph: FolderGraph = new Map();
  for (const edge of imports) {
    const from = folderOf(edge.from);
    const to = folderOf(edge.to);
    if (from === null || to === null || from === to) continue;
    const targets = graph.get(from) ?? new Map<string, Import>();
    graph.set(from, targets);
    if (!targets.has(to)) targets.set(to, edge);
  }
  return graph;
}

/** The folder cycles, each described by the imports that close it (`a → b (a/x.ts → b/y.ts)`). */
export function cycles(graph: FolderGraph): string[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let next = 0;

  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next);
    next++;
    stack.push(node);
    onStack.add(node);
    for (const target of graph.get(node)?.keys() ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(target) ?? 0));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(target) ?? 0));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);

  return found.map((component) => {
    const members = new Set(component);
    const edges = component.flatMap((from) =>
      [...(graph.get(from) ?? [])]
        .filter(([to]) => members.has(to))
        .map(([to, edge]) => `${from} → ${to} (${edge.from} imports ${edge.to})`),
    );
    return `${component.join(" ⇄ ")}:\n  ${edges.join("\n  ")}`;
  });
}
