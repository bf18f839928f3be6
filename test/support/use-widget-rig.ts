// The set-up of the widget's end-to-end suites, in one place: users on the run's Synapse
// (useSynapse), the real bot on the suite's store keeping the rooms' members and power levels,
// and where sign-in happens — the real server in-process (the API suites of test/bot) or a
// Matrix client stand-in framing the widget of a browser suite's server (test/browser). Users
// sign in with real OpenID tokens from the homeserver.
//
// Call it once per file or describe block, after useBrowserSuite when the store is a browser
// suite's. A set-up that fails makes every member throw its error, so the tests fail (a failing
// beforeAll would only report them skipped).
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, expect, vi } from "vitest";
import { startBot, type RunningBot, type StartBotOptions } from "../../bot/start.js";
import { buildServer } from "../../server/app.js";
import type { BuildServerOptions } from "../../server/http/options.js";
import { importIntoEvent } from "../../shared/schedule/ptgbot-import-event.js";
import { recordingLog, testConfig, waitForJoin } from "../bot/support.js";
import { startMatrixHost, type MatrixHost } from "../browser/matrix-host.js";
import type { MatrixClient } from "./matrix-client.js";
import { openIdToken } from "./openid-token.js";
import { openTestStore, type StoreKind, type TestStore } from "./stores.js";
import { synapseStarted, useSynapse, type SynapseSuite } from "./use-synapse.js";

type BotOptions = Partial<Omit<StartBotOptions, "store" | "config" | "log">>;

export interface WidgetRigOptions<User extends string> {
  /** Users to register (display name: the localpart). */
  users: readonly User[];
  /** The event the bot serves by default (its PTG_DEFAULT_EVENT). */
  event: string;
  /**
   * A fresh store of `kind` with `schedule` imported into `event` (closed after the tests), or
   * an open store (a browser suite's).
   */
  store: { kind: StoreKind; schedule: unknown } | (() => TestStore);
  /** The bot's start options besides store, config and log; false: no bot. */
  bot?: false | BotOptions;
  /** The real server, in-process, for signing in and acting through `tokenOf` and `act`. */
  server?: {
    config?: Omit<BuildServerOptions["config"], "publicUrl" | "matrixServers">;
    /** More server names the server maps to the test homeserver. */
    alsoServe?: string[];
    widgetAuth?: BuildServerOptions["widgetAuth"];
  };
  /** Filled with the homeserver's name → URL, for a browser suite's server. */
  matrixServers?: Map<string, string>;
  /** A Matrix client stand-in that answers the widget's OpenID request as `viewer()`. */
  host?: { viewer: () => MatrixClient };
}

export interface WidgetRig<User extends string> {
  /** Whether the set-up succeeded: a later set-up returns early when not (its tests fail). */
  readonly ready: boolean;
  readonly hs: SynapseSuite<User>;
  readonly users: Record<User, MatrixClient>;
  readonly store: TestStore;
  readonly botId: string;
  /** The running bot; undefined while stopped. */
  readonly bot: RunningBot | undefined;
  /** Starts the bot (again) on its account, with these options over the rig's. */
  startBot(options?: BotOptions): Promise<RunningBot>;
  stopBot(): Promise<void>;
  /** The in-process server (`server` option). */
  readonly app: FastifyInstance;
  /** The Matrix client stand-in (`host` option). */
  readonly host: MatrixHost;
  /** Signs `user` in with a real OpenID token: the session token (201 expected). */
  tokenOf(user: MatrixClient): Promise<string>;
  /** POSTs a widget action of the event (or `slug`) in `roomId` with a session token. */
  act(
    token: string | null,
    action: string,
    roomId: string,
    body: Record<string, unknown>,
    slug?: string,
  ): Promise<LightMyRequestResponse>;
  /** Invites the bot to `roomId` as `inviter` and waits until it joined. */
  inviteBot(inviter: MatrixClient, roomId: string): Promise<void>;
  /**
   * Waits until the bot stored `userId` as joined to `roomId` (or, with `joined` false, not),
   * with a power level that `level` accepts (a number: exactly that one).
   */
  stored(
    roomId: string,
    userId: string,
    options?: { level?: number | ((level: number | undefined) => boolean); joined?: boolean },
  ): Promise<void>;
}

const PUBLIC_URL = "https://ptg.example.org";

