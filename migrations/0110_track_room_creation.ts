import { sql, type Kysely } from "kysely";

// Creating track rooms (issue 20): `~trackrooms create` queues one durable work item per track
// (track_room_jobs, grouped by the command that asked: track_room_batches), which the active bot
// works through at the homeserver's pace, across restarts. The event's Space (event_spaces) is
// created by the bot on first use, or adopted with `~space ROOM_OR_ALIAS` (checked by the bot:
// `adopt_target` holds what was named until then). `event_rooms.matrix_alias` keeps a room's
// alias (the bot's rooms have one) for the page's matrix.to links.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("event_spaces")
    .addColumn("event_id", "integer", (c) =>
      c.primaryKey().references("events.id").onDelete("cascade"),
    )
    // The Space's room id, null until the bot created or adopted one.
    .addColumn("room_id", "text")
    .addColumn("alias", "text")
    // What `~space` named, while the bot checks it; and where to say how that went.
    .addColumn("adopt_target", "text")
    .addColumn("adopt_reply_to", "jsonb")
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable("track_room_batches")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("event_id", "integer", (c) =>
      c.notNull().references("events.id").onDelete("cascade"),
    )
    // Where progress is reported: the room where it was asked (an outbox destination).
    .addColumn("reply_to", "jsonb", (c) => c.notNull())
    // Who asked: gets power 100 in the rooms the bot creates for it.
    .addColumn("requested_by", "text", (c) => c.notNull())
    .addColumn("total", "integer", (c) => c.notNull())
    // Whether the batch was told that the homeserver paces it.
    .addColumn("paced_told", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable("track_room_jobs")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("batch_id", "integer", (c) =>
      c.notNull().references("track_room_batches.id").onDelete("cascade"),
    )
    .addColumn("event_id", "integer", (c) =>
      c.notNull().references("events.id").onDelete("cascade"),
    )
    // A deleted track's job goes with it.
    .addColumn("track_id", "integer", (c) =>
      c.notNull().references("tracks.id").onDelete("cascade"),
    )
    .addColumn("state", "text", (c) =>
      c
        .notNull()
        .defaultTo("pending")
        .check(sql`state in ('pending', 'done', 'failed')`),
    )
    .addColumn("room_id", "text")
    // Why the homeserver refused it (a failed job).
    .addColumn("error", "text")
    .addColumn("finished_at", "timestamptz")
    .execute();
  // A track has at most one job under way.
  await db.schema
    .createIndex("track_room_jobs_pending_track")
    .on("track_room_jobs")
    .column("track_id")
    .unique()
    .where(sql.ref("state"), "=", "pending")
    .execute();
  await db.schema
    .createIndex("track_room_jobs_batch")
    .on("track_room_jobs")
    .columns(["batch_id", "state"])
    .execute();
  await db.schema.alterTable("event_rooms").addColumn("matrix_alias", "text").execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("event_rooms").dropColumn("matrix_alias").execute();
  await db.schema.dropTable("track_room_jobs").execute();
  await db.schema.dropTable("track_room_batches").execute();
  await db.schema.dropTable("event_spaces").execute();
}
