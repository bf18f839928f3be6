// Walks the operation registry: every kind is declared once, has a help line, parses its own
// chat example back to itself, and every widget action is one kind's (the OpenAPI side:
// test/server/action-docs.test.ts).
import { describe, expect, it } from "vitest";
import { WIDGET_ACTIONS } from "../../server/routes/actions.js";
import { chatOperation } from "../../shared/commands/chat-operation.js";
import { USER_COMMANDS } from "../../shared/commands/chat-table.js";
import { ACTION_BODIES } from "../../shared/operations/action-bodies.js";
import { helpText } from "../../shared/operations/help.js";
import { KINDS, kindOf } from "../../shared/operations/registry.js";

describe("the operation registry", () => {
  it("declares each kind once", () => {
    const kinds = KINDS.map((def) => def.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    for (const kind of kinds) expect(kindOf(kind).kind).toBe(kind);
  });

  it.each(KINDS.map((def) => [def.kind, def] as const))("%s has a help line", (_kind, def) => {
    expect(def.help.length).toBeGreaterThan(0);
    for (const line of def.help) {
      expect(line.syntax.trim()).not.toBe("");
      expect(line.what.trim()).not.toBe("");
    }
  });

  it.each(
    KINDS.flatMap((def) => (def.chat === null ? [] : [[def.kind, def.chat.example] as const])),
  )("%s parses its own example (%s) back to itself", (kind, example) => {
    const parsed = chatOperation(example, "event-room");
    expect(parsed.kind).toBe("operation");
    if (parsed.kind === "operation") expect(parsed.operation.kind).toBe(kind);
  });

  it("lists every + command word in the chat parser's table", () => {
    for (const def of KINDS) {
      if (def.chat?.prefix !== "+" || def.kind === "help") continue;
      for (const word of def.chat.words) expect(USER_COMMANDS).toContain(word);
    }
  });

  it("names every chat command in the short help", () => {
    const text = helpText("https://ptg.example.org/help");
    for (const def of KINDS) {
      if (def.chat === null || def.chat.brief === "") continue;
      expect(text).toContain(def.chat.brief);
    }
  });

  it("gives every widget action exactly one kind", () => {
    const actions = WIDGET_ACTIONS.map((w) => w.action);
    expect(new Set(actions).size).toBe(actions.length);
    expect([...actions].sort()).toEqual(Object.keys(ACTION_BODIES).sort());
  });
});
