// Starts bench/server-child.ts in its own Node process and talks to it.
import { fork, type ChildProcess } from "node:child_process";
import { isFromChild, type ChildOptions, type FromChild, type ToChild } from "./protocol.js";

type Ready = Extract<FromChild, { type: "ready" }>;

export class ServerChild {
  private constructor(
    private readonly child: ChildProcess,
    readonly ready: Ready,
  ) {}

  static async start(options: ChildOptions): Promise<ServerChild> {
    const script = new URL("./server-child.ts", import.meta.url).pathname;
    const args = ["--store", options.store, "--tracks", String(options.tracks)];
    const child = fork(script, options.plain ? [...args, "--plain"] : args, {
      // BENCH_CPU_PROF=DIR: the server writes a CPU profile there when it stops.
      execArgv: [
        "--import",
        "tsx",
        ...(process.env.BENCH_CPU_PROF
          ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
          : []),
      ],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const ready = await new Promise<Ready>((resolve, reject) => {
      child.once("exit", (code) => {
        reject(new Error(`the server process exited (${code ?? "signal"})`));
      });
      child.on("message", (message: unknown) => {
        if (!isFromChild(message)) return;
        if (message.type === "ready") resolve(message);
        if (message.type === "error") reject(new Error(message.message));
      });
    });
    return new ServerChild(child, ready);
  }

  /** Sends a request and waits for the answer of the given type. */
  ask<T extends FromChild["type"]>(
    message: ToChild,
    answer: T,
  ): Promise<Extract<FromChild, { type: T }>> {
    return new Promise((resolve, reject) => {
      const onMessage = (reply: unknown): void => {
        if (!isFromChild(reply)) return;
        if (reply.type === "error") {
          this.child.off("message", onMessage);
          reject(new Error(reply.message));
        } else if (reply.type === answer) {
          this.child.off("message", onMessage);
          resolve(reply as Extract<FromChild, { type: T }>);
        }
      };
      this.child.on("message", onMessage);
      this.child.send(message);
    });
  }

  /** Sends without waiting (for timing: the caller measures from just before). */
  post(message: ToChild): void {
    this.child.send(message);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) =>
      this.child.once("exit", () => {
        resolve();
      }),
    );
    this.child.send({ type: "stop" } satisfies ToChild);
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 15_000);
    await exited;
    clearTimeout(timer);
  }
}
