// A change committed anywhere reaches every server's streams through NOTIFY: from another
// process on PostgreSQL; on PGlite (one process only), from the same store through LISTEN.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StateChange } from "../../shared/api/state-change.js";
import { streamUrl } from "../../shared/api/stream.js";
import { runCommand } from "../../shared/commands/execute.js";
import { storeKinds, type TestStore } from "../support/stores.js";
import { serverFor, SLUG, SseClient, storeWithFixture } from "./support.js";

const run = promisify(execFile);
const SCRIPT = new URL("./apply-command.ts", import.meta.url).pathname;

describe.each(storeKinds())("changes reach the stream through NOTIFY (%s)", (kind) => {
  let store: TestStore;
  let app: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    store = await storeWithFixture(kind);
    app = await serverFor(store, { verifyIntervalMs: 0 });
    base = await app.listen({ host: "127.0.0.1", port: 0 });
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  if (kind === "postgres")
    it("streams a change made by another process", async () => {
      const client = await SseClient.open(`${base}${streamUrl(SLUG)}`);
      try {
        await client.waitFor((m) => m.event === "state", "the state");
        const { stdout } = await run(
          process.execPath,
          ["--import", "tsx", SCRIPT, String(store.url), SLUG, "#keystone now unified limits"],
          { cwd: process.cwd(), timeout: 60_000 },
        );
        const version = Number(stdout.trim());
        expect(version).toBeGreaterThan(0);
        const message = await client.waitFor((m) => m.id === String(version), "the change");
        expect(message.event).toBe("change");
        const change = JSON.parse(message.data) as StateChange;
        expect(change.tracks?.upsert.find((t) => t.name === "keystone")?.now?.topic).toBe(
          "unified limits",
        );
      } finally {
        client.close();
      }
    });

  it("streams a change committed through the store without the server's involvement", async () => {
    const client = await SseClient.open(`${base}${streamUrl(SLUG)}`);
    try {
      await client.waitFor((m) => m.event === "state", "the state");
      // Straight through the core, as the bot does: nothing tells the server but NOTIFY.
      const outcome = await runCommand(
        store.db,
        {
          messageId: `$same-store-${Date.now()}`,
          eventSlug: SLUG,
          chatRoomId: null,
          venue: "event-room",
          actor: { id: "@mod:test", nick: "mod", powerLevel: 100 },
          text: "~motd add success Doors open",
        },
        { helpUrl: "http://ptg.test/help" },
      );
      expect(outcome.status).toBe("done");
      const version = outcome.status === "done" ? outcome.version : null;
      const message = await client.waitFor((m) => m.id === String(version), "the change");
      expect((JSON.parse(message.data) as StateChange).set.banners).toEqual([
        { level: "success", message: "Doors open" },
      ]);
    } finally {
      client.close();
    }
  });
});
