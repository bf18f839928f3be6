// What reached Synapse, read from its own (SQLite) database with the Python of its venv: the
// benchmark counts delivered messages where the homeserver stored them, not where the bot says
// it sent them.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { SYNAPSE_VENV } from "../test/support/synapse.js";

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

export interface Delivered {
  /** Messages stored. */
  messages: number;
  /** Rooms they are in (messages = rooms: one each). */
  rooms: number;
  /** Received by Synapse, ms since the epoch: the first and the last one (NaN when none). */
  firstReceivedTs: number;
  lastReceivedTs: number;
  roomIds: Set<string>;
}

/** The messages `sender` sent whose JSON contains `marker`, as Synapse stored them. */
export async function deliveredMessages(
  dataDir: string,
  sender: string,
  marker: string,
): Promise<Delivered> {
  const python = path.join(SYNAPSE_VENV, "bin", "python");
  const { stdout } = await run(
    python,
    ["-c", SCRIPT, path.join(dataDir, "homeserver.db"), sender, marker],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const rows = JSON.parse(stdout) as [string, number][];
  const roomIds = new Set(rows.map(([room]) => room));
  return {
    messages: rows.length,
    rooms: roomIds.size,
    firstReceivedTs: rows.length === 0 ? NaN : Math.min(...rows.map(([, ts]) => ts)),
    lastReceivedTs: rows.length === 0 ? NaN : Math.max(...rows.map(([, ts]) => ts)),
    roomIds,
  };
}

/** When Synapse received event `eventId` (ms since the epoch). */
export async function receivedTs(dataDir: string, eventId: string): Promise<number> {
  const python = path.join(SYNAPSE_VENV, "bin", "python");
  const { stdout } = await run(python, [
    "-c",
    `import sqlite3, sys
db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True, timeout=30)
print(db.execute("select received_ts from events where event_id = ?", (sys.argv[2],)).fetchone()[0])`,
    path.join(dataDir, "homeserver.db"),
    eventId,
  ]);
  return Number(stdout.trim());
}
