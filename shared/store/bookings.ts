// Bookings: (room, slot) → track, or available.
import { sql, type Transaction } from "kysely";
import type { Database } from "../db/schema.js";
import type { Queryable } from "./events.js";

export interface RoomSlot {
  room: string;
  slot: string;
}

/** Splits `ROOM-SLOT` at its last `-` (room names may hold spaces and dashes). */
export function parseRoomSlot(text: string): RoomSlot | null {
  const at = text.lastIndexOf("-");
  if (at <= 0 || at === text.length - 1) return null;
  return { room: text.slice(0, at).trim(), slot: text.slice(at + 1).trim() };
}

export interface BookingRow {
  roomId: number;
  slotId: number;
  room: string;
  slot: string;
  trackId: number | null;
  trackName: string | null;
}

/** The booking row for a room and slot code (both matched case-insensitively), if the room offers it. */
export async function findBooking(
  db: Queryable,
  eventId: number,
  where: RoomSlot,
): Promise<BookingRow | undefined> {
  return db
    .selectFrom("bookings")
    .innerJoin("rooms", "rooms.id", "bookings.room_id")
    .innerJoin("slots", "slots.id", "bookings.slot_id")
    .leftJoin("tracks", "tracks.id", "bookings.track_id")
    .select([
      "rooms.id as roomId",
      "slots.id as slotId",
      "rooms.name as room",
      "slots.code as slot",
      "bookings.track_id as trackId",
      "tracks.name as trackName",
    ])
    .where("rooms.event_id", "=", eventId)
    .where(sql`lower(rooms.name)`, "=", where.room.toLowerCase())
    .where(sql`lower(slots.code)`, "=", where.slot.toLowerCase())
    .executeTakeFirst();
}

/** Every booking of an event (room id, slot code, track name or null), in schedule order. */
export async function eventBookings(
  db: Queryable,
  eventId: number,
): Promise<{ room_id: number; code: string; track: string | null }[]> {
  return db
    .selectFrom("bookings")
    .innerJoin("rooms", "rooms.id", "bookings.room_id")
    .innerJoin("slots", "slots.id", "bookings.slot_id")
    .leftJoin("tracks", "tracks.id", "bookings.track_id")
    .select(["bookings.room_id", "slots.code", "tracks.name as track"])
    .where("rooms.event_id", "=", eventId)
    .orderBy("slots.day_position")
    .orderBy("slots.position")
    .execute();
}

/** Books a (room, slot) pair for a track. */
export async function book(
  trx: Transaction<Database>,
  roomId: number,
  slotId: number,
  trackId: number,
): Promise<void> {
  await trx
    .updateTable("bookings")
    .set({ track_id: trackId })
    .where("room_id", "=", roomId)
    .where("slot_id", "=", slotId)
    .execute();
}

/** Makes a (room, slot) pair available again. */
export async function unbook(
  trx: Transaction<Database>,
  roomId: number,
  slotId: number,
): Promise<void> {
  await trx
    .updateTable("bookings")
    .set({ track_id: null })
    .where("room_id", "=", roomId)
    .where("slot_id", "=", slotId)
    .execute();
}
