import type { Kysely } from "kysely";

// A track's own room (issue 20): an event room may be bound to one track of its event, and a
// track has at most one room. Deleting the track unbinds the room (it stays an event room).

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("event_rooms")
    .addColumn("track_id", "integer", (col) => col.references("tracks.id").onDelete("set null"))
    .execute();
  await db.schema
    .createIndex("event_rooms_track_id")
    .on("event_rooms")
    .column("track_id")
    .unique()
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("event_rooms_track_id").execute();
  await db.schema.alterTable("event_rooms").dropColumn("track_id").execute();
}
