// The chat parser's table, compiled from the registry: which kinds a command word (after its
// prefix) may stand for, tried in the registry's order until one takes the line. A word with
// sub-words (`~motd add`) refuses a missing or unknown sub-word itself.
import { excerpt } from "../domain/input-rules.js";
import type { ChatArgs, ChatSyntax } from "../operations/kind.js";
import { invalidOperation } from "../operations/kind.js";
import type { Operation, Scope } from "../operations/operation.js";
import { KINDS } from "../operations/registry.js";
import { toArgs } from "./args.js";

type Prefix = ChatSyntax<unknown>["prefix"];

interface Entry {
  prefix: Prefix;
  /** The command word and, for `motd add`, its sub-word. */
  word: string;
  sub: string | null;
  /** An alias (`clear` for `clean`): not named in usage refusals. */
  alias: boolean;
  parse: (args: ChatArgs) => Operation | null;
}

const ENTRIES: Entry[] = KINDS.flatMap((def) => {
  const chat = def.chat as ChatSyntax<Operation> | null;
  if (chat === null) return [];
  return chat.words.map((words, index) => {
    const [word = "", sub = null] = words.split(" ");
    return { prefix: chat.prefix, word, sub, alias: index > 0, parse: chat.parse };
  });
});

/** The words of the commands anyone may send (`+in`, `+follow`…; help is read before them). */
export const USER_COMMANDS: readonly string[] = [
  ...new Set(ENTRIES.filter((e) => e.prefix === "+" && e.word !== "help").map((e) => e.word)),
];

/**
 * The operation `word rest` asks for under `prefix`, or null when no kind has that word.
 * `track`: the track of a `#TRACK word` line.
 */
export function tableOperation(
  prefix: Prefix,
  word: string,
  rest: string,
  scope: Scope,
  track = "",
): Operation | null {
  let entries = ENTRIES.filter((e) => e.prefix === prefix && e.word === word);
  if (entries.length === 0) return null;
  const invalid = (reply: string) => invalidOperation(scope, reply);
  let args = toArgs(rest);
  const subs = [...new Set(entries.flatMap((e) => (e.sub === null || e.alias ? [] : [e.sub])))];
  if (subs.length > 0) {
    const [sub] = args.words;
    const prefixed = `${prefix}${word}`;
    if (sub === undefined) return invalid(`Missing subcommand (${prefixed} ${subs.join("|")} ...)`);
    entries = entries.filter((e) => e.sub === sub.toLowerCase());
    if (entries.length === 0) return invalid(`Unknown ${word} subcommand ${excerpt(sub)}`);
    args = toArgs(args.text.slice(sub.length));
  }
  for (const entry of entries) {
    const operation = entry.parse({ ...args, word, track, invalid });
    if (operation !== null) return operation;
  }
  return null;
}
