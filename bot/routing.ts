// Which timeline events the bot treats as commands, and where they were said. Pure.
//
// Looked at: `m.room.message` with msgtype `m.text` from someone other than the bot, sent after
// the bot joined the room, whose text the core's parser does not ignore. Never: `m.notice`
// (bots, including this one), `m.emote` (`/me ...` is an action, not a command, as on IRC),
// edits (`m.replace` / `m.new_content`: the original was already read), or messages from
// before the bot's join (by position in the timeline and by timestamp).
import { parseMessage, type Venue } from "../shared/commands/parse.js";
import { parseMessageContent, type RoomEvent } from "./matrix-events.js";

export type Route =
  { kind: "command"; text: string; venue: Venue } | { kind: "skip"; reason: string };

export interface RoomContext {
  botUserId: string;
  /** The room is a direct chat with the bot (m.direct). */
  isDirect: boolean;
  /** When the bot joined the room, if the bot saw its join event. */
  joinedAt: number | undefined;
  /** The event comes before the bot's join in the same timeline. */
  beforeJoin: boolean;
}

export function routeEvent(event: RoomEvent, room: RoomContext): Route {
  if (event.type !== "m.room.message") return { kind: "skip", reason: "not a message" };
  if (event.sender === room.botUserId) return { kind: "skip", reason: "from the bot" };
  if (room.beforeJoin || (room.joinedAt !== undefined && event.originServerTs < room.joinedAt)) {
    return { kind: "skip", reason: "from before the bot joined" };
  }
  const message = parseMessageContent(event.content);
  if (message === null) return { kind: "skip", reason: "no text" };
  if (message.isEdit) return { kind: "skip", reason: "an edit" };
  if (message.msgtype !== "m.text") return { kind: "skip", reason: `a ${message.msgtype}` };
  const venue: Venue = room.isDirect ? "direct" : "event-room";
  if (parseMessage(message.body, venue).kind === "ignore") {
    return { kind: "skip", reason: "not a command" };
  }
  return { kind: "command", text: message.body, venue };
}
