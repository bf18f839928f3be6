// The outbox rows an applied change queues for the event's rooms: track rooms' topics
// (track-topics.ts), then pinned status messages (status-entries.ts), from one read of the
// event's rooms in the command's transaction.
import type { ChangeScope, Queryable } from "../store/events.js";
import type { OutboxEntry } from "../store/outbox.js";
import { eventRooms, type EventRoom } from "../store/room-status.js";
import { statusEntries } from "./status-entries.js";
import { type TrackRoomsBefore, trackTopicEntries } from "./track-topics.js";

export async function changeEntries(
  db: Queryable,
  event: { id: number; slug: string },
  scope: ChangeScope | undefined,
  /** The track rooms before the change, when it may have unbound one (track-topics.ts). */
  before: TrackRoomsBefore = null,
  /** The event's rooms, when read already (by an operation that cannot change them). */
  known?: readonly EventRoom[],
): Promise<OutboxEntry[]> {
  const rooms = known ?? (await eventRooms(db, event.id));
  if (rooms.length === 0 && (before === null || before.size === 0)) return [];
  return [...trackTopicEntries(rooms, event, scope, before), ...statusEntries(rooms, event, scope)];
}
