import { sql, type Kysely } from "kysely";

// Widget sign-in sessions: a Matrix user proved who they are with an OpenID token, and got a
// short-lived session token in return. Only the token's SHA-256 is kept; a session ends when it
// expires or when it is revoked (the row is deleted).

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("widget_sessions")
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("widget_sessions_expires")
    .on("widget_sessions")
    .column("expires_at")
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("widget_sessions").execute();
}
