// The schedule URL an admin set for an event (`~schedule URL|none`, migrations/0100): polled
// like PTG_SCHEDULE_URL (schedule/poll-sources.ts). These verbs are the only SQL that changes it.
import type { Transaction } from "kysely";
import type { Database } from "../db/schema.js";
import type { Queryable } from "./events.js";

export async function eventScheduleSource(db: Queryable, eventId: number): Promise<string | null> {
  const row = await db
    .selectFrom("schedule_sources")
    .select("url")
    .where("event_id", "=", eventId)
    .executeTakeFirst();
  return row?.url ?? null;
}

/** Sets (or with null, clears) the event's schedule URL. */
export async function setScheduleSource(
  trx: Transaction<Database>,
  eventId: number,
  url: string | null,
): Promise<void> {
  if (url === null) {
    await trx.deleteFrom("schedule_sources").where("event_id", "=", eventId).execute();
    return;
  }
  await trx
    .insertInto("schedule_sources")
    .values({ event_id: eventId, url, set_at: new Date() })
    .onConflict((oc) => oc.column("event_id").doUpdateSet({ url, set_at: new Date() }))
    .execute();
}

/** Every event's schedule URL, by event slug. */
export async function allScheduleSources(
  db: Queryable,
): Promise<{ eventSlug: string; url: string }[]> {
  return db
    .selectFrom("schedule_sources")
    .innerJoin("events", "events.id", "schedule_sources.event_id")
    .select(["events.slug as eventSlug", "schedule_sources.url"])
    .orderBy("events.slug")
    .execute();
}
