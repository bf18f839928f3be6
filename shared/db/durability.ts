// Commits that leave the disk flush to later, for transactions that hold a hot row lock until
// they commit (a command's event row, shared/operations/execute.ts): a synchronous commit holds
// the lock through the WAL flush, so the commands of one event could not commit faster than the
// disk flushes, one after the other. Such a transaction commits asynchronously (its lock goes as
// soon as its commit record is written) and its caller then waits for a flush barrier: a
// `setval` on the ptg_flush_mark sequence (migrations/0170), which writes WAL and commits
// synchronously, so it returns once everything committed before it is on disk. Waiters share
// barriers: at most one runs per store, and whoever arrives while one runs waits for the next.
// Barriers run on a connection of their own, never queued behind the pool's transactions.
// PostgreSQL only (PGlite's commits are in-process).
import type { Kysely } from "kysely";
import type pg from "pg";
import { CoalescedRun } from "../coalesced-run.js";
import type { Database } from "./schema.js";

export class FlushBarrier {
  private readonly barriers: CoalescedRun;

  /** A pool of one connection, for barriers only. */
  constructor(pool: pg.Pool) {
    this.barriers = new CoalescedRun(() =>
      pool.query("select setval('ptg_flush_mark', 1)").then(() => undefined),
    );
  }

  /** Resolves once everything this process committed before the call is on disk. */
  flush(): Promise<void> {
    return this.barriers.run();
  }
}

const barriers = new WeakMap<Kysely<Database>, FlushBarrier>();

/**
 * Lets a PostgreSQL store's command transactions commit asynchronously (open.ts), with barriers
 * on `pool` (one connection of its own).
 */
export function enableFlushBarrier(db: Kysely<Database>, pool: pg.Pool): void {
  barriers.set(db, new FlushBarrier(pool));
}

/** The store's flush barrier, or undefined when its commits must stay synchronous. */
export function flushBarrierOf(db: Kysely<Database>): FlushBarrier | undefined {
  return barriers.get(db);
}
