// What reached Synapse, read from its own database (PostgreSQL with node-postgres, SQLite with the
// Python of its venv): the benchmark counts delivered messages where the homeserver stored them,
// not where the bot says it sent them.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { SYNAPSE_VENV, type SynapseHandle } from "../test/support/synapse.js";
import { queryOnce } from "../test/support/synapse-postgres.js";

const run = promisify(execFile);

const SCRIPT = `
import json, sqlite3, sys
db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True, timeout=30)
rows = db.execute(
    "select e.room_id, e.received_ts from events e join event_json j on j.event_id = e.event_id"
    " where e.type = 'm.room.message' and e.sender = ? and j.json like ?",
    (sys.argv[2], "%" + sys.argv[3] + "%"),
).fetchall()
print(json.dumps([[r, t] for r, t in rows]))
`;

/** Where Synapse keeps its database. */
export type SynapseStore = Pick<SynapseHandle, "dataDir" | "databaseUrl">;

const MESSAGES_SQL =
  "select e.room_id, e.received_ts from events e join event_json j on j.event_id = e.event_id" +
  " where e.type = 'm.room.message' and e.sender = $1 and j.json like $2";

export interface Delivered {
  /** Messages stored. */
  messages: number;
  /** Rooms they are in (messages = rooms: one each). */
  rooms: number;
  /** Received by Synapse, ms since the epoch: the first and the last one (NaN when none). */
  firstReceivedTs: number;
  lastReceivedTs: number;
  roomIds: Set<string>;
  /** Messages per room. */
  perRoom: Map<string, number>;
}

/** The messages `sender` sent whose JSON contains `marker`, as Synapse stored them. */
export async function deliveredMessages(
  hs: SynapseStore,
  sender: string,
  marker: string,
): Promise<Delivered> {
  let rows: [string, number][];
  if (hs.databaseUrl !== undefined) {
    const found = await queryOnce<{ room_id: string; received_ts: string }>(
      hs.databaseUrl,
      MESSAGES_SQL,
      [sender, `%${marker}%`],
    );
    rows = found.map((r) => [r.room_id, Number(r.received_ts)]);
  } else {
    const python = path.join(SYNAPSE_VENV, "bin", "python");
    const { stdout } = await run(
      python,
      ["-c", SCRIPT, path.join(hs.dataDir, "homeserver.db"), sender, marker],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    rows = JSON.parse(stdout) as [string, number][];
  }
  const roomIds = new Set(rows.map(([room]) => room));
  const perRoom = new Map<string, number>();
  for (const [room] of rows) perRoom.set(room, (perRoom.get(room) ?? 0) + 1);
  return {
    messages: rows.length,
    rooms: roomIds.size,
    firstReceivedTs: rows.length === 0 ? NaN : Math.min(...rows.map(([, ts]) => ts)),
    lastReceivedTs: rows.length === 0 ? NaN : Math.max(...rows.map(([, ts]) => ts)),
    roomIds,
    perRoom,
  };
}

/** When Synapse received event `eventId` (ms since the epoch). */
export async function receivedTs(hs: SynapseStore, eventId: string): Promise<number> {
  if (hs.databaseUrl !== undefined) {
    const [row] = await queryOnce<{ received_ts: string }>(
      hs.databaseUrl,
      "select received_ts from events where event_id = $1",
      [eventId],
    );
    if (row === undefined) throw new Error(`Synapse has no event ${eventId}`);
    return Number(row.received_ts);
  }
  const python = path.join(SYNAPSE_VENV, "bin", "python");
  const { stdout } = await run(python, [
    "-c",
    `import sqlite3, sys
db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True, timeout=30)
print(db.execute("select received_ts from events where event_id = ?", (sys.argv[2],)).fetchone()[0])`,
    path.join(hs.dataDir, "homeserver.db"),
    eventId,
  ]);
  return Number(stdout.trim());
}
