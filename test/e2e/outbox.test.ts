// The outbox end to end, on a real Synapse: a command typed in the console reaches a Matrix
// subscriber through the bot; and a bot killed (SIGKILL) after sending a reply but before
// marking it delivered sends it again on restart with the same transaction id, so that the
// room holds it once.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBot, type RunningBot } from "../../bot/start.js";
import { runConsole } from "../../console/console.js";
import { openConfiguredStore } from "../../shared/db/open-configured.js";
import { importIntoEvent } from "../../shared/schedule/ptgbot-import-event.js";
import { testConfig, recordingLog, waitForJoin, ask, bodyOf } from "../bot/support.js";
import { waitForOutput } from "../cli/run-cli.js";
import { isStatusMessage, MatrixClient, type RoomEvent } from "../support/matrix-client.js";
import { openTestStore, storeKinds, type TestStore } from "../support/stores.js";
import { useSynapse } from "../support/use-synapse.js";

const EVENT = "outboxptg";
const SCHEDULE = {
  tracks: ["swift", "nova"],
  slots: { Monday: [{ name: "MonA1", desc: "09:00-10:45" }] },
  schedule: { "Ballroom A": { MonA1: "swift" } },
};

const synapse = useSynapse();

async function person(localpart: string): Promise<MatrixClient> {
  const hs = synapse();
  const user = await hs.registerUser(localpart, { displayName: localpart });
  return new MatrixClient(hs.baseUrl, user.accessToken, user.userId);
}

/** Every m.room.message the bot sent in a room (read back from the homeserver). */
async function botMessages(client: MatrixClient, roomId: string, botId: string) {
  const page = await client.request<{ chunk: RoomEvent[] }>(
    "GET",
    `/rooms/${encodeURIComponent(roomId)}/messages?dir=b&limit=500`,
  );
  return page.chunk
    .filter((e) => e.type === "m.room.message" && e.sender === botId && !isStatusMessage(e))
    .map((e) => (typeof e.content.body === "string" ? e.content.body : ""));
}

