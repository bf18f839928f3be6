// A command's decision, written in one statement: its command log row (the message id that makes
// a redelivered message a no-op), every message it causes in the outbox, and, when it changed the
// event, the version bump, with the notifications that tell listeners and adapters once the
// transaction commits. A message id logged before writes nothing and returns undefined.
import { PREPARED_MARK } from "../db/prepared.js";
import { sql, type Kysely, type Transaction } from "kysely";
import type { Database, NewCommandLog } from "../db/schema.js";
import { adapterOf } from "../domain/destination.js";
import { CHANGES_CHANNEL, changePayload, type ChangeScope } from "./events.js";
import { OUTBOX_CHANNEL, type OutboxEntry } from "./outbox.js";

export interface CommandRecord {
  log: NewCommandLog;
  entries: readonly OutboxEntry[];
  /** The event the command changed, and what of it; null when it changed nothing. */
  bump: { eventId: number; slug: string; scope: ChangeScope | undefined } | null;
}

/** Writes a command's decision; its log id and new version, or undefined for a logged message id. */
export async function recordCommand(
  db: Kysely<Database> | Transaction<Database>,
  record: CommandRecord,
): Promise<{ logId: number; version: number | null } | undefined> {
  const { log, entries, bump } = record;
  const rows = entries.map((e) => ({
    adapter: adapterOf(e.destination),
    destination: e.destination,
    message: e.message,
  }));
  const adapters = [...new Set(rows.map((r) => r.adapter))];
  const payload = bump === null ? null : changePayload(bump.slug, bump.scope);
  const row = await db
    .with("logged", (q) =>
      q
        .insertInto("command_log")
        .values(log)
        .onConflict((oc) => oc.column("message_id").doNothing())
        .returning("id"),
    )
    .with("queued", (q) =>
      q
        .insertInto("outbox")
        .columns(["command_id", "adapter", "destination", "message"])
        .expression(
          // In the entries' order: rows of one destination are delivered in id order.
          sql`select logged.id, e.value->>'adapter', e.value->'destination', e.value->'message'
              from logged, jsonb_array_elements(${JSON.stringify(rows)}::jsonb)
              with ordinality as e(value, n) order by e.n`,
        )
        .returning("outbox.id"),
    )
    .with("bumped", (q) =>
      q
        .updateTable("events")
        .set({ version: sql<number>`version + 1`, updated_at: sql<Date>`now()` })
        .where("id", "=", bump?.eventId ?? null)
        .where(sql<boolean>`exists (select from logged)`)
        .returning("version"),
    )
    .selectFrom("logged")
    .select((eb) => [
      "logged.id",
      eb.selectFrom("bumped").select("version").as("version"),
      // NOTIFYs are delivered when the transaction commits, and only when the row was logged.
      eb
        .selectFrom("bumped")
        .select(
          sql<string>`pg_notify(${CHANGES_CHANNEL}, ${payload?.before ?? ""} || version || ${payload?.after ?? ""})`.as(
            "n",
          ),
        )
        .as("changed"),
      sql<number>`(select count(pg_notify(${OUTBOX_CHANNEL}, a)) from unnest(${adapters}::text[]) as a)`.as(
        "told",
      ),
    ])
    .modifyEnd(sql.raw(PREPARED_MARK))
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return { logId: row.id, version: row.version ?? null };
}
