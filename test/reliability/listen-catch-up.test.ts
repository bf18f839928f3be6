// The change feed's catch-up: after its LISTEN connection was lost, a server process compares
// versions as soon as it listens again. Two server processes with the periodic version check
// turned off; their LISTEN connections are terminated and kept from reconnecting (their role may
// not log in for a moment) while ONE change is committed: its notification reaches nobody, so
// only the catch-up can bring it to their live streams.
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { streamUrl } from "../../shared/api/stream.js";
import { runCommand } from "../../shared/commands/execute.js";
import { migrateToLatest } from "../../shared/db/migrate.js";
import { openStore, type Store } from "../../shared/db/open.js";
import { LISTENER_APPLICATION } from "../../shared/db/pg-listener.js";
import { ensureEvent } from "../../shared/store/events.js";
import { killOnExit, stopChild } from "../support/child-process.js";
import { createPgCluster, type PgCluster } from "../support/pg-cluster.js";
import { SseClient } from "../server/support.js";

const SLUG = "catchup";
const SCRIPT = new URL("./server-process.ts", import.meta.url).pathname;

let cluster: PgCluster;
let store: Store;
let counter = 0;

async function apply(text: string): Promise<number> {
  const outcome = await runCommand(
    store.db,
    {
      messageId: `catch-up-${++counter}`,
      eventSlug: SLUG,
      chatRoomId: null,
      venue: "event-room",
      actor: { id: "@mod:test", nick: "mod", powerLevel: 100 },
      text,
    },
    { helpUrl: "http://ptg.test/help" },
  );
  if (outcome.status !== "done" || outcome.version === null) {
    throw new Error(`'${text}' changed nothing: ${JSON.stringify(outcome)}`);
  }
  return outcome.version;
}

interface ServerProcess {
  base: string;
  stderr: () => string;
  stop(): Promise<void>;
}

function startServer(url: string): Promise<ServerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", SCRIPT, url]);
  const unguard = killOnExit(child);
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      const match = /listening (http:\/\/\S+)/.exec(stdout);
      if (match?.[1] !== undefined) {
        resolve({
          base: match[1],
          stderr: () => stderr,
          stop: async () => {
            await stopChild(child);
            unguard();
          },
        });
      }
    });
    child.once("exit", (code) => {
      reject(new Error(`the server process exited (${String(code)}):\n${stderr}`));
    });
  });
}

beforeAll(async () => {
  cluster = await createPgCluster();
  // The servers' own role, so that its logins can be refused for a moment.
  await cluster.query("create role ptg_server login superuser");
  store = await openStore({ kind: "postgres", url: cluster.url() });
  await migrateToLatest(store.db);
  await ensureEvent(store.db, SLUG);
  await apply("~add nova");
});
afterAll(async () => {
  await store.close();
  await cluster.destroy();
});

describe("the change feed after its LISTEN connection is lost", { timeout: 180_000 }, () => {
  it("catches up at once when LISTEN is back: both processes' streams get a lone change", async () => {
    const servers = await Promise.all(
      [1, 2].map(() => startServer(cluster.url("ptg", "ptg_server"))),
    );
    const streams: SseClient[] = [];
    try {
      for (const server of servers) {
        const stream = await SseClient.open(`${server.base}${streamUrl(SLUG)}`);
        streams.push(stream);
        await stream.waitFor((m) => m.event === "state", "the state");
      }
      // Both hear a change through NOTIFY as usual.
      const first = await apply("#nova now before the cut");
      for (const stream of streams) {
        await stream.waitFor((m) => m.id === String(first), "the change before the cut");
      }

      await cluster.query("alter role ptg_server nologin");
      const killed = await cluster.query<{ n: number }>(
        `select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
         where application_name = $1`,
        [LISTENER_APPLICATION],
      );
      expect(killed[0]?.n).toBe(2);
      await vi.waitFor(
        async () => {
          const rows = await cluster.query<{ n: number }>(
            "select count(*)::int as n from pg_stat_activity where application_name = $1",
            [LISTENER_APPLICATION],
          );
          expect(rows[0]?.n).toBe(0);
        },
        { timeout: 30_000, interval: 50 },
      );

      // The lone change, while nobody listens.
      const lone = await apply("#nova now the lone change");
      await cluster.query("alter role ptg_server login");

      for (const [i, stream] of streams.entries()) {
        const message = await stream.waitFor(
          (m) => m.id === String(lone),
          `the lone change on server ${i + 1}`,
        );
        expect(message.event).toBe("change");
        expect(message.data).toContain("the lone change");
      }
      for (const server of servers) {
        expect(server.stderr()).toMatch(/PostgreSQL listener lost its connection/);
      }
    } finally {
      for (const stream of streams) stream.close();
      await cluster.query("alter role ptg_server login");
      await Promise.all(servers.map((s) => s.stop()));
    }
  });
});
