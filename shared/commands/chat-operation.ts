// Turns a chat line into the operation it asks for, once. Pure: no I/O. Arguments that do not
// fit a command give a `chat.invalid` operation: the core refuses it after the checks of the
// command's scope (voice, track, admin), so that the sender hears the same things in the same
// order as PTGbot's users did.
//
// A line is first held to the input rules (shared/domain/input-rules.ts): a command line that
// is too long, or holds NUL, other control characters or broken Unicode, is refused with one
// short reply whoever sends it, before it is parsed; tabs and line breaks become spaces. Every
// reply quotes at most an excerpt of what was typed.
import {
  LENGTH_LIMITS,
  badCharacter,
  cleanLine,
  excerpt,
  lineProblem,
} from "../domain/input-rules.js";
import { invalidOperation as invalid } from "../operations/kind.js";
import type { Operation, Scope } from "../operations/operation.js";
import { tableOperation } from "./chat-table.js";
import { parseMessage, stripReplyFallback, type Venue } from "./parse.js";

export type ChatCommand = { kind: "ignore" } | { kind: "operation"; operation: Operation };

const ADMIN: Scope = { kind: "admin" };
const ANYONE: Scope = { kind: "anyone" };

function userOperation(command: string, rest: string): Operation {
  return (
    tableOperation("+", command, rest, ANYONE) ??
    invalid(ANYONE, `Unknown command '${excerpt(command)}'`)
  );
}

function trackOperation(track: string, command: string | null, rest: string): Operation {
  const scope: Scope = { kind: "track", track };
  if (command === null) {
    return invalid(scope, `Missing track command (#${excerpt(track)} [now|next|clean...] ...)`);
  }
  const operation = tableOperation("#", command, rest, scope, track);
  if (operation !== null) return operation;
  const sentence = excerpt(`${command} ${rest}`, 40).replace(/…$/, "");
  return invalid(
    scope,
    `Unknown command '${excerpt(command)}'. Did you mean: ${excerpt(track)} now ${sentence}... ?`,
  );
}

function adminOperation(command: string, rest: string): Operation {
  return (
    tableOperation("~", command, rest, ADMIN) ??
    invalid(ADMIN, `Unknown command '${excerpt(command)}'`)
  );
}

/** The operation a chat line asks for, or `ignore` when it is not a command. */
export function chatOperation(body: string, venue: Venue): ChatCommand {
  const stripped = stripReplyFallback(body);
  // A line over the limit is not cleaned or parsed whole: its first word is enough.
  const tooLong = lineProblem(stripped);
  const line = cleanLine(tooLong === null ? stripped : stripped.slice(0, LENGTH_LIMITS.excerpt));
  const bad = tooLong === null ? badCharacter(line) : null;
  const refusal = tooLong ?? (bad === null ? null : `That message ${bad}`);
  if (refusal !== null) {
    // Only lines that address the bot get a reply; what people say to each other is ignored.
    const head = line.slice(0, LENGTH_LIMITS.excerpt).split(" ", 1)[0] ?? "";
    return parseMessage(head, venue).kind === "ignore"
      ? { kind: "ignore" }
      : { kind: "operation", operation: invalid(ANYONE, refusal) };
  }
  const parsed = parseMessage(line, venue);
  switch (parsed.kind) {
    case "ignore":
      return parsed;
    case "help":
      return { kind: "operation", operation: userOperation("help", "") };
    case "unknown-user-command":
      return {
        kind: "operation",
        operation: invalid(ANYONE, "Unknown user command. Should be: in, out, seen, or subscribe"),
      };
    case "user":
      return { kind: "operation", operation: userOperation(parsed.command, parsed.rest) };
    case "admin":
      return { kind: "operation", operation: adminOperation(parsed.command, parsed.rest) };
    case "track":
      return {
        kind: "operation",
        operation: trackOperation(parsed.track, parsed.command, parsed.rest),
      };
  }
}
