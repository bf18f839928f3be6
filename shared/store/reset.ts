import type { Transaction } from "kysely";
import type { Database } from "../db/schema.js";

/** Resets an event to an empty schedule: no tracks, rooms, slots, banners, links or people. */
export async function emptyEvent(trx: Transaction<Database>, eventId: number): Promise<void> {
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
    .set({ voice_required: false })
    .where("event_id", "=", eventId)
    .execute();
}