describe.each(storeKinds())("the outbox on %s", (kind) => {
  describe("a console command", () => {
    let store: TestStore | undefined;
    let bot: RunningBot | undefined;
    const log = recordingLog();

    beforeAll(async () => {
      store = await openTestStore(kind);
      await importIntoEvent(store.db, EVENT, SCHEDULE);
    }, 60_000);
    afterAll(async () => {
      await bot?.stop();
      await store?.close();
    }, 30_000);

    it("reaches the Matrix subscriber it matches, through the bot", async () => {
      const hs = synapse();
      if (store === undefined) throw new Error("no store");
      const account = await hs.registerUser(`outbox_console_${kind}`, { displayName: "ptgbot" });
      bot = await startBot({
        store,
        config: testConfig(hs.baseUrl, account.accessToken, EVENT, store.url),
        log,
        syncTimeoutMs: 2_000,
        lockRetryMs: 200,
      });
      const mod = await person(`console_mod_${kind}`);
      const ann = await person(`console_ann_${kind}`);
      const room = await mod.createRoom({ preset: "public_chat" });
      await mod.invite(room, bot.userId);
      await waitForJoin(mod, room, bot.userId);
      await ann.join(room);
      const subscribed = await ask(ann, room, "+subscribe swift", bot.userId);
      expect(bodyOf(subscribed)).toBe(`console_ann_${kind}: Subscription set to swift`);

      const input = new PassThrough();
      const output = new PassThrough();
      let printed = "";
      output.on("data", (d: Buffer) => (printed += d.toString()));
      const session = runConsole({
        store,
        eventSlug: EVENT,
        helpUrl: "https://ptg.example.org/help",
        input,
        output,
      });
      input.end("#swift now typed at the console\n");
      await session;
      expect(printed).toContain("OK");

      const dm = await ann.waitForInvite();
      await ann.join(dm);
      const told = await ann.waitForMessage(dm, (e) => e.sender === bot?.userId);
      expect(bodyOf(told)).toBe("now in #swift (Ballroom A): typed at the console");
      expect(log.lines.filter((l) => l.startsWith("error"))).toEqual([]);
    }, 60_000);
  });

  describe("a bot killed between sending and marking", () => {
    let dataDir = "";
    let store: TestStore | undefined;
    const children: ChildProcessWithoutNullStreams[] = [];

    beforeAll(async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), "ptg-outbox-crash-"));
      // On PostgreSQL the bot processes use a test database; PGlite's lives in dataDir.
      if (kind === "postgres") store = await openTestStore(kind);
    }, 60_000);
    afterAll(async () => {
      for (const child of children) child.kill("SIGKILL");
      await store?.close();
      await rm(dataDir, { recursive: true, force: true });
    }, 30_000);

    function startChild(token: string, extra: Record<string, string>) {
      const hs = synapse();
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        MATRIX_HOMESERVER_URL: hs.baseUrl,
        MATRIX_ACCESS_TOKEN: token,
        PTG_DEFAULT_EVENT: EVENT,
        PTG_DATA_DIR: dataDir,
        LOG_LEVEL: "warn",
        ...extra,
      };
      if (store?.url) env.DATABASE_URL = store.url;
      else delete env.DATABASE_URL;
      const child = spawn(
        process.execPath,
        ["--import", "tsx", path.resolve("test/e2e/crash-bot.ts")],
        { env },
      );
      children.push(child);
      return child;
    }

    const exited = (child: ChildProcessWithoutNullStreams) =>
      new Promise<NodeJS.Signals | number | null>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          resolve(child.signalCode ?? child.exitCode);
          return;
        }
        child.once("exit", (code, signal) => {
          resolve(signal ?? code);
        });
      });

    it("sends the reply again on restart, and the room holds it once", async () => {
      const hs = synapse();
      const account = await hs.registerUser(`outbox_crash_${kind}`, { displayName: "ptgbot" });
      const botId = account.userId;
      const mod = await person(`crash_mod_${kind}`);

      const first = startChild(account.accessToken, { PTG_TEST_CRASH_AFTER: "crashmarker" });
      // A new embedded database is created in a child process first (shared/db/pglite-initdb.ts).
      await waitForOutput(first, /bot ready/, 120_000);
      const room = await mod.createRoom({ preset: "public_chat" });
      await mod.invite(room, botId);
      await waitForJoin(mod, room, botId);
      await mod.syncToNow();
      await mod.sendText(room, "+seen crashmarker");
      // The reply was sent (the room shows it), then the bot died before marking its row.
      const reply = await mod.waitForMessage(room, (e) => e.sender === botId);
      expect(bodyOf(reply)).toBe(`crash_mod_${kind}: crashmarker never checked in anywhere`);
      expect(await exited(first)).toBe("SIGKILL");

      const second = startChild(account.accessToken, {});
      await waitForOutput(second, /bot ready/, 60_000);
      // A later command's reply comes after the undelivered row was drained (rows go in order).
      const marker = await ask(mod, room, "+seen aftermarker", botId);
      expect(bodyOf(marker)).toBe(`crash_mod_${kind}: aftermarker never checked in anywhere`);
      second.kill("SIGTERM");
      expect(await exited(second)).toBe(0);

      // Every row was delivered and marked.
      const reopened = await openConfiguredStore({ databaseUrl: store?.url ?? null, dataDir });
      try {
        const pending = await reopened.db
          .selectFrom("outbox")
          .select("id")
          .where("delivered_at", "is", null)
          .execute();
        expect(pending).toEqual([]);
      } finally {
        await reopened.close();
      }

      const said = await botMessages(mod, room, botId);
      expect(said.filter((body) => body.includes("crashmarker"))).toHaveLength(1);
      expect(said.filter((body) => body.includes("aftermarker"))).toHaveLength(1);
    }, 240_000);
  });
});
