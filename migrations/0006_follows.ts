import { sql, type Kysely } from "kysely";

// Following tracks: a set of tracks per person, beside the chat subscription pattern (and in
// addition to it). Followers hear what subscribers hear about a track, and get one reminder before
// each booked slot of it that has a real start time. `reminders_sent` holds one row per (booking,
// follower) reminded: its key makes the reminder go out once, also across restarts.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("follows")
    .addColumn("track_id", "integer", (c) =>
      c.notNull().references("tracks.id").onDelete("cascade"),
    )
    .addColumn("event_id", "integer", (c) =>
      c.notNull().references("events.id").onDelete("cascade"),
    )
    // A Matrix user id (the widget and the chat), as in subscriptions.
    .addColumn("person_key", "text", (c) => c.notNull())
    .addColumn("nick", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("follows_pk", ["track_id", "person_key"])
    .execute();
  await db.schema
    .createIndex("follows_person")
    .on("follows")
    .columns(["event_id", "person_key"])
    .execute();

  await db.schema
    .createTable("reminders_sent")
    .addColumn("room_id", "integer", (c) => c.notNull().references("rooms.id").onDelete("cascade"))
    .addColumn("slot_id", "integer", (c) => c.notNull().references("slots.id").onDelete("cascade"))
    .addColumn("track_id", "integer", (c) =>
      c.notNull().references("tracks.id").onDelete("cascade"),
    )
    .addColumn("person_key", "text", (c) => c.notNull())
    // The slot's start the reminder announced: a moved slot is a new reminder.
    .addColumn("starts_at", "timestamptz", (c) => c.notNull())
    .addColumn("sent_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("reminders_sent_pk", [
      "room_id",
      "slot_id",
      "track_id",
      "person_key",
      "starts_at",
    ])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("reminders_sent").execute();
  await db.schema.dropTable("follows").execute();
}
