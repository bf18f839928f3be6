/**
 * Synapse with workers, for benchmarks (`startSynapse({ postgres, workers: N })`): the main
 * process plus N event persisters (Synapse's `stream_writers.events`, sharded by room), which
 * also serve the client API, replicating through a private Redis (redis-server.ts). There is no
 * reverse proxy in front: synapse-router.ts sends each `/rooms/{roomId}/send/…` request to the
 * persister of that room (so the event is created and stored in one process, no replication
 * hop) and everything else to the main process.
 */
import { createHash } from "node:crypto";
import path from "node:path";

import { run } from "./child-process.js";
import { pipInstall } from "./python-venv.js";

/** Synapse's Redis client and parser (its optional `redis` extra), pinned, as wheels. */
const REDIS_DRIVER = ["txredisapi==1.5.0", "hiredis==3.5.0"];

/** Installs Synapse's Redis driver into its venv, once. */
export async function ensureRedisDriver(python: string): Promise<void> {
  try {
    const check = REDIS_DRIVER.map((pin) => {
      const [name, version] = pin.split("==");
      return `assert version(${JSON.stringify(name)}) == ${JSON.stringify(version)}`;
    });
    await run(python, ["-c", ["from importlib.metadata import version", ...check].join("; ")]);
    return;
  } catch {
    // not installed yet
  }
  try {
    await pipInstall(python, REDIS_DRIVER, 5 * 60_000);
  } catch (error) {
    throw new Error(
      `Could not install ${REDIS_DRIVER.join(", ")} for Synapse's workers: ` +
        (error instanceof Error ? error.message : String(error)),
      { cause: error },
    );
  }
}

/** The name of event persister `i` (0-based) in Synapse's `instance_map` and `stream_writers`. */
export const persisterName = (i: number): string => `persister${String(i + 1)}`;

/**
 * The event persister Synapse picks for `roomId` among `count` (its ShardedWorkerHandlingConfig:
 * the SHA-256 of the room id, read as a little-endian integer, modulo the number of writers).
 */
export function persisterOfRoom(roomId: string, count: number): number {
  if (count <= 1) return 0;
  const digest = createHash("sha256").update(roomId, "utf8").digest();
  let value = 0n;
  for (let i = digest.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(digest[i] ?? 0);
  return Number(value % BigInt(count));
}

export interface WorkerPorts {
  /** The main process's replication listener. */
  mainReplication: number;
  /** Each persister's listener (client and replication resources). */
  persisters: number[];
  redis: number;
}

/** What the main process's homeserver.yaml gains (its `listeners` replace the generated ones). */
export function mainWorkerConfig(
  ports: WorkerPorts,
  listeners: unknown[],
): Record<string, unknown> {
  const host = "127.0.0.1";
  const instanceMap: Record<string, { host: string; port: number }> = {
    main: { host, port: ports.mainReplication },
  };
  ports.persisters.forEach((port, i) => {
    instanceMap[persisterName(i)] = { host, port };
  });
  return {
    listeners: [
      ...listeners,
      {
        port: ports.mainReplication,
        bind_addresses: [host],
        type: "http",
        tls: false,
        x_forwarded: false,
        resources: [{ names: ["replication"], compress: false }],
      },
    ],
    instance_map: instanceMap,
    stream_writers: { events: ports.persisters.map((_, i) => persisterName(i)) },
    redis: { enabled: true, host, port: ports.redis },
  };
}

/** The config file of persister `i` (given to it after homeserver.yaml). */
export function persisterConfig(i: number, port: number, dataDir: string): Record<string, unknown> {
  return {
    worker_app: "synapse.app.generic_worker",
    worker_name: persisterName(i),
    worker_listeners: [
      {
        type: "http",
        port,
        bind_addresses: ["127.0.0.1"],
        tls: false,
        x_forwarded: false,
        resources: [{ names: ["client", "replication"], compress: false }],
      },
    ],
    worker_log_config: path.join(dataDir, `log-${persisterName(i)}.yaml`),
  };
}
