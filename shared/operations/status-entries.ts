// Which rooms' pinned status messages an applied change may have changed (issue 20): one outbox
// row per event room that may show one, queued in the command's transaction. As with topics
// (track-topics.ts), the row names the event, not the text: the bot reads the status when it
// delivers (bot/delivery/room-status.ts), decides there whether the room shows one (an IRC bridge in
// the room turns the default off), and sends nothing when the text would not change.
import type { ChangePart, ChangeScope } from "../store/events.js";
import type { OutboxEntry } from "../store/outbox.js";
import type { StatusRoom } from "../store/room-status.js";

const STATUS_PARTS: readonly ChangePart[] = ["schedule", "rooms", "chatRooms"];

export function statusEntries(
  rooms: readonly StatusRoom[],
  event: { slug: string },
  scope: ChangeScope | undefined,
): OutboxEntry[] {
  // What the message shows comes from the tracks, the schedule and rooms (locations, rooms'
  // links), and which rooms show one from the chat rooms; banners, check-ins and the like
  // change nothing in it.
  if (
    scope !== undefined &&
    (scope.tracks ?? []).length === 0 &&
    !(scope.parts ?? []).some((part) => STATUS_PARTS.includes(part))
  ) {
    return [];
  }
  return (
    rooms
      // Rooms that may show one, and rooms that show one they no longer should (it is unpinned).
      .filter(
        (room) =>
          room.hasMessage || (room.mode !== "off" && (room.mode === "on" || !room.trackRoom)),
      )
      .map((room) => ({
        destination: { kind: "matrix.room", roomId: room.roomId, to: null },
        message: { kind: "room-status", eventSlug: event.slug },
      }))
  );
}
