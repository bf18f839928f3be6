import { sql, type Kysely } from "kysely";

// End-to-end encrypted rooms (issue 27). Which rooms are encrypted (so that a plain room costs no
// lookup), and which of them the bot told it cannot read them, so that it tells each one once; the bot's crypto state (device keys, Olm and Megolm sessions), so that its
// identity survives restarts; and the encrypted events it could not decrypt yet, so that a
// command whose key arrives later is still answered, once, after a restart too.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("matrix_encrypted_rooms")
    .addColumn("room_id", "text", (c) => c.primaryKey())
    // The m.room.encryption content (algorithm, rotation settings).
    .addColumn("encryption", "jsonb", (c) => c.notNull())
    .addColumn("seen_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    // When the bot posted its notice that it cannot read the room (null: it did not need to).
    .addColumn("noticed_at", "timestamptz")
    .execute();

  await db.schema
    .createTable("matrix_crypto_store")
    .addColumn("user_id", "text", (c) => c.primaryKey())
    .addColumn("device_id", "text", (c) => c.notNull())
    // The crypto store's databases, serialized (bot/crypto/store-snapshot.ts).
    .addColumn("snapshot", "bytea", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("matrix_undecrypted_events")
    .addColumn("event_id", "text", (c) => c.primaryKey())
    .addColumn("room_id", "text", (c) => c.notNull())
    // The m.room.encrypted event as the homeserver sent it.
    .addColumn("event", "jsonb", (c) => c.notNull())
    .addColumn("received_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("matrix_undecrypted_events").execute();
  await db.schema.dropTable("matrix_crypto_store").execute();
  await db.schema.dropTable("matrix_encrypted_rooms").execute();
}
