// Widget actions are seen in the room: a track moderator's or an admin's action posts, in the
// room it was made for, the reply the chat command would post, addressed to the actor and marked
// as coming from the widget. Where the chat command gets no reply (`#nova now …`: the room saw
// the command itself), the room is told the command. Attendee actions (check in, follow) are
// answered in the widget only. The reply goes through the outbox, in the action's transaction,
// like every other reply.
import type { OperationKind } from "../auth/widget-authorization.js";
import type { Addressee, Destination } from "../../shared/domain/destination.js";

/** Ends the body of every room reply to a widget action. */
export const FROM_THE_WIDGET = "(from the widget)";

/** What the room is told of a widget action: the chat's reply, else the command; marked. */
export function roomTextOf(reply: string, command: string): string {
  return `${reply === "" ? command : reply} ${FROM_THE_WIDGET}`;
}

/** Where the reply to a widget action goes: the room for moderator and admin actions, else nowhere. */
export function roomReplyFor(
  kind: OperationKind,
  roomId: string,
  actor: Addressee,
): Destination | null {
  return kind === "user" ? null : { kind: "matrix.room", roomId, to: actor };
}
