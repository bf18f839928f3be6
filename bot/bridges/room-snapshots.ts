// The members, display names and bridges of the rooms bound to events, as bridged users'
// notifications need them (bridged-users.ts), read from the homeserver once per room and kept
// until the room's state changes: any state event in its timeline (a join, a leave, a new
// display name, a bridge's MSC2346 event) drops the room's snapshot, and so does leaving the
// room. A snapshot is also read again after `ttlMs`, should a state change have been missed (a
// gap in a limited sync). So a notification costs no state request while nothing changed.
import type { EventRoom } from "./bridged-users.js";
import type { RoomEvent } from "../matrix/matrix-events.js";

export class RoomSnapshots {
  private readonly rooms = new Map<string, { room: Promise<EventRoom>; readAt: number }>();

  constructor(
    private readonly read: (roomId: string) => Promise<EventRoom>,
    private readonly ttlMs = 10 * 60_000,
  ) {}

  /** The room as last read (a read under way is shared); a failed read is not kept. */
  get(roomId: string): Promise<EventRoom> {
    const kept = this.rooms.get(roomId);
    if (kept !== undefined && Date.now() - kept.readAt < this.ttlMs) return kept.room;
    const entry = { room: this.read(roomId), readAt: Date.now() };
    this.rooms.set(roomId, entry);
    entry.room.catch(() => {
      if (this.rooms.get(roomId) === entry) this.rooms.delete(roomId);
    });
    return entry.room;
  }

  /** Called for every timeline event, in order: a state event makes the room be read again. */
  observe(roomId: string, event: RoomEvent): void {
    if (event.stateKey !== undefined) this.rooms.delete(roomId);
  }

  forget(roomId: string): void {
    this.rooms.delete(roomId);
  }
}
