import { sql, type Kysely } from "kysely";

// What issue 21 adds around an imported schedule and its followers:
// - `schedule_notices`: change notices waiting to be sent to a follower. A re-import (or a
//   command) that moves, cancels, or changes the room or link of a followed track's talk or
//   booked slot writes one row per (follower, talk) in its own transaction; the rows of one
//   follower share a due time about a minute after the first, and are sent as one message
//   and deleted in one transaction (exactly once, whatever the restarts).
// - `schedule_sources`: the schedule URL an admin set for an event (`~schedule URL`), polled
//   like PTG_SCHEDULE_URL.
// - `calendar_tokens`: a signed-in person's private calendar of followed tracks: the SHA-256
//   of a random token (the token itself is shown once), one per person and event.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("schedule_notices")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("event_id", "integer", (c) =>
      c.notNull().references("events.id").onDelete("cascade"),
    )
    .addColumn("person_key", "text", (c) => c.notNull())
    .addColumn("nick", "text", (c) => c.notNull())
    // What changed: a talk's guid, or a booked slot's key; later changes to it merge into the row.
    .addColumn("subject", "text", (c) => c.notNull())
    // The track and the talk or slot, as the message names them.
    .addColumn("title", "text", (c) => c.notNull())
    // { when, room, link } before the first change and after the latest (null: none).
    .addColumn("before", "jsonb")
    .addColumn("after", "jsonb")
    .addColumn("due_at", "timestamptz", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("schedule_notices_subject", ["event_id", "person_key", "subject"])
    .execute();
  await db.schema
    .createIndex("schedule_notices_due")
    .on("schedule_notices")
    .column("due_at")
    .execute();

  await db.schema
    .createTable("schedule_sources")
    .addColumn("event_id", "integer", (c) =>
      c.primaryKey().references("events.id").onDelete("cascade"),
    )
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("set_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("calendar_tokens")
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    .addColumn("event_id", "integer", (c) =>
      c.notNull().references("events.id").onDelete("cascade"),
    )
    .addColumn("person_key", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("calendar_tokens_person", ["event_id", "person_key"])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("calendar_tokens").execute();
  await db.schema.dropTable("schedule_sources").execute();
  await db.schema.dropTable("schedule_notices").execute();
}
