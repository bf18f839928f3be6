// Reminders for followed tracks: before a booked slot with a real start time begins, each
// follower of its track gets one message through the outbox. `reminders_sent` has one row per
// (booking, follower, start), written in the same transaction as the outbox rows: whoever
// inserts it first sends the reminder, so it goes out once, whatever the restarts and however
// many bot instances look.
import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { notificationDestination } from "../operations/destination.js";
import type { Queryable } from "./events.js";
import { enqueue, type OutboxEntry } from "./outbox.js";

export interface BookedSlotStart {
  eventSlug: string;
  roomId: number;
  room: string;
  slotId: number;
  slot: string;
  trackId: number;
  track: string;
  startsAt: Date;
}

/**
 * Booked slots that start in (from, to]: the one place that knows where a slot's real start
 * time comes from (today `slots.starts_at`, set from the PTGbot document's `realtime`).
 */
export async function bookedSlotsStartingBetween(
  db: Queryable,
  from: Date,
  to: Date,
): Promise<BookedSlotStart[]> {
  const rows = await db
    .selectFrom("bookings")
    .innerJoin("slots", "slots.id", "bookings.slot_id")
    .innerJoin("rooms", "rooms.id", "bookings.room_id")
    .innerJoin("tracks", "tracks.id", "bookings.track_id")
    .innerJoin("events", "events.id", "slots.event_id")
    .select([
      "events.slug as eventSlug",
      "rooms.id as roomId",
      "rooms.name as room",
      "slots.id as slotId",
      "slots.code as slot",
      "tracks.id as trackId",
      "tracks.name as track",
      "slots.starts_at as startsAt",
    ])
    .where("slots.starts_at", ">", from)
    .where("slots.starts_at", "<=", to)
    .orderBy("slots.starts_at")
    .orderBy("rooms.position")
    .execute();
  return rows.flatMap((r) => (r.startsAt === null ? [] : [{ ...r, startsAt: r.startsAt }]));
}

/** The reminder's words. */
export function reminderText(slot: BookedSlotStart, now: Date): string {
  const minutes = Math.max(1, Math.ceil((slot.startsAt.getTime() - now.getTime()) / 60_000));
  const at = slot.startsAt.toISOString().slice(11, 16);
  return `Reminder: #${slot.track} starts in ${minutes} min (${at} UTC, ${slot.room}, slot ${slot.slot})`;
}

export interface ReminderOptions {
  /** How long before a slot's start its followers are reminded. */
  leadMs: number;
  /** Matrix users bridged from IRC, reminded in a room of the event (null: none). */
  bridgedUsers: RegExp | null;
}

/**
 * Queues the reminders due at `now` that were not sent yet; returns how many it queued. Safe to
 * run at any time, as often as wanted, from any number of processes.
 */
export async function queueDueReminders(
  db: Kysely<Database>,
  now: Date,
  options: ReminderOptions,
): Promise<number> {
  const due = await bookedSlotsStartingBetween(db, now, new Date(now.getTime() + options.leadMs));
  let queued = 0;
  for (const slot of due) {
    queued += await db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto("reminders_sent")
        .columns(["room_id", "slot_id", "track_id", "person_key", "starts_at", "sent_at"])
        .expression(
          trx
            .selectFrom("follows")
            .select([
              sql.lit(slot.roomId).as("room_id"),
              sql.lit(slot.slotId).as("slot_id"),
              "follows.track_id",
              "follows.person_key",
              sql<Date>`${slot.startsAt.toISOString()}::timestamptz`.as("starts_at"),
              sql<Date>`${now.toISOString()}::timestamptz`.as("sent_at"),
            ])
            .where("follows.track_id", "=", slot.trackId),
        )
        .onConflict((oc) =>
          oc.columns(["room_id", "slot_id", "track_id", "person_key", "starts_at"]).doNothing(),
        )
        .returning("person_key")
        .execute();
      const text = reminderText(slot, now);
      const entries: OutboxEntry[] = [];
      for (const { person_key: personKey } of inserted) {
        const destination = notificationDestination(personKey, {
          bridgedUsers: options.bridgedUsers,
          eventSlug: slot.eventSlug,
          chatRoomId: null,
        });
        if (destination !== null) entries.push({ destination, message: { kind: "text", text } });
      }
      await enqueue(trx, null, entries);
      return entries.length;
    });
  }
  return queued;
}
