// PostgreSQL faults under `ptg start` (server + console in one process, as an operator runs
// it), on a private cluster this test starts and stops itself: a crash-stop mid-stream, 20
// sweeps of pg_terminate_backend under load, and a start while the database is down. The
// process never exits; every command is applied exactly once or its sender is told it was not;
// the state equals the command log; live streams see changes again.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { streamUrl } from "../../shared/api/stream.js";
import { findFreePort } from "../support/free-port.js";
import { createPgCluster, type PgCluster } from "../support/pg-cluster.js";
import { startPtg, type PtgProcess } from "../support/ptg-process.js";
import { SseClient } from "../server/support.js";
import { ConsoleStream, expectExactlyOnce, told } from "./console-stream.js";

let cluster: PgCluster;

beforeAll(async () => {
  cluster = await createPgCluster();
});
afterAll(async () => {
  await cluster.destroy();
});

async function startProcess(): Promise<{ proc: PtgProcess; base: string }> {
  const port = await findFreePort();
  const proc = startPtg([], {
    DATABASE_URL: cluster.url(),
    PORT: String(port),
    PTG_DEFAULT_EVENT: "ptg",
  });
  await proc.waitForLine(/^Serving on http/, { timeoutMs: 120_000 });
  return { proc, base: `http://127.0.0.1:${port}` };
}

/** The version the database holds for the default event. */
async function dbVersion(): Promise<number> {
  const [row] = await cluster.query<{ version: number }>(
    "select version from events where slug = 'ptg'",
  );
  if (row === undefined) throw new Error("no event 'ptg'");
  return row.version;
}

async function stopAndCheckExit(proc: PtgProcess): Promise<void> {
  expect(proc.exited, proc.output()).toBeUndefined();
  const how = await proc.stop();
  expect(how, proc.output()).toEqual({ code: 0, signal: null });
}

describe("ptg start on PostgreSQL that fails", { timeout: 300_000 }, () => {
  it("starts while the database is down: listens, /readyz says why, becomes ready without a restart", async () => {
    await cluster.stop();
    let down = true;
    let proc: PtgProcess | undefined;
    try {
      const started = await startProcess();
      proc = started.proc;
      const { base } = started;
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(503);
      const body = (await ready.json()) as { error: { message: string } };
      expect(body.error.message).toMatch(/^The database is not reachable \(ECONNREFUSED\)$/);
      await proc.waitForLine(/Waiting for PostgreSQL at 127\.0\.0\.1:\d+\/ptg \(.*ECONNREFUSED/);

      await cluster.start();
      down = false;
      await vi.waitFor(
        async () => {
          expect((await fetch(`${base}/readyz`)).status).toBe(200);
        },
        { timeout: 60_000, interval: 200 },
      );
      const stream = await ConsoleStream.open(proc, "early");
      await stream.untilApplied(3);
      await expectExactlyOnce(cluster, base, "early", stream.sent);
    } finally {
      if (down) await cluster.start();
      if (proc !== undefined) await stopAndCheckExit(proc);
    }
  });

  it("survives a crash-stop of PostgreSQL mid-stream and carries on once it is back", async () => {
    const { proc, base } = await startProcess();
    let live: SseClient | undefined;
    try {
      const stream = await ConsoleStream.open(proc, "crash");
      live = await SseClient.open(`${base}${streamUrl("ptg")}`);
      await live.waitFor((m) => m.event === "state", "the state");
      await stream.untilApplied(10);

      // Stop the server while a command is in flight, then keep typing during the outage.
      const inFlight = stream.next();
      await cluster.stop("immediate");
      await inFlight;
      await stream.untilTold(5);
      await cluster.start();
      await stream.untilApplied(10);

      expect(stream.sent.some((s) => told(s.reply))).toBe(true);
      await expectExactlyOnce(cluster, base, "crash", stream.sent);
      // The live stream that was open all along sees the changes made after the recovery.
      const version = await dbVersion();
      await live.waitFor((m) => m.id === String(version), `version ${version} on the live stream`);
      expect(live.ended).toBe(false);
    } finally {
      live?.close();
      await stopAndCheckExit(proc);
    }
  });

  it("survives 20 sweeps of pg_terminate_backend on all its connections under load", async () => {
    const { proc, base } = await startProcess();
    let live: SseClient | undefined;
    try {
      const stream = await ConsoleStream.open(proc, "sweep");
      live = await SseClient.open(`${base}${streamUrl("ptg")}`);
      await live.waitFor((m) => m.event === "state", "the state");
      await stream.untilApplied(3);

      let sweeping = true;
      const stillSweeping = (): boolean => sweeping;
      let killed = 0;
      const sweeps = (async () => {
        for (let i = 0; i < 20; i++) {
          const rows = await cluster.query<{ n: number }>(
            `select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
             where datname = 'ptg' and pid <> pg_backend_pid() and backend_type = 'client backend'`,
          );
          killed += rows[0]?.n ?? 0;
          // Let a couple of commands through (or fail) before the next sweep.
          const seen = stream.sent.length;
          await vi.waitFor(
            () => {
              expect(stream.sent.length).toBeGreaterThanOrEqual(seen + 2);
            },
            { timeout: 60_000, interval: 20 },
          );
        }
      })().finally(() => {
        sweeping = false;
      });
      while (stillSweeping()) await stream.next();
      await sweeps;
      await stream.untilApplied(5);

      expect(killed).toBeGreaterThanOrEqual(20);
      await expectExactlyOnce(cluster, base, "sweep", stream.sent);
      const version = await dbVersion();
      await live.waitFor((m) => m.id === String(version), `version ${version} on the live stream`);
    } finally {
      live?.close();
      await stopAndCheckExit(proc);
    }
  });
});
