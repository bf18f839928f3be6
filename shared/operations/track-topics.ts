// Which track rooms' topics an applied change may have changed (issue 20): one outbox row per
// track room in the change's scope, queued in the command's transaction. The row names the
// track, not the text: the bot reads the track's status when it delivers, so a burst of
// changes coalesces, and a topic that would not change is not sent (bot/delivery/track-topic.ts).
// A room that stopped being a track's room (`~trackroom none`, the track deleted, the room bound
// to another event, an import) gets a row too: delivered, it finds the room no longer the
// track's, removes the track's video widget and leaves the topic alone.
import type { ChangeScope, Queryable } from "../store/events.js";
import type { OutboxEntry } from "../store/outbox.js";
import type { EventRoom } from "../store/room-status.js";
import { eventTrackRooms } from "../store/track-rooms.js";

/** Track name → room id, as before an operation, when it may unbind a room; else null. */
export type TrackRoomsBefore = ReadonlyMap<string, string> | null;

/**
 * The event's track rooms before an operation whose scope may unbind one (the whole event, or
 * any part: rooms, chat rooms…); null for changes of named tracks or of the event's row only.
 */
export async function trackRoomsBefore(
  db: Queryable,
  eventId: number,
  scope: ChangeScope | undefined,
): Promise<TrackRoomsBefore> {
  const mayUnbind = scope === undefined || (scope.parts ?? []).length > 0;
  return mayUnbind ? eventTrackRooms(db, eventId) : null;
}

export function trackTopicEntries(
  eventRooms: readonly EventRoom[],
  event: { slug: string },
  scope: ChangeScope | undefined,
  before: TrackRoomsBefore = null,
): OutboxEntry[] {
  const rooms = new Map<string, string>();
  for (const room of eventRooms) if (room.track !== null) rooms.set(room.track, room.roomId);
  if (rooms.size === 0 && (before === null || before.size === 0)) return [];
  // The whole event, or any of its parts (schedule, rooms…): every track room; a change of
  // named tracks: theirs; of the event's own row only: none.
  // A room bound or unbound (chatRooms alone) changes the topics of the tracks it names only.
  const everything = scope === undefined || (scope.parts ?? []).some((p) => p !== "chatRooms");
  const tracks = new Set((scope?.tracks ?? []).map((t) => t.toLowerCase()));
  const bound = [...rooms].filter(([track]) => everything || tracks.has(track));
  // Rooms that were a track's and are no track's now (another track's room hears from that one).
  const now = new Set(rooms.values());
  const left = [...(before ?? [])].filter(([track, roomId]) => rooms.get(track) !== roomId);
  return [...bound, ...left.filter(([, roomId]) => !now.has(roomId))].map(([track, roomId]) => ({
    destination: { kind: "matrix.room", roomId, to: null },
    message: { kind: "track-topic", eventSlug: event.slug, track },
  }));
}
