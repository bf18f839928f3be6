import type { Kysely } from "kysely";

// Lead sign-up (issue 22 item 2): a signed-in widget user asks to lead a track, with one line of
// text; an admin approves (the user becomes a lead) or refuses. Numbered per event (`number`, as
// `~leads approve N` names it); `answer` is null while the request is open.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("lead_requests")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("event_id", "integer", (c) =>
      c.notNull().references("events.id").onDelete("cascade"),
    )
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("track_id", "integer", (c) =>
      c.notNull().references("tracks.id").onDelete("cascade"),
    )
    // The Matrix user id who asked, and how the room named them then.
    .addColumn("user_id", "text", (c) => c.notNull())
    .addColumn("nick", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("asked_at", "timestamptz", (c) => c.notNull())
    // null: open; else "approved" or "refused", by whom and when.
    .addColumn("answer", "text")
    .addColumn("answered_by", "text")
    .addColumn("answered_at", "timestamptz")
    .addUniqueConstraint("lead_requests_number", ["event_id", "number"])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("lead_requests").execute();
}
