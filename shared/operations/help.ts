// Both help texts, compiled from the registry: the chat's short help (three lines, with a link
// to the full help) from each kind's `brief`, and the help page's sections from its help lines.
import type { HelpLine } from "./kind.js";
import { KINDS } from "./registry.js";

type Prefix = "#" | "+" | "~";

const chatKinds = (prefix: Prefix) =>
  KINDS.flatMap((def) => (def.chat !== null && def.chat.prefix === prefix ? [def] : []));

/** The distinct short-help pieces of a prefix's kinds, in registry order. */
const briefs = (prefix: Prefix): string[] => [
  ...new Set(chatKinds(prefix).flatMap((def) => (def.chat.brief === "" ? [] : [def.chat.brief]))),
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
    .flatMap((def) => def.help)
    .filter((line) => !seen.has(line.syntax) && seen.add(line.syntax));
}
