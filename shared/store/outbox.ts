// The outbox's verbs: queue messages in a command's transaction, read what an adapter must
// deliver, mark rows delivered.
import { sql, type Transaction } from "kysely";
import type { Database } from "../db/schema.js";
import { deliverySeconds } from "../metrics/process-registry.js";
import { adapterOf, type Destination, type OutboxMessage } from "../domain/destination.js";
import type { Queryable } from "./events.js";

/** Told (after the transaction commits) when rows were queued; the payload is the adapter. */
export const OUTBOX_CHANNEL = "ptg_outbox";

export interface OutboxEntry {
  destination: Destination;
  message: OutboxMessage;
}

export interface OutboxRow extends OutboxEntry {
  id: number;
  commandId: number | null;
  createdAt: Date;
}

/** Queues messages in the caller's transaction, and tells their adapters once it commits. */
export async function enqueue(
  trx: Transaction<Database>,
  commandId: number | null,
  entries: OutboxEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  await trx
    .insertInto("outbox")
    .values(
      entries.map((e) => ({
        command_id: commandId,
        adapter: adapterOf(e.destination),
        destination: JSON.stringify(e.destination),
        message: JSON.stringify(e.message),
      })),
    )
    .execute();
  for (const adapter of new Set(entries.map((e) => adapterOf(e.destination)))) {
    await sql`select pg_notify(${OUTBOX_CHANNEL}, ${adapter})`.execute(trx);
  }
}

const toRow = (r: {
  id: number;
  command_id: number | null;
  destination: unknown;
  message: unknown;
  created_at: Date;
}): OutboxRow => ({
  id: r.id,
  commandId: r.command_id,
  destination: r.destination as Destination,
  message: r.message as OutboxMessage,
  createdAt: r.created_at,
});

/** How many messages wait to be delivered, for every adapter (a metric). */
export async function undeliveredCount(db: Queryable): Promise<number> {
  const { n } = await db
    .selectFrom("outbox")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("delivered_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** What a delivered row was, for the delivery-latency metric. */
function deliveryKind(row: Partial<Pick<OutboxRow, "destination" | "message">>): string {
  if (row.message?.kind === "install-widget") return "widget";
  const kind = row.destination?.kind;
  return kind === "matrix.dm" || kind === "matrix.bridged" ? "notification" : "reply";
}

/** The adapter's undelivered rows, oldest first, but for the rows `except` (deferred ones). */
export async function pendingRows(
  db: Queryable,
  adapter: "matrix" | "console",
  limit: number,
  except: readonly number[] = [],
): Promise<OutboxRow[]> {
  let query = db
    .selectFrom("outbox")
    .select(["id", "command_id", "destination", "message", "created_at"])
    .where("adapter", "=", adapter)
    .where("delivered_at", "is", null);
  if (except.length > 0) query = query.where("id", "not in", except);
  const rows = await query.orderBy("id").limit(limit).execute();
  return rows.map(toRow);
}

/** A command's undelivered rows for an adapter, in order. */
export async function pendingRowsOf(
  db: Queryable,
  commandId: number,
  adapter: "matrix" | "console",
): Promise<OutboxRow[]> {
  const rows = await db
    .selectFrom("outbox")
    .select(["id", "command_id", "destination", "message", "created_at"])
    .where("command_id", "=", commandId)
    .where("adapter", "=", adapter)
    .where("delivered_at", "is", null)
    .orderBy("id")
    .execute();
  return rows.map(toRow);
}

/**
 * Marks a row delivered (or given up, with why). When it was its command's last undelivered
 * row, the command is marked delivered too.
 */
export async function markRowDelivered(
  db: Queryable,
  row: { id: number; commandId: number | null } & Partial<
    Pick<OutboxRow, "createdAt" | "destination" | "message">
  >,
  failure: string | null = null,
): Promise<void> {
  await db
    .updateTable("outbox")
    .set({ delivered_at: sql<Date>`now()`, failure })
    .where("id", "=", row.id)
    .execute();
  if (failure === null && row.createdAt !== undefined) {
    deliverySeconds
      .labels(deliveryKind(row))
      .observe(Math.max(0, Date.now() - row.createdAt.getTime()) / 1000);
  }
  if (row.commandId === null) return;
  const commandId = row.commandId;
  await db
    .updateTable("command_log")
    .set({ delivered: true })
    .where("id", "=", commandId)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("outbox")
            .select("outbox.id")
            .where("outbox.command_id", "=", commandId)
            .where("outbox.delivered_at", "is", null),
        ),
      ),
    )
    .execute();
}
