// Verbs for now and next topics.
import { sql, type Transaction } from "kysely";
import type { Database } from "../db/schema.js";

type Trx = Transaction<Database>;

/** Sets what a track discusses now and empties its "next" list. */
export async function setNow(trx: Trx, trackId: number, topic: string, at: Date): Promise<void> {
  // One statement: the upsert, and the delete as a data-modifying CTE.
  await trx
    .with("cleared", (q) => q.deleteFrom("next_topics").where("track_id", "=", trackId))
    .insertInto("now_topics")
    .values({ track_id: trackId, topic, set_at: at })
    .onConflict((oc) => oc.column("track_id").doUpdateSet({ topic, set_at: at }))
    .execute();
}

/** How many topics a track has coming next. */
export async function nextCount(trx: Trx, trackId: number): Promise<number> {
  const { count } = await trx
    .selectFrom("next_topics")
    .select(sql<number>`count(*)::int`.as("count"))
    .where("track_id", "=", trackId)
    .executeTakeFirstOrThrow();
  return count;
}

/** Appends a topic to what a track discusses next. */
export async function appendNext(trx: Trx, trackId: number, topic: string): Promise<void> {
  const { last } = await trx
    .selectFrom("next_topics")
    .select(sql<number>`coalesce(max(position), 0)::int`.as("last"))
    .where("track_id", "=", trackId)
    .executeTakeFirstOrThrow();
  await trx
    .insertInto("next_topics")
    .values({ track_id: trackId, position: last + 1, topic })
    .execute();
}

/** Removes the now and next of these tracks. */
export async function clearTracks(trx: Trx, trackIds: number[]): Promise<void> {
  if (trackIds.length === 0) return;
  await trx.deleteFrom("now_topics").where("track_id", "in", trackIds).execute();
  await trx.deleteFrom("next_topics").where("track_id", "in", trackIds).execute();
}

/** Replaces the now topics of the event's tracks (track id → topic; the others have none). */
export async function replaceNowTopics(
  trx: Trx,
  eventId: number,
  topics: { trackId: number; topic: string }[],
): Promise<void> {
  const eventTracks = trx.selectFrom("tracks").select("id").where("event_id", "=", eventId);
  await trx.deleteFrom("now_topics").where("track_id", "in", eventTracks).execute();
  if (topics.length === 0) return;
  await trx
    .insertInto("now_topics")
    .values(topics.map((t) => ({ track_id: t.trackId, topic: t.topic })))
    .execute();
}

/** Replaces the next topics of the event's tracks, in order per track. */
export async function replaceNextTopics(
  trx: Trx,
  eventId: number,
  topics: { trackId: number; topics: string[] }[],
  chunkSize: number,
): Promise<void> {
  const eventTracks = trx.selectFrom("tracks").select("id").where("event_id", "=", eventId);
  await trx.deleteFrom("next_topics").where("track_id", "in", eventTracks).execute();
  const rows = topics.flatMap((t) =>
    t.topics.map((topic, position) => ({ track_id: t.trackId, position, topic })),
  );
  for (let i = 0; i < rows.length; i += chunkSize) {
    await trx
      .insertInto("next_topics")
      .values(rows.slice(i, i + chunkSize))
      .execute();
  }
}
