// A stream of console commands into a running `ptg start` (server + console on PostgreSQL), and
// the checks that every command was applied exactly once or its sender was told it was not.
import { expect, vi } from "vitest";
import { STORE_UNAVAILABLE } from "../../shared/operations/execute.js";
import type { PgCluster } from "../support/pg-cluster.js";
import type { PtgProcess } from "../support/ptg-process.js";

/** What `/event` prints: typed after each command, it marks the end of that command's output. */
const MARKER = /^Event: /;

export interface Sent {
  item: string;
  reply: string;
}

export class ConsoleStream {
  readonly sent: Sent[] = [];
  private cursor: number;
  private counter = 0;

  constructor(
    private readonly proc: PtgProcess,
    private readonly track: string,
  ) {
    this.cursor = proc.lines.length;
  }

  /** Waits for the console's banner (it starts once the database is ready). */
  static async open(proc: PtgProcess, track: string): Promise<ConsoleStream> {
    await proc.waitForLine(/^PTG console on event/, { timeoutMs: 120_000 });
    const stream = new ConsoleStream(proc, track);
    await stream.command(`~add ${track}`);
    return stream;
  }

  /**
   * Types one line and resolves with everything the console printed for it (its reply, and any
   * error lines), one line after the other. A `/event` typed after it marks the end.
   */
  async command(text: string): Promise<string> {
    this.proc.type(text);
    this.proc.type("/event");
    const marker = await this.proc.waitForLine(MARKER, {
      from: this.cursor,
      timeoutMs: 60_000,
      stream: "stdout",
    });
    const end = this.proc.lines.indexOf(marker);
    const printed = this.proc.lines
      .slice(this.cursor, end)
      .filter((l) => l.stream === "stdout" && !l.text.startsWith("{") && l.text.trim() !== "")
      .map((l) => l.text);
    this.cursor = end + 1;
    return printed.join("\n");
  }

  /** Sends the next `#track next item-N` and records its reply. */
  async next(): Promise<Sent> {
    const item = `item-${++this.counter}`;
    const reply = await this.command(`#${this.track} next ${item}`);
    const sent = { item, reply };
    this.sent.push(sent);
    return sent;
  }

  /** Sends commands until `count` more of them were applied (or `limit` were sent). */
  async untilApplied(count: number, limit = 400): Promise<void> {
    let applied = 0;
    for (let i = 0; applied < count; i++) {
      if (i >= limit) throw new Error(`Only ${applied} of ${limit} commands were applied`);
      if (succeeded((await this.next()).reply)) applied++;
    }
  }

  /** Sends commands until `count` of them were refused with "nothing was changed". */
  async untilTold(count: number, limit = 400): Promise<void> {
    let refused = 0;
    for (let i = 0; refused < count; i++) {
      if (i >= limit) throw new Error(`Only ${refused} of ${limit} commands were refused`);
      if (told((await this.next()).reply)) refused++;
    }
  }
}

interface ServedState {
  version: number;
  tracks: { name: string; next: string[] }[];
}

/** The sender was told that nothing was changed. */
export const told = (reply: string): boolean => reply.includes(STORE_UNAVAILABLE);

/** The sender got the command's normal answer (its reply, or OK): it was applied. */
export const succeeded = (reply: string): boolean =>
  !told(reply) && reply.split("\n").every((line) => !line.startsWith("Error: "));

/**
 * Every command was either applied exactly once (and its sender got its normal reply) or not at
 * all (and its sender was told so); the track's state equals the command log.
 */
export async function expectExactlyOnce(
  cluster: PgCluster,
  baseUrl: string,
  track: string,
  sent: readonly Sent[],
): Promise<void> {
  const logged = await cluster.query<{ text: string }>(
    "select text from command_log where text like $1 and result = 'ok' order by id",
    [`#${track} next item-%`],
  );
  const applied = logged.map((r) => r.text.slice(`#${track} next `.length));
  expect(new Set(applied).size).toBe(applied.length);

  // The server's view follows the database (through NOTIFY and the catch-up after LISTEN is back).
  const [row] = await cluster.query<{ version: number }>(
    "select version from events where slug = 'ptg'",
  );
  const state = await vi.waitFor(
    async () => {
      const response = await fetch(`${baseUrl}/api/v1/events/ptg`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as ServedState;
      expect(body.version).toBe(row?.version);
      return body;
    },
    { timeout: 30_000, interval: 200 },
  );
  expect(state.tracks.find((t) => t.name === track)?.next).toEqual(applied);

  // Told "nothing was changed": not applied. A normal answer: applied. The console may also
  // print a bare error (no claim either way, e.g. when the store failed while showing the
  // reply of a command it had applied): whether applied or not, never twice (checked above).
  const appliedSet = new Set(applied);
  const wrong = sent.filter(
    (s) =>
      (told(s.reply) && appliedSet.has(s.item)) || (succeeded(s.reply) && !appliedSet.has(s.item)),
  );
  expect(wrong, "commands whose reply does not match what was applied").toEqual([]);
}
