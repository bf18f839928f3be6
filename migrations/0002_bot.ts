import { sql, type Kysely } from "kysely";

// The Matrix bot's own state: what matrix-bot-sdk's storage provider keeps (the sync token,
// the filter, small key/values), per bot account, so that a restarted bot resumes where it
// stopped, on PGlite and PostgreSQL alike.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("bot_state")
    .addColumn("account", "text", (c) => c.notNull())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("bot_state_pk", ["account", "key"])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("bot_state").execute();
}
