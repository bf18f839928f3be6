// Track leads: who steers each track (issue 22), and the names the chat knows them by. The verbs
// here are the only SQL that changes them.
import { cleanDisplayName, localpart, nickFrom } from "../matrix/member-name.js";
import type { Queryable } from "./events.js";
import type { TrackRef } from "./tracks.js";

/** findTrack and whether `userId` leads it (isTrackLead), in one statement. */
export async function findTrackAndLead(
  db: Queryable,
  eventId: number,
  name: string,
  userId: string,
): Promise<(TrackRef & { isLead: boolean }) | undefined> {
  const row = await db
    .selectFrom("tracks")
    .select((eb) => [
      "tracks.id",
      "tracks.name",
      eb
        .exists(
          eb
            .selectFrom("track_leads")
            .select("track_leads.user_id")
            .whereRef("track_leads.track_id", "=", "tracks.id")
            .where("track_leads.user_id", "=", userId),
        )
        .as("isLead"),
    ])
    .where("tracks.event_id", "=", eventId)
    .where("tracks.name", "=", name.toLowerCase())
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : { id: row.id, name: row.name, isLead: row.isLead === true };
}

/** Whether `userId` leads the track. */
export async function isTrackLead(
  db: Queryable,
  trackId: number,
  userId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom("track_leads")
    .select("user_id")
    .where("track_id", "=", trackId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row !== undefined;
}

/** The Matrix user ids leading the track, sorted. */
export async function trackLeads(db: Queryable, trackId: number): Promise<string[]> {
  const rows = await db
    .selectFrom("track_leads")
    .select("user_id")
    .where("track_id", "=", trackId)
    .orderBy("user_id")
    .execute();
  return rows.map((row) => row.user_id);
}

/** Every track's leads in the event, by track name (tracks without leads left out). */
export async function eventLeads(db: Queryable, eventId: number): Promise<Map<string, string[]>> {
  const rows = await db
    .selectFrom("track_leads")
    .innerJoin("tracks", "tracks.id", "track_leads.track_id")
    .select(["tracks.name", "track_leads.user_id"])
    .where("track_leads.event_id", "=", eventId)
    .orderBy("tracks.name")
    .orderBy("track_leads.user_id")
    .execute();
  const leads = new Map<string, string[]>();
  for (const row of rows) leads.set(row.name, [...(leads.get(row.name) ?? []), row.user_id]);
  return leads;
}

export async function addLeads(
  db: Queryable,
  eventId: number,
  trackId: number,
  userIds: readonly string[],
): Promise<void> {
  if (userIds.length === 0) return;
  await db
    .insertInto("track_leads")
    .values(userIds.map((user_id) => ({ track_id: trackId, event_id: eventId, user_id })))
    .onConflict((oc) => oc.columns(["track_id", "user_id"]).doNothing())
    .execute();
}

export async function removeLeads(
  db: Queryable,
  trackId: number,
  userIds: readonly string[],
): Promise<void> {
  if (userIds.length === 0) return;
  await db
    .deleteFrom("track_leads")
    .where("track_id", "=", trackId)
    .where("user_id", "in", userIds)
    .execute();
}

/** Replaces every track's leads in the event (an import). */
export async function replaceLeads(
  db: Queryable,
  eventId: number,
  leads: readonly { trackId: number; userIds: readonly string[] }[],
): Promise<void> {
  await db.deleteFrom("track_leads").where("event_id", "=", eventId).execute();
  for (const { trackId, userIds } of leads) await addLeads(db, eventId, trackId, userIds);
}

/** The members of the event's rooms (and of `chatRoomId`), with the names the chat gives them. */
export async function eventMembers(
  db: Queryable,
  eventId: number,
  chatRoomId: string | null,
): Promise<{ userId: string; nick: string }[]> {
  const rooms = db.selectFrom("event_rooms").select("chat_room_id").where("event_id", "=", eventId);
  const rows = await db
    .selectFrom("matrix_room_members")
    .select(["user_id", "display_name"])
    .where((eb) =>
      chatRoomId === null
        ? eb("room_id", "in", rooms)
        : eb.or([eb("room_id", "in", rooms), eb("room_id", "=", chatRoomId)]),
    )
    .orderBy("user_id")
    .execute();
  const byUser = new Map<string, string>();
  for (const row of rows) {
    if (!byUser.has(row.user_id)) byUser.set(row.user_id, nickFrom(row.user_id, row.display_name));
  }
  return [...byUser].map(([userId, nick]) => ({ userId, nick }));
}

/**
 * The leads of these tracks as the page names them (public state): their display name in one of
 * the event's rooms, else their localpart; never a whole Matrix id. By track id, sorted.
 */
export async function publicLeadNames(
  db: Queryable,
  eventId: number,
  trackIds: readonly number[],
): Promise<Map<number, string[]>> {
  const names = new Map<number, string[]>();
  if (trackIds.length === 0) return names;
  const leads = await db
    .selectFrom("track_leads")
    .select(["track_id", "user_id"])
    .where("event_id", "=", eventId)
    .where("track_id", "in", trackIds)
    .execute();
  if (leads.length === 0) return names;
  const rooms = db.selectFrom("event_rooms").select("chat_room_id").where("event_id", "=", eventId);
  const members = await db
    .selectFrom("matrix_room_members")
    .select(["user_id", "display_name"])
    .where("room_id", "in", rooms)
    .where("user_id", "in", [...new Set(leads.map((l) => l.user_id))])
    .orderBy("room_id")
    .execute();
  // The first display name a room knows them by (rooms in a stable order).
  const shown = new Map<string, string>();
  for (const m of members) {
    const name = cleanDisplayName(m.display_name);
    if (name !== null && !shown.has(m.user_id)) shown.set(m.user_id, name);
  }
  for (const l of leads) {
    const list = names.get(l.track_id) ?? [];
    list.push(shown.get(l.user_id) ?? localpart(l.user_id));
    names.set(l.track_id, list);
  }
  for (const list of names.values()) list.sort((a, b) => a.localeCompare(b));
  return names;
}
