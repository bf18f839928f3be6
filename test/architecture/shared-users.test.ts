// shared/ holds what more than one adapter needs (issue 19): beside the core's own layers (the
// database, the store, operations and chat commands, schedules and the PTGbot format, which the
// CLI, the bot, the console and the server all stand on), a helper module in shared/ is used by
// two adapters at least. One only the server uses lives under server/, and so on.
//
// An adapter uses a shared module when one of its files imports it, or imports a shared module
// that does (type-only imports count: a shared type is shared code).
import { describe, expect, it } from "vitest";
import { importsOf, sourceFiles, type Import } from "./sources.js";

const ADAPTERS = ["bin", "bot", "console", "server", "widget"];
const CORE_LAYERS = ["db", "store", "operations", "commands", "schedule", "ptgbot"];

/** For each shared module, the adapters that use it, directly or through other shared modules. */
export function adaptersUsing(imports: readonly Import[]): Map<string, Set<string>> {
  const users = new Map<string, Set<string>>();
  const usersOf = (file: string): Set<string> => {
    const found = users.get(file) ?? new Set<string>();
    users.set(file, found);
    return found;
  };
  const inShared = imports.filter((edge) => edge.to.startsWith("shared/"));
  for (const edge of inShared) usersOf(edge.to);
  let changed = true;
  while (changed) {
    changed = false;
    for (const edge of inShared) {
      const area = edge.from.split("/")[0] ?? "";
      const add = ADAPTERS.includes(area)
        ? [area]
        : area === "shared"
          ? [...usersOf(edge.from)]
          : [];
      const target = usersOf(edge.to);
      for (const adapter of add) {
        if (target.has(adapter)) continue;
        target.add(adapter);
        changed = true;
      }
    }
  }
  return users;
}

const isHelper = (file: string): boolean => {
  const parts = file.split("/");
  return parts[0] === "shared" && !(parts.length > 2 && CORE_LAYERS.includes(parts[1] ?? ""));
};

describe("shared/", () => {
  const imports = sourceFiles().flatMap((file) => importsOf(file));
  const users = adaptersUsing(imports);

  it("follows use through shared modules", () => {
    const toy: Import[] = [
      { from: "server/a.ts", to: "shared/x/one.ts", typeOnly: false },
      { from: "shared/x/one.ts", to: "shared/x/two.ts", typeOnly: true },
      { from: "bot/b.ts", to: "shared/x/two.ts", typeOnly: false },
    ];
    const toyUsers = adaptersUsing(toy);
    expect([...(toyUsers.get("shared/x/one.ts") ?? [])]).toEqual(["server"]);
    expect([...(toyUsers.get("shared/x/two.ts") ?? [])].sort()).toEqual(["bot", "server"]);
    expect(users.get("shared/domain/slug.ts")?.size).toBeGreaterThan(1);
  });

  it("holds no helper module that fewer than two adapters use", () => {
    const helpers = sourceFiles(["shared"]).filter(isHelper);
    expect(helpers.length).toBeGreaterThan(20);
    const single = helpers
      .map((file) => ({ file, by: [...(users.get(file) ?? [])].sort() }))
      .filter(({ by }) => by.length < 2)
      .map(({ file, by }) => `${file}: ${by.join(", ") || "no adapter"}`);
    expect(single).toEqual([]);
  });
});
