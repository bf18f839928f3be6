/**
 * A private, throwaway Redis (the Debian package's redis-server) on a free port: Synapse's
 * workers replicate through Redis pub/sub on a channel named after the server name, which a
 * shared Redis would mix up between two benchmarks' homeservers of the same name.
 */
import { spawn } from "node:child_process";
import { connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

import { killOnExit, stopChild } from "./child-process.js";
import { findFreePort } from "./free-port.js";

export interface RedisHandle {
  port: number;
  pid: number | undefined;
  stop(): Promise<void>;
}

/** Whether a Redis answers PING on 127.0.0.1:`port`. */
function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let reply = "";
    socket.setTimeout(1_000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.on("error", () => {
      resolve(false);
    });
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (data) => {
      reply += data.toString("latin1");
      if (reply.includes("\r\n")) {
        socket.destroy();
        resolve(reply.startsWith("+PONG"));
      }
    });
  });
}

/** Starts redis-server (no persistence) and waits until it answers. */
export async function startRedis(timeoutMs = 10_000): Promise<RedisHandle> {
  const port = await findFreePort();
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr.on("data", (data: Buffer) => {
    stderr += data.toString();
  });
  const unguard = killOnExit(child);
  const stop = async (): Promise<void> => {
    await stopChild(child, { graceMs: 3_000 });
    unguard();
  };
  const deadline = Date.now() + timeoutMs;
  while (!(await pings(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`redis-server did not start on port ${String(port)}: ${stderr}`);
    }
    await sleep(50);
  }
  return { port, pid: child.pid, stop };
}
