// Both help texts, compiled from the registry: the chat's short help (three lines, with a link
// to the full help) from each kind's `brief`, and the help page's sections from its help lines.
import type { HelpLine } from "./kind.js";
import { KINDS } from "./registry.js";

type Prefix = "#" | "+" | "~";

/** The kinds typed with this prefix, in registry order: their chat syntax and help lines. */
const chatKinds = (prefix: Prefix) =>
  KINDS.flatMap(({ chat, help }) =>
    chat !== null && chat.prefix === prefix ? [{ brief: chat.brief, help }] : [],
  );

/** The distinct short-help pieces of a prefix's kinds. */
const briefs = (prefix: Prefix): string[] => [
  ...new Set(chatKinds(prefix).flatMap(({ brief }) => (brief === "" ? [] : [brief]))),
];

/** The short help: three lines, with a link to the full help. */
export function helpText(helpUrl: string): string {
  return [
    `Track moderators: ${briefs("#").join(", ")}`,
    `Everyone: ${briefs("+").join(", ")}. Admins: ${briefs("~").join(" ")}`,
    `Full help: ${helpUrl}`,
  ].join("\n");
}

/** The help page's rows for a prefix's kinds (rows kinds share are shown once). */
export function helpLines(prefix: Prefix): HelpLine[] {
  const seen = new Set<string>();
  return chatKinds(prefix)
    .flatMap(({ help }) => help)
    .filter((line) => !seen.has(line.syntax) && seen.add(line.syntax));
}