export function useWidgetRig<User extends string>(
  options: WidgetRigOptions<User>,
): WidgetRig<User> {
  const synapse = useSynapse({ users: options.users });
  let store: TestStore | undefined;
  let ownStore = false;
  let bot: RunningBot | undefined;
  let botAccount: { userId: string; accessToken: string } | undefined;
  let app: FastifyInstance | undefined;
  let host: MatrixHost | undefined;
  let setupError: unknown;

  const need = <T>(value: T | undefined, what: string): T => {
    if (setupError !== undefined) {
      throw setupError instanceof Error ? setupError : new Error("the widget rig did not start");
    }
    if (value === undefined) throw new Error(`The widget rig has no ${what}`);
    return value;
  };
  const botOptions = options.bot === false ? undefined : (options.bot ?? {});

  const startTheBot = async (more: BotOptions = {}): Promise<RunningBot> => {
    const s = need(store, "store");
    const account = need(botAccount, "bot account");
    bot = await startBot({
      syncTimeoutMs: 3_000,
      lockRetryMs: 200,
      ...botOptions,
      ...more,
      store: s,
      config: testConfig(synapse().baseUrl, account.accessToken, options.event, s.url),
      log: recordingLog(),
    });
    return bot;
  };

  beforeAll(async () => {
    try {
      const hs = synapse();
      options.matrixServers?.set(hs.serverName, hs.baseUrl);
      if (typeof options.store === "function") {
        store = options.store();
      } else {
        ownStore = true;
        store = await openTestStore(options.store.kind);
        await importIntoEvent(store.db, options.event, options.store.schedule);
      }
      if (botOptions !== undefined) {
        botAccount = await hs.registerUser("ptgbot", { displayName: "ptgbot" });
        await startTheBot();
      }
      if (options.server !== undefined) {
        const { config, alsoServe = [], widgetAuth } = options.server;
        app = await buildServer({
          store,
          config: {
            ...config,
            publicUrl: PUBLIC_URL,
            matrixServers: new Map(
              [hs.serverName, ...alsoServe].map((name) => [name, hs.baseUrl] as const),
            ),
          },
          widgetAuth,
        });
      }
      if (options.host !== undefined) {
        const { viewer } = options.host;
        host = await startMatrixHost(() => openIdToken(viewer()));
      }
    } catch (error) {
      setupError = error;
    }
  }, 15 * 60_000);

  afterAll(async () => {
    await app?.close();
    await host?.close();
    await bot?.stop();
    if (ownStore) await store?.close();
  }, 60_000);

  const rig: WidgetRig<User> = {
    get ready() {
      return setupError === undefined && synapseStarted(synapse) && store !== undefined;
    },
    get hs() {
      return synapse();
    },
    get users() {
      return synapse().users;
    },
    get store() {
      return need(store, "store");
    },
    get botId() {
      return need(botAccount, "bot").userId;
    },
    get bot() {
      return bot;
    },
    startBot: startTheBot,
    async stopBot() {
      const running = bot;
      bot = undefined;
      await running?.stop();
    },
    get app() {
      return need(app, "server");
    },
    get host() {
      return need(host, "Matrix client stand-in");
    },
    async tokenOf(user) {
      const response = await rig.app.inject({
        method: "POST",
        url: "/api/v1/sessions",
        payload: { ...(await openIdToken(user)) },
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json<{ token: string }>().token;
    },
    act(token, action, roomId, body, slug = options.event) {
      return rig.app.inject({
        method: "POST",
        url: `/api/v1/events/${slug}/actions/${action}`,
        headers: token === null ? {} : { authorization: `Bearer ${token}` },
        payload: { room: roomId, ...body },
      });
    },
    async inviteBot(inviter, roomId) {
      await inviter.invite(roomId, rig.botId);
      await waitForJoin(inviter, roomId, rig.botId);
    },
    async stored(roomId, userId, { level, joined = true } = {}) {
      const db = rig.store.db;
      const accepts =
        typeof level === "number" ? (l: number | undefined) => l === level : (level ?? null);
      await vi.waitFor(
        async () => {
          const member = await db
            .selectFrom("matrix_room_members")
            .select("user_id")
            .where("room_id", "=", roomId)
            .where("user_id", "=", userId)
            .executeTakeFirst();
          if ((member !== undefined) !== joined) {
            throw new Error(`${userId} is not stored as ${joined ? "" : "no longer "}joined yet`);
          }
          if (accepts === null) return;
          const power = await db
            .selectFrom("matrix_room_power")
            .select("users")
            .where("room_id", "=", roomId)
            .executeTakeFirst();
          const stored = (power?.users as Record<string, number> | undefined)?.[userId];
          if (!accepts(stored)) throw new Error(`${userId}'s power level is not stored yet`);
        },
        { timeout: 30_000, interval: 50 },
      );
    },
  };
  return rig;
}
