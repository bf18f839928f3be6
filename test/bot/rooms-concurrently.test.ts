// A sync batch's commands run room by room side by side (bot/inbound/dispatch.ts), each room's
// one after the other. The bot, stopped, misses three commands in one room and two in another;
// started again, it reads them in one batch. The first command of the first room is held (its
// event look-up does not return) until the other room's commands are logged, which they can be
// only if that room does not wait for the first. Then every reply comes, each room's in the
// order of its commands. PostgreSQL only: on PGlite the held look-up would hold its one
// connection.
import type { KyselyPlugin, QueryId } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startBot, type RunningBot } from "../../bot/start.js";
import { importIntoEvent } from "../../shared/schedule/ptgbot-import-event.js";
import type { RoomMessageEvent } from "../support/matrix-client.js";
import { openTestStore, type TestStore } from "../support/stores.js";
import { useSynapse } from "../support/use-synapse.js";
import { recordingLog, testConfig, waitForJoin } from "./support.js";

const EVENT = "roomsptg";

/** The command a bot message replies to. */
const inReplyTo = (event: RoomMessageEvent): string | undefined =>
  (event.content["m.relates_to"] as { "m.in_reply_to"?: { event_id?: string } } | undefined)?.[
    "m.in_reply_to"
  ]?.event_id;

describe.runIf(process.env.DATABASE_URL)("a sync batch's commands in two rooms", () => {
  const synapse = useSynapse({ users: ["mod"] });
  let store: TestStore | undefined;
  let bot: RunningBot | undefined;
  const log = recordingLog();
  /** The room whose next event look-up is held, and until what. */
  let hold: { roomId: string; until: Promise<void> } | null = null;
  const held = new Set<QueryId>();

  const gate: KyselyPlugin = {
    transformQuery(args) {
      const node = JSON.stringify(args.node);
      if (
        hold !== null &&
        args.node.kind === "SelectQueryNode" &&
        node.includes('"name":"event_rooms"') &&
        node.includes(JSON.stringify(hold.roomId))
      ) {
        held.add(args.queryId);
      }
      return args.node;
    },
    async transformResult(args) {
      if (held.delete(args.queryId) && hold !== null) {
        const { until } = hold;
        hold = null;
        await until;
      }
      return args.result;
    },
  };

  const db = () => {
    if (store === undefined) throw new Error("no store");
    return store.db;
  };
  const start = (): Promise<RunningBot> => {
    if (store === undefined) throw new Error("no store");
    const hs = synapse();
    return startBot({
      store: { ...store, db: store.db.withPlugin(gate) },
      config: testConfig(hs.baseUrl, botToken, EVENT, store.url),
      log,
      syncTimeoutMs: 3_000,
      lockRetryMs: 200,
    });
  };
  let botToken = "";
  let botId = "";

  beforeAll(async () => {
    const hs = synapse();
    store = await openTestStore("postgres");
    await importIntoEvent(store.db, EVENT, { tracks: ["swift", "nova"] });
    const account = await hs.registerUser("ptgbot", { displayName: "ptgbot" });
    botId = account.userId;
    botToken = account.accessToken;
    bot = await start();
  }, 120_000);

  afterAll(async () => {
    await bot?.stop();
    await store?.close();
  }, 30_000);

  const logged = async (ids: string[]): Promise<string[]> =>
    (
      await db()
        .selectFrom("command_log")
        .select("message_id")
        .where("message_id", "in", ids)
        .orderBy("id")
        .execute()
    ).map((r) => r.message_id);

  it("runs both rooms at once, and answers each room's commands in order", async () => {
    const { users } = synapse();
    const { mod } = users;
    const rooms: string[] = [];
    for (const name of ["first", "second"]) {
      const roomId = await mod.createRoom({ name, preset: "public_chat" });
      await mod.invite(roomId, botId);
      await waitForJoin(mod, roomId, botId);
      rooms.push(roomId);
    }
    const [first = "", second = ""] = rooms;
    await bot?.stop();
    bot = undefined;
    await mod.syncToNow();
    const inFirst: string[] = [];
    const inSecond: string[] = [];
    for (const topic of ["a1", "a2", "a3"]) {
      inFirst.push(await mod.sendText(first, `#swift next ${topic}`));
    }
    for (const topic of ["b1", "b2"])
      inSecond.push(await mod.sendText(second, `#nova next ${topic}`));

    let release = (): void => undefined;
    hold = { roomId: first, until: new Promise((resolve) => (release = resolve)) };
    try {
      bot = await start();
      // The second room's commands are applied while the first room's first one is held.
      await vi.waitFor(
        async () => {
          expect(await logged(inSecond)).toEqual(inSecond);
        },
        { timeout: 15_000, interval: 100 },
      );
      expect(await logged(inFirst)).toEqual([]);
    } finally {
      release();
    }

    const repliesTo = async (roomId: string, count: number): Promise<string[]> => {
      const replies: string[] = [];
      while (replies.length < count) {
        const reply: RoomMessageEvent = await mod.waitForMessage(
          roomId,
          (e) => e.sender === botId && inReplyTo(e) !== undefined,
        );
        replies.push(inReplyTo(reply) ?? "");
      }
      return replies;
    };
    expect(await repliesTo(first, 3)).toEqual(inFirst);
    expect(await repliesTo(second, 2)).toEqual(inSecond);
    expect(await logged(inFirst)).toEqual(inFirst);
    expect(log.lines.filter((l) => l.startsWith("error:"))).toEqual([]);
  }, 60_000);
});
