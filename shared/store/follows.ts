// Follows: the set of tracks each person follows, beside (and in addition to) their chat
// subscription pattern. A follow belongs to its track: deleting the track ends it.
import { sql, type Transaction } from "kysely";
import type { Database } from "../db/schema.js";
import type { Queryable } from "./events.js";
import type { Person } from "./people.js";

type Trx = Transaction<Database>;

/** Told (once the transaction commits) who started following a track; the payload is them. */
export const FOLLOWS_CHANNEL = "ptg_follows";

/** Follows a track; false when the person already followed it. */
export async function follow(trx: Trx, who: Person, trackId: number): Promise<boolean> {
  const inserted = await trx
    .insertInto("follows")
    .values({ track_id: trackId, event_id: who.eventId, person_key: who.personKey, nick: who.nick })
    .onConflict((oc) => oc.columns(["track_id", "person_key"]).doNothing())
    .returning("track_id")
    .executeTakeFirst();
  if (inserted !== undefined) {
    await sql`select pg_notify(${FOLLOWS_CHANNEL}, ${who.personKey})`.execute(trx);
  }
  return inserted !== undefined;
}

/** Everyone who follows a track, in any event (each once). */
export async function allFollowers(db: Queryable): Promise<string[]> {
  const rows = await db.selectFrom("follows").select("person_key").distinct().execute();
  return rows.map((row) => row.person_key);
}

/** Stops following a track; false when the person did not follow it. */
export async function unfollow(trx: Trx, personKey: string, trackId: number): Promise<boolean> {
  const removed = await trx
    .deleteFrom("follows")
    .where("track_id", "=", trackId)
    .where("person_key", "=", personKey)
    .returning("track_id")
    .executeTakeFirst();
  return removed !== undefined;
}

/** The names of the tracks a person follows in an event, in name order. */
export async function followedTracks(
  db: Queryable,
  eventId: number,
  personKey: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom("follows")
    .innerJoin("tracks", "tracks.id", "follows.track_id")
    .select("tracks.name")
    .where("follows.event_id", "=", eventId)
    .where("follows.person_key", "=", personKey)
    .orderBy("tracks.name")
    .execute();
  return rows.map((r) => r.name);
}

/** Everyone who follows a track. */
/**
 * The event's subscriptions (eventSubscriptions) and the track's followers (trackFollowers,
 * none without a track), in one statement.
 */
export async function eventAudience(
  db: Queryable,
  eventId: number,
  trackId: number | undefined,
): Promise<{
  subscriptions: { person_key: string; nick: string; pattern: string }[];
  followers: { person_key: string; nick: string }[];
}> {
  // Subscriptions first, then the followers in person order (the Append keeps the branches').
  const { rows } = await sql<{ person_key: string; nick: string; pattern: string | null }>`
    (select person_key, nick, pattern from subscriptions where event_id = ${eventId})
    union all
    (select person_key, nick, null from follows where track_id = ${trackId ?? null}
      order by person_key)`.execute(db);
  const subscriptions: { person_key: string; nick: string; pattern: string }[] = [];
  const followers: { person_key: string; nick: string }[] = [];
  for (const { person_key, nick, pattern } of rows) {
    if (pattern === null) followers.push({ person_key, nick });
    else subscriptions.push({ person_key, nick, pattern });
  }
  return { subscriptions, followers };
}
