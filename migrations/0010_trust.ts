import { sql, type Kysely } from "kysely";

// Trust boundaries (issue 25):
// - `bot_sync_heartbeats`: when each bot account last finished a sync, so that any server
//   process can tell whether the stored power levels and members are fresh;
// - `openid_tokens_used`: the SHA-256 of each OpenID token that signed in, until it expires, so
//   that one token signs in once;
// - `matrix_room_power.join_rule`: the room's join rule as the bot last saw it (public rooms are
//   the ones the public state lists);
// - `event_rooms.listed_public`: an admin marked a bound room public (listed whatever its join rule).

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("bot_sync_heartbeats")
    .addColumn("bot_user_id", "text", (c) => c.primaryKey())
    .addColumn("synced_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("openid_tokens_used")
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("openid_tokens_used_expiry")
    .on("openid_tokens_used")
    .column("expires_at")
    .execute();

  await db.schema.alterTable("matrix_room_power").addColumn("join_rule", "text").execute();
  await db.schema
    .alterTable("event_rooms")
    .addColumn("listed_public", "boolean", (c) => c.notNull().defaultTo(false))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("event_rooms").dropColumn("listed_public").execute();
  await db.schema.alterTable("matrix_room_power").dropColumn("join_rule").execute();
  await db.schema.dropTable("openid_tokens_used").execute();
  await db.schema.dropTable("bot_sync_heartbeats").execute();
}
