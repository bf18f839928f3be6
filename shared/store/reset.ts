// Verbs that reset a whole event, or its day.
import type { Transaction } from "kysely";
import type { Database } from "../db/schema.js";

type Trx = Transaction<Database>;

/** Resets an event to an empty schedule: no tracks, rooms, slots, banners, links or people. */
export async function emptyEvent(trx: Trx, eventId: number): Promise<void> {
  for (const table of [
    "tracks",
    "rooms",
    "slots",
    "banners",
    "links",
    "check_ins",
    "subscriptions",
  ] as const) {
    await trx.deleteFrom(table).where("event_id", "=", eventId).execute();
  }
  await trx
    .updateTable("event_settings")
    .set({ voice_required: false, leads_required: false, rule_per_day: null, rule_total: null })
    .where("event_id", "=", eventId)
    .execute();
}

/** A new day: clears every now, next, location and check-in of the event. */
export async function newDay(trx: Trx, eventId: number): Promise<void> {
  const trackIds = trx.selectFrom("tracks").select("id").where("event_id", "=", eventId);
  await trx.deleteFrom("now_topics").where("track_id", "in", trackIds).execute();
  await trx.deleteFrom("next_topics").where("track_id", "in", trackIds).execute();
  await trx
    .updateTable("tracks")
    .set({ location: null, location_set_by_hand: false })
    .where("event_id", "=", eventId)
    .execute();
  await trx.deleteFrom("check_ins").where("event_id", "=", eventId).execute();
}
