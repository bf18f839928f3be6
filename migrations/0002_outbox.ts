import { sql, type Kysely } from "kysely";

// The outbox: every message a command causes (its reply, subscriber notifications, effects such
// as a widget install), written in the command's transaction with its destination, and
// delivered by the adapter that serves that destination, which marks it delivered. A process
// that dies between the commit and the send loses nothing: the rows wait for the next drain.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("outbox")
    .addColumn("id", "serial", (c) => c.primaryKey())
    // The command that caused the message (null for messages no logged command caused).
    .addColumn("command_id", "integer", (c) => c.references("command_log.id").onDelete("cascade"))
    // Who delivers it: "matrix" (the bot) or "console".
    .addColumn("adapter", "text", (c) => c.notNull().check(sql`adapter in ('matrix', 'console')`))
    .addColumn("destination", "jsonb", (c) => c.notNull())
    .addColumn("message", "jsonb", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("delivered_at", "timestamptz")
    // Why delivery was given up (a destination the homeserver refuses for good), if it was.
    .addColumn("failure", "text")
    .execute();
  await db.schema
    .createIndex("outbox_pending")
    .on("outbox")
    .columns(["adapter", "id"])
    .where(sql.ref("delivered_at"), "is", null)
    .execute();
  await db.schema.createIndex("outbox_command").on("outbox").column("command_id").execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("outbox").execute();
}
