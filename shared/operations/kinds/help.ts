// The help kind: `#help` (also `+help`, `~help`, and `help` in a direct message) answers with the
// short help (help.ts, compiled from the registry) and a link to the full help page.
import { helpText } from "../help.js";
import { unchanged } from "../context.js";
import type { KindDef } from "../kind.js";

export type HelpInput = { kind: "help" };
export type HelpResult = { kind: "help"; helpUrl: string };

export const help: KindDef<HelpInput, HelpResult> = {
  kind: "help",
  scope: "anyone",
  chat: {
    prefix: "+",
    words: ["help"],
    example: "#help",
    brief: "",
    parse: () => ({ kind: "help" }),
  },
  help: [{ syntax: "#help", what: "A short reminder of the commands, with a link to this page." }],
  run: (ctx) => Promise.resolve(unchanged({ kind: "help", helpUrl: ctx.helpUrl } as const)),
  render: (result) => helpText(result.helpUrl),
  changes: () => undefined,
  widget: null,
};
