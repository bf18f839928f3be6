import { sql, type Kysely } from "kysely";

// Talks as real schedules have them (pretalx, frab, c3voc's schedule.json): each with its own
// start, duration and room, possibly overlapping in one room. PTGbot's grid (slots × rooms)
// cannot hold these, so they live beside it. `talk_schedules` holds what a whole imported
// schedule says about itself (its version, conference, days) and the polled source's
// conditional-request state; `talks` holds one row per talk, keyed by its guid.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("talk_schedules")
    .addColumn("event_id", "integer", (c) =>
      c.primaryKey().references("events.id").onDelete("cascade"),
    )
    .addColumn("format", "text", (c) => c.notNull())
    .addColumn("version", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("acronym", "text", (c) => c.notNull())
    .addColumn("url", "text")
    .addColumn("base_url", "text")
    .addColumn("start_date", "text", (c) => c.notNull())
    .addColumn("end_date", "text", (c) => c.notNull())
    .addColumn("timeslot_minutes", "integer", (c) => c.notNull())
    // [{ index, date, dayStart, dayEnd }] as the schedule listed its days.
    .addColumn("days", "jsonb", (c) => c.notNull())
    // [{ name, guid, description }] in the schedule's order.
    .addColumn("rooms", "jsonb", (c) => c.notNull())
    // [{ name, color }]: the schedule's own track names (PTG track names are derived from them).
    .addColumn("tracks", "jsonb", (c) => c.notNull())
    .addColumn("imported_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("talks")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("event_id", "integer", (c) =>
      c.notNull().references("events.id").onDelete("cascade"),
    )
    .addColumn("guid", "text", (c) => c.notNull())
    .addColumn("frab_id", "integer")
    .addColumn("room", "text", (c) => c.notNull())
    .addColumn("starts_at", "timestamptz", (c) => c.notNull())
    .addColumn("duration_minutes", "integer", (c) => c.notNull())
    // The day (its date) the schedule listed the talk under: after midnight it is the day before.
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    // The schedule's track name as written, and the PTG track it maps to.
    .addColumn("track_title", "text")
    .addColumn("track_id", "integer", (c) => c.references("tracks.id").onDelete("set null"))
    // Everything else the schedule said (subtitle, type, language, abstract, persons, links…).
    .addColumn("details", "jsonb", (c) => c.notNull())
    // Goes up when the talk's time, room or link changes (iCalendar SEQUENCE).
    .addColumn("sequence", "integer", (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint("talks_event_guid", ["event_id", "guid"])
    .execute();
  await db.schema
    .createIndex("talks_event_start")
    .on("talks")
    .columns(["event_id", "starts_at"])
    .execute();

  await db.schema
    .createTable("schedule_polls")
    .addColumn("url", "text", (c) => c.primaryKey())
    .addColumn("etag", "text")
    .addColumn("last_modified", "text")
    .addColumn("checked_at", "timestamptz")
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("schedule_polls").execute();
  await db.schema.dropTable("talks").execute();
  await db.schema.dropTable("talk_schedules").execute();
}
