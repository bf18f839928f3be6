// Turns a chat message into a command to run, or says it is not one. Pure: no I/O. The words
// of the commands anyone may send come from the registry (chat-table.ts).
import { USER_COMMANDS } from "./chat-table.js";

export type ParsedMessage =
  | { kind: "ignore" }
  | { kind: "help" }
  | { kind: "track"; track: string; command: string | null; rest: string }
  | { kind: "user"; command: string; rest: string }
  | { kind: "admin"; command: string; rest: string }
  | { kind: "unknown-user-command" };

/** Where a message was read: an event room, or a direct-message room with the bot. */
export type Venue = "event-room" | "direct";

/** Removes a reply's quoted fallback (leading lines that start with `> `, and the blank after). */
export function stripReplyFallback(body: string): string {
  const lines = body.split("\n");
  let i = 0;
  while (i < lines.length && lines[i]?.startsWith(">")) i++;
  if (i === 0) return body;
  while (i < lines.length && lines[i]?.trim() === "") i++;
  return lines.slice(i).join("\n");
}

function splitFirstWord(text: string): [string, string] {
  const match = /^(\S+)\s*([\s\S]*)$/.exec(text.trim());
  return match ? [match[1] ?? "", (match[2] ?? "").trim()] : ["", ""];
}

const isUserCommand = (word: string): boolean => USER_COMMANDS.includes(word);

export function parseMessage(body: string, venue: Venue): ParsedMessage {
  const text = stripReplyFallback(body).trim();
  const [first, rest] = splitFirstWord(text);
  if (first === "")
    return venue === "direct" ? { kind: "unknown-user-command" } : { kind: "ignore" };
  const lower = first.toLowerCase();
  const prefix = lower[0];
  const word = lower.slice(1);

  if (venue === "direct") {
    const bare = prefix === "#" || prefix === "+" ? word : lower;
    if (bare === "help" || (prefix === "~" && word === "help")) return { kind: "help" };
    if (isUserCommand(bare)) return { kind: "user", command: bare, rest };
    return { kind: "unknown-user-command" };
  }

  if ((prefix === "#" || prefix === "+" || prefix === "~") && word === "help") {
    return { kind: "help" };
  }
  if ((prefix === "#" || prefix === "+") && isUserCommand(word)) {
    return { kind: "user", command: word, rest };
  }
  if (prefix === "#" && word !== "") {
    const [command, params] = splitFirstWord(rest);
    return {
      kind: "track",
      track: word,
      command: command === "" ? null : command.toLowerCase(),
      rest: params,
    };
  }
  if (prefix === "~" && word !== "") return { kind: "admin", command: word, rest };
  return { kind: "ignore" };
}
