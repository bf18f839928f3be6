// Verbs that replace an event's schedule: its days and slots, its rooms and their bookings.
import { sql, type Transaction } from "kysely";
import type { Database } from "../db/schema.js";
import type { Queryable } from "./events.js";

type Trx = Transaction<Database>;

/** Slot code → id, for the event's slots. */
export async function slotIds(db: Queryable, eventId: number): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom("slots")
    .select(["id", "code"])
    .where("event_id", "=", eventId)
    .execute();
  return new Map(rows.map((r) => [r.code, r.id]));
}

/** Track names booked in the event's schedule, with the slot code. */
export async function bookedTracks(db: Queryable, eventId: number) {
  return db
    .selectFrom("bookings")
    .innerJoin("rooms", "rooms.id", "bookings.room_id")
    .innerJoin("slots", "slots.id", "bookings.slot_id")
    .innerJoin("tracks", "tracks.id", "bookings.track_id")
    .select(["tracks.name", "slots.code"])
    .where("rooms.event_id", "=", eventId)
    .execute();
}

/**
 * Replaces the event's slots with these (in day and slot order). A slot that stays keeps its
 * row, and so its bookings and duration. Returns slot code → id.
 */
export async function replaceSlots(
  trx: Trx,
  eventId: number,
  days: { name: string; slots: { code: string; label: string; startsAt: Date | null }[] }[],
): Promise<Map<string, number>> {
  const rows = days.flatMap((day, dayPosition) =>
    day.slots.map((slot, position) => ({
      event_id: eventId,
      day: day.name,
      day_position: dayPosition,
      position,
      code: slot.code,
      label: slot.label,
      starts_at: slot.startsAt,
    })),
  );
  let gone = trx.deleteFrom("slots").where("event_id", "=", eventId);
  if (rows.length > 0) {
    gone = gone.where(
      "code",
      "not in",
      rows.map((r) => r.code),
    );
  }
  await gone.execute();
  if (rows.length === 0) return new Map();
  const saved = await trx
    .insertInto("slots")
    .values(rows)
    .onConflict((oc) =>
      oc.columns(["event_id", "code"]).doUpdateSet((eb) => ({
        day: eb.ref("excluded.day"),
        day_position: eb.ref("excluded.day_position"),
        position: eb.ref("excluded.position"),
        label: eb.ref("excluded.label"),
        starts_at: eb.ref("excluded.starts_at"),
      })),
    )
    .returning(["id", "code"])
    .execute();
  return new Map(saved.map((r) => [r.code, r.id]));
}

export interface RoomRecord {
  name: string;
  description: string | null;
  capabilityIcon: string | null;
  capabilityDescription: string | null;
  meetingUrl: string | null;
  /** Slot id → track id (null: available). */
  bookings: { slotId: number; trackId: number | null }[];
}

/** Replaces the event's rooms (in this order) and their bookings. */
export async function replaceRooms(
  trx: Trx,
  eventId: number,
  rooms: RoomRecord[],
  chunkSize: number,
): Promise<void> {
  await trx.deleteFrom("rooms").where("event_id", "=", eventId).execute();
  if (rooms.length === 0) return;
  const saved = await trx
    .insertInto("rooms")
    .values(
      rooms.map((room, position) => ({
        event_id: eventId,
        name: room.name,
        position,
        description: room.description,
        capability_icon: room.capabilityIcon,
        capability_description: room.capabilityDescription,
        meeting_url: room.meetingUrl,
      })),
    )
    .returning(["id", "name"])
    .execute();
  const ids = new Map(saved.map((r) => [r.name, r.id]));
  const bookings = rooms.flatMap((room) =>
    room.bookings.map((b) => ({
      room_id: ids.get(room.name) ?? -1,
      slot_id: b.slotId,
      track_id: b.trackId,
    })),
  );
  for (let i = 0; i < bookings.length; i += chunkSize) {
    await trx
      .insertInto("bookings")
      .values(bookings.slice(i, i + chunkSize))
      .execute();
  }
}

/** How many tracks, rooms, slots and booked (room, slot) pairs the event has. */
export async function scheduleTotals(db: Queryable, eventId: number) {
  const count = sql<number>`count(*)::int`.as("n");
  const tracks = await db
    .selectFrom("tracks")
    .select(count)
    .where("event_id", "=", eventId)
    .executeTakeFirstOrThrow();
  const rooms = await db
    .selectFrom("rooms")
    .select(count)
    .where("event_id", "=", eventId)
    .executeTakeFirstOrThrow();
  const slots = await db
    .selectFrom("slots")
    .select(count)
    .where("event_id", "=", eventId)
    .executeTakeFirstOrThrow();
  const bookings = await db
    .selectFrom("bookings")
    .innerJoin("rooms", "rooms.id", "bookings.room_id")
    .select(count)
    .where("rooms.event_id", "=", eventId)
    .where("bookings.track_id", "is not", null)
    .executeTakeFirstOrThrow();
  return { tracks: tracks.n, rooms: rooms.n, slots: slots.n, bookings: bookings.n };
}
