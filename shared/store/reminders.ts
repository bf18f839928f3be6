// Reminders for followed tracks: before a booked slot with a real start time begins, each
// follower of its track gets one message through the outbox. `reminders_sent` has one row per
// (booking, follower, start), written in the same transaction as the outbox rows: whoever
// inserts it first sends the reminder, so it goes out once, whatever the restarts and however
// many bot instances look.
import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { slotTimes } from "../domain/slot-times.js";
import { notificationDestination } from "../domain/destination.js";
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

/** Every slot of an event with its real start, as the page shows it (venue time). */
async function slotStarts(
  db: Queryable,
  event: { id: number; time_zone: string | null; first_day: string | null },
): Promise<{ id: number; startsAt: Date }[]> {
  const slots = await db
    .selectFrom("slots")
    .select(["id", "day", "label", "starts_at", "duration_minutes"])
    .where("event_id", "=", event.id)
    .orderBy("day_position")
    .orderBy("position")
    .execute();
  const days: { name: string; ids: number[]; slots: SlotTimesInput[] }[] = [];
  for (const s of slots) {
    let day = days.at(-1);
    if (day?.name !== s.day) {
      day = { name: s.day, ids: [], slots: [] };
      days.push(day);
    }
    day.ids.push(s.id);
    day.slots.push({
      label: s.label,
      startsAt: s.starts_at === null ? null : new Date(s.starts_at).toISOString(),
      durationMinutes: s.duration_minutes,
    });
  }
  const venue =
    event.time_zone !== null && event.first_day !== null
      ? { timeZone: event.time_zone, firstDay: event.first_day }
      : null;
  const times = slotTimes(days, venue);
  return days.flatMap((day, d) =>
    day.ids.flatMap((id, i) => {
      const startsAt = times[d]?.[i]?.startsAt;
      return startsAt == null ? [] : [{ id, startsAt: new Date(startsAt) }];
    }),
  );
}

type SlotTimesInput = { label: string; startsAt: string | null; durationMinutes: number | null };

/**
 * Booked slots that start in (from, to]: the one place that knows a slot's real start time.
 * It is the time the page shows: the PTGbot document's `realtime` when it has one, else the
 * slot's label read in the event's venue time (time zone and first day; shared/domain/
 * slot-times.ts). Slots with neither have no start, and no reminder.
 */
export async function bookedSlotsStartingBetween(
  db: Queryable,
  from: Date,
  to: Date,
): Promise<BookedSlotStart[]> {
  const events = await db
    .selectFrom("events")
    .select(["id", "slug", "time_zone", "first_day"])
    .orderBy("id")
    .execute();
  const found: BookedSlotStart[] = [];
  for (const event of events) {
    const due = (await slotStarts(db, event)).filter(
      (s) => s.startsAt.getTime() > from.getTime() && s.startsAt.getTime() <= to.getTime(),
    );
    if (due.length === 0) continue;
    const startOf = new Map(due.map((s) => [s.id, s.startsAt]));
    const rows = await db
      .selectFrom("bookings")
      .innerJoin("slots", "slots.id", "bookings.slot_id")
      .innerJoin("rooms", "rooms.id", "bookings.room_id")
      .innerJoin("tracks", "tracks.id", "bookings.track_id")
      .select([
        "rooms.id as roomId",
        "rooms.name as room",
        "slots.id as slotId",
        "slots.code as slot",
        "tracks.id as trackId",
        "tracks.name as track",
      ])
      .where("slots.id", "in", [...startOf.keys()])
      .orderBy("rooms.position")
      .execute();
    for (const r of rows) {
      const startsAt = startOf.get(r.slotId);
      if (startsAt !== undefined) found.push({ ...r, eventSlug: event.slug, startsAt });
    }
  }
  return found.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
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
