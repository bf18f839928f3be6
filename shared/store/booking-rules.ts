// Booking rules (issue 22): how much a track may book a day and in all, and how much it uses.
// The limits are in the event's unit (hours, or slots: shared/domain/booking-hours.ts).
import { slotLengths, type HoursBasis, type SlotInput } from "../domain/booking-hours.js";
import type { Queryable } from "./events.js";

export interface BookingRules {
  perDay: number | null;
  total: number | null;
}

export async function bookingRules(db: Queryable, eventId: number): Promise<BookingRules> {
  const row = await db
    .selectFrom("event_settings")
    .select(["rule_per_day", "rule_total"])
    .where("event_id", "=", eventId)
    .executeTakeFirst();
  return { perDay: row?.rule_per_day ?? null, total: row?.rule_total ?? null };
}

export async function setBookingRules(
  db: Queryable,
  eventId: number,
  rules: Partial<BookingRules>,
): Promise<void> {
  await db
    .updateTable("event_settings")
    .set({
      ...(rules.perDay === undefined ? {} : { rule_per_day: rules.perDay }),
      ...(rules.total === undefined ? {} : { rule_total: rules.total }),
    })
    .where("event_id", "=", eventId)
    .execute();
}

export interface SlotUse {
  basis: HoursBasis;
  /** Each slot's day and length. */
  slots: Map<number, { day: string; length: number }>;
}

/** Every slot of the event with its day and length, in the event's unit. */
export async function eventSlotLengths(db: Queryable, eventId: number): Promise<SlotUse> {
  const rows = await db
    .selectFrom("slots")
    .select(["id", "day", "label", "starts_at", "duration_minutes"])
    .where("event_id", "=", eventId)
    .orderBy("day_position")
    .orderBy("position")
    .execute();
  const days: SlotInput[][] = [];
  for (const row of rows) {
    const slot = {
      id: row.id,
      day: row.day,
      label: row.label,
      startsAt: row.starts_at === null ? null : new Date(row.starts_at),
      durationMinutes: row.duration_minutes,
    };
    const last = days.at(-1);
    if (last?.[0]?.day === row.day) last.push(slot);
    else days.push([slot]);
  }
  const { basis, length } = slotLengths(days);
  const slots = new Map(rows.map((r) => [r.id, { day: r.day, length: length.get(r.id) ?? 1 }]));
  return { basis, slots };
}

/** The slot ids booked for the track. */
export async function trackSlotIds(db: Queryable, trackId: number): Promise<number[]> {
  const rows = await db
    .selectFrom("bookings")
    .select("slot_id")
    .where("track_id", "=", trackId)
    .execute();
  return rows.map((r) => r.slot_id);
}
