// Which track rooms' topics an applied change may have changed (issue 20): one outbox row per
// track room in the change's scope, queued in the command's transaction. The row names the
// track, not the text: the bot reads the track's status when it delivers, so a burst of
// changes coalesces, and a topic that would not change is not sent (bot/delivery/track-topic.ts).
import type { ChangeScope } from "../store/events.js";
import type { OutboxEntry } from "../store/outbox.js";
import type { EventRoom } from "../store/room-status.js";

export function trackTopicEntries(
  eventRooms: readonly EventRoom[],
  event: { slug: string },
  scope: ChangeScope | undefined,
): OutboxEntry[] {
  const rooms = new Map<string, string>();
  for (const room of eventRooms) if (room.track !== null) rooms.set(room.track, room.roomId);
  if (rooms.size === 0) return [];
  // The whole event, or any of its parts (schedule, rooms…): every track room; a change of
  // named tracks: theirs; of the event's own row only: none.
  // A room bound or unbound (chatRooms alone) changes the topics of the tracks it names only.
  const everything = scope === undefined || (scope.parts ?? []).some((p) => p !== "chatRooms");
  const tracks = new Set((scope?.tracks ?? []).map((t) => t.toLowerCase()));
  return [...rooms]
    .filter(([track]) => everything || tracks.has(track))
    .map(([track, roomId]) => ({
      destination: { kind: "matrix.room", roomId, to: null },
      message: { kind: "track-topic", eventSlug: event.slug, track },
    }));
}
