import { sql, type Kysely } from "kysely";

// The whole PTG model. Migrations are the only source of the schema; shared/db/schema.ts
// mirrors it as types for Kysely.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("events")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("etherpad_base", "text", (c) =>
      c.notNull().defaultTo("https://etherpad.opendev.org/p"),
    )
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("event_settings")
    .addColumn("event_id", "integer", (c) =>
      c.primaryKey().references("events.id").onDelete("cascade"),
    )
    .addColumn("voice_required", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("admin_level", "integer", (c) => c.notNull().defaultTo(50))
    .addColumn("voice_level", "integer", (c) => c.notNull().defaultTo(1))
    .execute();

  // Matrix rooms (or other chat rooms) bound to an event: where commands are read.
  await db.schema
    .createTable("event_rooms")
    .addColumn("chat_room_id", "text", (c) => c.primaryKey())
    .addColumn("event_id", "integer", (c) =>
      c.notNull().references("events.id").onDelete("cascade"),
    )
    .addColumn("bound_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("tracks")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("event_id", "integer", (c) =>
      c.notNull().references("events.id").onDelete("cascade"),
    )
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("color", "text")
    .addColumn("etherpad", "text")
    .addColumn("url", "text")
    .addColumn("location", "text")
    // True when `#TRACK location` set it; false when `now` took it from today's schedule.
    .addColumn("location_set_by_hand", "boolean", (c) => c.notNull().defaultTo(false))
    .addUniqueConstraint("tracks_event_name", ["event_id", "name"])
    .execute();

  // Places where tracks meet (physical or video rooms); not chat rooms.
  await db.schema
    .createTable("rooms")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("event_id", "integer", (c) =>
      c.notNull().references("events.id").onDelete("cascade"),
    )
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("description", "text")
    .addColumn("capability_icon", "text")
    .addColumn("capability_description", "text")
    .addColumn("meeting_url", "text")
    .addUniqueConstraint("rooms_event_name", ["event_id", "name"])
    .execute();

  await db.schema
    .createTable("slots")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("event_id", "integer", (c) =>
      c.notNull().references("events.id").onDelete("cascade"),
    )
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("day_position", "integer", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("code", "text", (c) => c.notNull())
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("starts_at", "timestamptz")
    .addColumn("duration_minutes", "integer")
    .addUniqueConstraint("slots_event_code", ["event_id", "code"])
    .execute();

  // A room offers a slot when a booking row exists; track_id null = available.
  await db.schema
    .createTable("bookings")
    .addColumn("room_id", "integer", (c) => c.notNull().references("rooms.id").onDelete("cascade"))
    .addColumn("slot_id", "integer", (c) => c.notNull().references("slots.id").onDelete("cascade"))
    .addColumn("track_id", "integer", (c) => c.references("tracks.id").onDelete("set null"))
    .addPrimaryKeyConstraint("bookings_pk", ["room_id", "slot_id"])
    .execute();

  await db.schema
    .createTable("now_topics")
    .addColumn("track_id", "integer", (c) =>
      c.primaryKey().references("tracks.id").onDelete("cascade"),
    )
    .addColumn("topic", "text", (c) => c.notNull())
    .addColumn("set_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("next_topics")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("track_id", "integer", (c) =>
      c.notNull().references("tracks.id").onDelete("cascade"),
    )
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("topic", "text", (c) => c.notNull())
    .addUniqueConstraint("next_topics_track_position", ["track_id", "position"])
    .execute();

  await db.schema
    .createTable("banners")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("event_id", "integer", (c) =>
      c.notNull().references("events.id").onDelete("cascade"),
    )
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("level", "text", (c) =>
      c.notNull().check(sql`level in ('info', 'success', 'warning', 'danger')`),
    )
    .addColumn("message", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("links")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("event_id", "integer", (c) =>
      c.notNull().references("events.id").onDelete("cascade"),
    )
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("url", "text", (c) => c.notNull())
    .execute();

  // One row per person: their last check-in. person_key is the stable identity (Matrix user id,
  // or "nick:<lower nick>" for people known only by nick, e.g. imported from PTGbot).
  await db.schema
    .createTable("check_ins")
    .addColumn("event_id", "integer", (c) =>
      c.notNull().references("events.id").onDelete("cascade"),
    )
    .addColumn("person_key", "text", (c) => c.notNull())
    .addColumn("nick", "text", (c) => c.notNull())
    .addColumn("location", "text", (c) => c.notNull())
    .addColumn("checked_in_at", "timestamptz", (c) => c.notNull())
    .addColumn("checked_out_at", "timestamptz")
    .addPrimaryKeyConstraint("check_ins_pk", ["event_id", "person_key"])
    .execute();

  await db.schema
    .createTable("subscriptions")
    .addColumn("event_id", "integer", (c) =>
      c.notNull().references("events.id").onDelete("cascade"),
    )
    .addColumn("person_key", "text", (c) => c.notNull())
    .addColumn("nick", "text", (c) => c.notNull())
    .addColumn("pattern", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("subscriptions_pk", ["event_id", "person_key"])
    .execute();

  // Every command the core has decided on. message_id is unique: a redelivered message is a no-op.
  await db.schema
    .createTable("command_log")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("message_id", "text", (c) => c.notNull().unique())
    .addColumn("event_id", "integer", (c) => c.references("events.id").onDelete("set null"))
    .addColumn("chat_room_id", "text")
    .addColumn("sender_id", "text", (c) => c.notNull())
    .addColumn("sender_nick", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("result", "text", (c) =>
      c.notNull().check(sql`result in ('ok', 'refused', 'error')`),
    )
    .addColumn("reply", "text", (c) => c.notNull())
    .addColumn("notifications", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("effects", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("delivered", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema.createIndex("tracks_event").on("tracks").column("event_id").execute();
  await db.schema.createIndex("rooms_event").on("rooms").column("event_id").execute();
  await db.schema.createIndex("slots_event").on("slots").column("event_id").execute();
  await db.schema.createIndex("bookings_slot").on("bookings").column("slot_id").execute();
  await db.schema.createIndex("event_rooms_event").on("event_rooms").column("event_id").execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "command_log",
    "subscriptions",
    "check_ins",
    "links",
    "banners",
    "next_topics",
    "now_topics",
    "bookings",
    "slots",
    "rooms",
    "tracks",
    "event_rooms",
    "event_settings",
    "events",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
