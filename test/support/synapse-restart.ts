/**
 * A Synapse that can be stopped and started again on the same address with the same data (users,
 * rooms, access tokens), as when an operator restarts a homeserver. Built on `startSynapse` (with
 * its data dir kept) and the homeserver.yaml it wrote.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { killOnExit, stopChild } from "./child-process.js";
import { matrixRequest } from "./matrix-client.js";
import {
  ensureSynapseInstalled,
  startSynapse,
  type StartSynapseOptions,
  type SynapseHandle,
} from "./synapse.js";

export interface RestartableSynapse {
  /** The first run's handle: registerUser etc. work while the server runs. */
  handle: SynapseHandle;
  baseUrl: string;
  /**
   * Stops the server, keeping its data: SIGTERM (a clean stop), or SIGKILL (a crash: it is gone
   * at once, requests in flight fail). The first run, started by startSynapse, stops cleanly.
   */
  stop(signal?: "SIGTERM" | "SIGKILL"): Promise<void>;
  /** Starts it again on the same port with the same data; resolves when it answers. */
  start(): Promise<void>;
  /** Stops it and removes its data. */
  destroy(): Promise<void>;
}

export async function startRestartableSynapse(
  options: Omit<StartSynapseOptions, "keepDataDir"> = {},
): Promise<RestartableSynapse> {
  const python = await ensureSynapseInstalled();
  const handle = await startSynapse({ ...options, keepDataDir: true });
  let relaunched: ChildProcess | null = null;
  let unguard: () => void = () => undefined;
  let firstRunning = true;

  const stop = async (signal: "SIGTERM" | "SIGKILL" = "SIGTERM"): Promise<void> => {
    if (firstRunning) {
      await handle.stop();
      firstRunning = false;
    }
    if (relaunched !== null) {
      const child = relaunched;
      if (signal === "SIGKILL" && child.exitCode === null && child.signalCode === null) {
        const gone = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGKILL");
        await gone;
      }
      await stopChild(child, { graceMs: 10_000 });
      unguard();
      relaunched = null;
    }
  };

  const start = async (): Promise<void> => {
    if (firstRunning || relaunched !== null) return;
    const stdio = openSync(path.join(handle.dataDir, "stdio.log"), "a");
    const child = spawn(
      python,
      ["-m", "synapse.app.homeserver", "-c", path.join(handle.dataDir, "homeserver.yaml")],
      {
        cwd: handle.dataDir,
        stdio: ["ignore", stdio, stdio],
        env: { ...process.env, PYTHONUNBUFFERED: "1" },
      },
    );
    closeSync(stdio);
    relaunched = child;
    unguard = killOnExit(child);
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`Synapse exited while restarting:\n${await handle.logTail()}`);
      }
      try {
        await matrixRequest(handle.baseUrl, "GET", "/_matrix/client/versions", {
          timeoutMs: 2_000,
        });
        return;
      } catch (error) {
        if (Date.now() > deadline) {
          throw new Error(`Synapse did not come back on ${handle.baseUrl}`, { cause: error });
        }
      }
      await sleep(200);
    }
  };

  return {
    handle,
    baseUrl: handle.baseUrl,
    stop,
    start,
    destroy: async () => {
      await stop("SIGKILL");
      await rm(handle.dataDir, { recursive: true, force: true });
    },
  };
}
