// Helpers for the server tests: a store with the fixture imported, a server over it, chat
// commands, and a small Server-Sent Events client.
import http from "node:http";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll } from "vitest";
import { runCommand } from "../../shared/commands/execute.js";
import type { Outcome } from "../../shared/operations/execute.js";
import type { Store } from "../../shared/db/open.js";
import { importIntoEvent } from "../../shared/schedule/ptgbot-import-event.js";
import { buildServer } from "../../server/app.js";
import type { BuildServerOptions } from "../../server/http/options.js";
import { readDenver } from "../support/denver.js";
import { openTestStore, type StoreKind, type TestStore } from "../support/stores.js";

export const SLUG = "DEN-ptg";
export const PUBLIC_URL = "http://ptg.test";

/** A fresh test store with the fixture imported as event DEN-ptg. */
export async function storeWithFixture(
  kind: StoreKind,
  doc: unknown = readDenver(),
): Promise<TestStore> {
  const store = await openTestStore(kind);
  try {
    await importIntoEvent(store.db, SLUG, doc);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

export function serverFor(
  store: Store,
  options: Partial<Omit<BuildServerOptions, "store">> = {},
): Promise<FastifyInstance> {
  return buildServer({ config: { publicUrl: PUBLIC_URL }, ...options, store });
}

/**
 * A store with the fixture imported and a server over it, for the tests of a describe block:
 * opened before them, closed after (its members throw until then).
 */
export function useFixtureServer(kind: StoreKind): {
  readonly store: TestStore;
  readonly app: FastifyInstance;
} {
  let store: TestStore | undefined;
  let app: FastifyInstance | undefined;
  beforeAll(async () => {
    store = await storeWithFixture(kind);
    app = await serverFor(store);
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });
  return {
    get store() {
      if (store === undefined) throw new Error("the fixture store is not open");
      return store;
    },
    get app() {
      if (app === undefined) throw new Error("the server is not built");
      return app;
    },
  };
}

let messageCounter = 0;

/** Runs a chat command as a moderator in an event room, and checks that it changed something. */
export async function command(store: Store, text: string, slug = SLUG): Promise<number> {
  const outcome: Outcome = await runCommand(
    store.db,
    {
      messageId: `$test-${process.pid}-${Date.now()}-${++messageCounter}`,
      eventSlug: slug,
      chatRoomId: null,
      venue: "event-room",
      actor: { id: "@mod:test", nick: "mod", powerLevel: 100 },
      text,
    },
    { helpUrl: `${PUBLIC_URL}/help` },
  );
  if (outcome.status !== "done" || outcome.result !== "ok" || outcome.version === null) {
    throw new Error(`Command '${text}' did not change anything: ${JSON.stringify(outcome)}`);
  }
  return outcome.version;
}

/** How long the server tests wait for a change to show (vi.waitFor's options). */
export const UNTIL_SEEN = { timeout: 20_000, interval: 20 } as const;

export interface SseMessage {
  id: string | null;
  event: string;
  data: string;
}

/** A minimal EventSource-like reader over node:http that records everything it receives. */
export class SseClient {
  readonly messages: SseMessage[] = [];
  readonly comments: string[] = [];
  ended = false;
  private buffer = "";
  /** Everything received so far, as sent. */
  raw = "";
  private waiters = new Set<() => void>();

  private constructor(
    private readonly request: http.ClientRequest,
    readonly response: http.IncomingMessage,
  ) {
    response.setEncoding("utf8");
    response.on("data", (chunk: string) => {
      this.raw += chunk;
      this.buffer += chunk;
      this.parse();
    });
    const end = (): void => {
      this.ended = true;
      this.wake();
    };
    response.on("end", end);
    response.on("close", end);
    response.on("error", end);
  }

  /** Connects; resolves once the response headers arrived (whatever the status). */
  static open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    return new Promise((resolve, reject) => {
      const request = http.get(url, { headers: { accept: "text/event-stream", ...headers } });
      request.on("response", (response) => {
        resolve(new SseClient(request, response));
      });
      request.on("error", reject);
    });
  }

  get status(): number {
    return this.response.statusCode ?? 0;
  }

  /** The whole body so far, for a non-stream (error) response. */
  async text(): Promise<string> {
    await this.until(() => this.ended, "the end of the response");
    return this.raw;
  }

  /** Waits for a message matching `match` (among those received so far or later). */
  async waitFor(match: (m: SseMessage) => boolean, what: string): Promise<SseMessage> {
    let found: SseMessage | undefined;
    await this.until(() => (found = this.messages.find(match)) !== undefined, what);
    if (found === undefined) throw new Error(`No ${what}`);
    return found;
  }

  async until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
    if (condition()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`Timed out waiting for ${what}`));
      }, timeoutMs);
      const check = (): void => {
        if (!condition() && !this.ended) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        if (condition()) resolve();
        else reject(new Error(`The stream ended before ${what}`));
      };
      this.waiters.add(check);
    });
  }

  close(): void {
    this.request.destroy();
    this.response.destroy();
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private parse(): void {
    for (;;) {
      const end = this.buffer.indexOf("\n\n");
      if (end < 0) break;
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      let id: string | null = null;
      let event = "message";
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith(":")) {
          this.comments.push(line.slice(1).trim());
          continue;
        }
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "id") id = value;
        else if (field === "event") event = value;
        else if (field === "data") data.push(value);
      }
      if (data.length > 0) this.messages.push({ id, event, data: data.join("\n") });
    }
    this.wake();
  }
}
