// A sequence whose only use is to make PostgreSQL flush its WAL: a command's transaction commits
// asynchronously (it holds its event's row lock until commit, and a synchronous commit would
// hold it through the disk flush), then `setval` on this sequence, in a transaction of its own
// that commits synchronously, flushes everything committed before it (shared/db/durability.ts).
import { sql, type Kysely } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create sequence ptg_flush_mark`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop sequence ptg_flush_mark`.execute(db);
}
