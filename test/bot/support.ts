// Helpers for the bot's end-to-end tests: a store that can be made unreachable, a bot config,
// a log that keeps what the bot said, and "send a command, read the bot's reply".
import type { KyselyPlugin } from "kysely";
import type { BotLog } from "../../bot/matrix/log.js";
import type { Config } from "../../shared/config.js";
import type { Store } from "../../shared/db/open.js";
import type { MatrixClient, RoomMessageEvent } from "../support/matrix-client.js";

/** A store whose queries fail while `down` is true (an unreachable database, as the core sees it). */
export function flakyStore(store: Store): { store: Store; setDown(down: boolean): void } {
  let down = false;
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      if (down) throw new Error("connect ECONNREFUSED 127.0.0.1:5432 (simulated)");
      return args.node;
    },
    transformResult(args) {
      return Promise.resolve(args.result);
    },
  };
  return {
    store: { ...store, db: store.db.withPlugin(plugin) },
    setDown: (value) => {
      down = value;
    },
  };
}

export function testConfig(
  homeserverUrl: string,
  accessToken: string,
  defaultEvent: string,
  databaseUrl: string | null,
): Config {
  return {
    databaseUrl,
    dataDir: "/nonexistent",
    matrix: { homeserverUrl, accessToken },
    defaultEvent,
    host: "127.0.0.1",
    port: 0,
    publicUrl: "https://ptg.example.org",
    replyMsgtype: "m.notice",
    allowedInviters: [],
    bridgedUsers: /^@irc_/,
    logLevel: "warn",
    trustProxy: false,
    demo: false,
    fetchPrivate: false,
    matrixServers: new Map(),
    publishSubscriptions: false,
    reminderMinutes: 10,
    admins: [],
    powerMaxAgeSeconds: 60,
    e2ee: true,
    matrixRequestsPerSecond: 20,
  };
}

/** A log that keeps every line; errors are also printed, to explain a failing test. */
export function recordingLog(): BotLog & { lines: string[] } {
  const lines: string[] = [];
  const keep =
    (level: string, print = false) =>
    (message: string): void => {
      lines.push(`${level}: ${message}`);
      if (print || process.env.PTG_TEST_VERBOSE === "1") console.error(`[bot ${level}] ${message}`);
    };
  return {
    lines,
    debug: keep("debug"),
    info: keep("info"),
    warn: keep("warn"),
    error: keep("error", true),
  };
}

export const bodyOf = (event: RoomMessageEvent): string => event.content.body ?? "";

/**
 * Sends `text` as `client` and returns the bot's next message in that room. Earlier, unread
 * events are dropped first, so the reply is the one to this command.
 */
export async function ask(
  client: MatrixClient,
  roomId: string,
  text: string,
  botUserId: string,
  content: Record<string, unknown> = {},
): Promise<RoomMessageEvent> {
  await client.syncToNow();
  await client.sendMessage(roomId, { msgtype: "m.text", body: text, ...content });
  return client.waitForMessage(roomId, (e) => e.sender === botUserId);
}

/** Waits until `userId` has joined `roomId`, as `client` sees it. */
export async function waitForJoin(
  client: MatrixClient,
  roomId: string,
  userId: string,
): Promise<void> {
  await client.waitForEvent(
    roomId,
    (e) => e.type === "m.room.member" && e.state_key === userId && e.content.membership === "join",
  );
}

/**
 * Reads what the bot tells people in the direct chats it opens with them: the first call for a
 * user accepts the bot's invitation; each call returns the bot's next message there.
 */
export function directMessages(botUserId: () => string): (user: MatrixClient) => Promise<string> {
  const directChats = new Map<string, string>();
  return async (user) => {
    let dm = directChats.get(user.userId);
    if (dm === undefined) {
      dm = await user.waitForInvite();
      await user.join(dm);
      directChats.set(user.userId, dm);
    }
    return bodyOf(await user.waitForMessage(dm, (e) => e.sender === botUserId()));
  };
}
