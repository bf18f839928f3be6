// Which timeline events the bot treats as commands, and where they were said. Pure.
//
// Looked at: `m.room.message` with msgtype `m.text` from someone other than the bot, sent after
// the bot joined the room, whose text the core's parser does not ignore. Never: `m.notice`
// (bots, including this one), `m.emote` (`/me ...` is an action, not a command, as on IRC),
// edits (`m.replace` / `m.new_content`: the original was already read), or messages from
// before the bot's join (by position in the timeline and by timestamp), except, in a direct room
// the bot was invited to, what the inviter wrote after the invite (early-direct.ts).
//
// Each non-empty line of a message (after its reply fallback) is a message of its own: IRC
// bridges send lines that one nick pastes together as one multi-line message. Line i > 0 gets
// the message id `<event id>#<i>`, so that a redelivered event applies each line once. At most
// MAX_COMMAND_LINES lines of a message are run; the rest get one reply saying so.
import { chatOperation } from "../../shared/commands/chat-operation.js";
import { invalidOperation } from "../../shared/operations/kind.js";
import { stripReplyFallback, type Venue } from "../../shared/commands/parse.js";
import type { Operation } from "../../shared/operations/operation.js";
import { isEarlyDirectMessage, type BotInvite } from "./early-direct.js";
import { parseMessageContent, type RoomEvent } from "../matrix/matrix-events.js";

/** One line of a message that is a command, with the message id the core logs it under. */
export interface CommandLine {
  messageId: string;
  text: string;
}

/** A line that is a command, with the operation it asks for (parsed here, once). */
export interface CommandOperation extends CommandLine {
  operation: Operation;
}

export type Route =
  | { kind: "command"; venue: Venue; commands: CommandOperation[] }
  | { kind: "skip"; reason: string };

/** The non-empty lines of a message body, without its reply fallback, with their message ids. */
export function messageLines(eventId: string, body: string): CommandLine[] {
  return stripReplyFallback(body)
    .split(/\r\n?|\n/)
    .filter((line) => line.trim() !== "")
    .map((text, i) => ({ messageId: i === 0 ? eventId : `${eventId}#${String(i)}`, text }));
}

export interface RoomContext {
  botUserId: string;
  /** The room is a direct chat with the bot (m.direct). */
  isDirect: boolean;
  /** When the bot joined the room, if the bot saw its join event. */
  joinedAt: number | undefined;
  /** The event comes before the bot's join in the same timeline. */
  beforeJoin: boolean;
  /** The bot's invite into the room, when the bot saw it. */
  invite?: BotInvite | undefined;
}

export function routeEvent(event: RoomEvent, room: RoomContext): Route {
  if (event.type !== "m.room.message") return { kind: "skip", reason: "not a message" };
  if (event.sender === room.botUserId) return { kind: "skip", reason: "from the bot" };
  const early =
    room.beforeJoin || (room.joinedAt !== undefined && event.originServerTs < room.joinedAt);
  if (early && !isEarlyDirectMessage(event, { ...room, invite: room.invite })) {
    return { kind: "skip", reason: "from before the bot joined" };
  }
  const message = parseMessageContent(event.content);
  if (message === null) return { kind: "skip", reason: "no text" };
  if (message.isEdit) return { kind: "skip", reason: "an edit" };
  if (message.msgtype !== "m.text") return { kind: "skip", reason: `a ${message.msgtype}` };
  const venue: Venue = room.isDirect ? "direct" : "event-room";
  const commands = messageLines(event.eventId, message.body).flatMap((line) => {
    const parsed = chatOperation(line.text, venue);
    return parsed.kind === "ignore" ? [] : [{ ...line, operation: parsed.operation }];
  });
  if (commands.length === 0) return { kind: "skip", reason: "not a command" };
  return { kind: "command", venue, commands: capped(commands) };
}

/** At most this many command lines of one message are run, so one message gets few replies. */
export const MAX_COMMAND_LINES = 10;

/** The first MAX_COMMAND_LINES commands, and for the rest one line that says they were not run. */
function capped(commands: CommandOperation[]): CommandOperation[] {
  const over = commands[MAX_COMMAND_LINES];
  if (over === undefined) return commands;
  const left = commands.length - MAX_COMMAND_LINES;
  return [
    ...commands.slice(0, MAX_COMMAND_LINES),
    {
      ...over,
      operation: invalidOperation(
        { kind: "anyone" },
        `Only the first ${String(MAX_COMMAND_LINES)} command lines of a message are run; send the other ${String(left)} again`,
      ),
    },
  ];
}
