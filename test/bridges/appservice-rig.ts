/**
 * The rig for the bot with an appservice IRC bridge: a Synapse with a `TestAppService`
 * registered (puppets `@_oftc_<nick>`, as matrix.org's OFTC bridge names them), an event room
 * created by an organizer and bound to the event, and the bot in it, configured with the
 * project's defaults (PTG_BRIDGED_USERS unset). The appservice stands in for
 * matrix-appservice-irc, which cannot run here: its puppets see only the rooms they have joined
 * and join the rooms they are invited to after a delay, as that bridge's do.
 *
 * The Synapse is the file's own (useSynapse's `own`): Synapse reads appservice registrations
 * when it starts, so the appservices start first, in its set-up, and it is started with theirs.
 */
import { afterAll } from "vitest";
import { startBot, type RunningBot } from "../../bot/start.js";
import { loadConfig, type Config } from "../../shared/config.js";
import type { Store } from "../../shared/db/open.js";
import { recordingLog, testConfig, waitForJoin } from "../bot/support.js";
import { TestAppService, type Puppet, type TestAppServiceOptions } from "../support/appservice.js";
import { MatrixClient } from "../support/matrix-client.js";
import type { SynapseHandle } from "../support/synapse.js";
import { useSynapse } from "../support/use-synapse.js";

export interface AppServiceRigOptions {
  /** How long puppets take to join a room they are invited to; default 1.5 s. */
  autoJoinDelayMs?: number | null;
  /** More bridges registered with the same homeserver (other user namespaces). */
  moreAppServices?: TestAppServiceOptions[];
}

export interface AppServiceRigStart {
  /** The bot's store (migrated; the event exists or is created by the bot). */
  store: Store;
  /** For the bot's instance lock: the PostgreSQL URL of `store`, null for PGlite. */
  databaseUrl: string | null;
  /** The event the room is bound to (the bot's PTG_DEFAULT_EVENT). */
  eventSlug: string;
}

export interface AppServiceRig {
  synapse: SynapseHandle;
  appservice: TestAppService;
  /** Those of `moreAppServices`, in order. */
  moreAppServices: TestAppService[];
  bot: RunningBot;
  botId: string;
  botLog: ReturnType<typeof recordingLog>;
  /** Created the event room (so is its admin), and is in it. */
  organizer: MatrixClient;
  /** The event room: public, the bot and the organizer in it. */
  roomId: string;
  /** Registers a Matrix user and joins it to the event room. */
  matrixUser(localpart: string, displayName: string): Promise<MatrixClient>;
  /** Registers an IRC nick's puppet and joins it to the event room. */
  puppetInRoom(nick: string): Promise<Puppet>;
  /** Stops the bot (the appservices and Synapse stop after the file's tests). */
  stop(): Promise<void>;
}

/** The bot's config: the test defaults, with the project's default PTG_BRIDGED_USERS. */
export function defaultBridgeConfig(base: Config): Config {
  return { ...base, bridgedUsers: loadConfig({}).bridgedUsers };
}

/**
 * Registers the rig's hooks (call once, at the top of a test file): the appservices, then a
 * Synapse of the file's own with them registered, both stopped after the file's tests. Returns
 * the function that makes the rest (organizer, bot, event room) in the file's set-up.
 */
export function useAppServiceRig(
  options: AppServiceRigOptions = {},
): (start: AppServiceRigStart) => Promise<AppServiceRig> {
  const services: TestAppService[] = [];
  const synapse = useSynapse({
    own: async () => {
      services.push(
        await TestAppService.start({
          autoJoinDelayMs: options.autoJoinDelayMs === undefined ? 1_500 : options.autoJoinDelayMs,
        }),
      );
      for (const more of options.moreAppServices ?? []) {
        services.push(await TestAppService.start(more));
      }
      return { appServices: services.map((service) => service.registration) };
    },
  });
  afterAll(async () => {
    for (const service of services.reverse()) await service.stop().catch(() => undefined);
  }, 30_000);
  return async (start) => {
    const hs = synapse();
    const [appservice, ...moreAppServices] = services;
    if (appservice === undefined) throw new Error("the appservice did not start");
    for (const service of services) service.attach(hs.baseUrl, hs.serverName);
    return startRig(hs, appservice, moreAppServices, start);
  };
}

async function startRig(
  synapse: SynapseHandle,
  appservice: TestAppService,
  moreAppServices: TestAppService[],
  options: AppServiceRigStart,
): Promise<AppServiceRig> {
  const client = async (localpart: string, displayName: string): Promise<MatrixClient> => {
    const user = await synapse.registerUser(localpart, { displayName });
    return new MatrixClient(synapse.baseUrl, user.accessToken, user.userId);
  };
  const organizer = await client("organizer", "Organizer");
  const account = await synapse.registerUser("ptgbot", { displayName: "PTGbot" });
  const botLog = recordingLog();
  const bot = await startBot({
    store: options.store,
    config: defaultBridgeConfig(
      testConfig(synapse.baseUrl, account.accessToken, options.eventSlug, options.databaseUrl),
    ),
    log: botLog,
    syncTimeoutMs: 3_000,
    lockRetryMs: 200,
  });
  try {
    const roomId = await organizer.createRoom({
      name: "PTG (bridged to #ptg)",
      preset: "public_chat",
    });
    await organizer.invite(roomId, bot.userId);
    await waitForJoin(organizer, roomId, bot.userId);

    return {
      synapse,
      appservice,
      moreAppServices,
      bot,
      botId: bot.userId,
      botLog,
      organizer,
      roomId,
      async matrixUser(localpart, displayName) {
        const user = await client(localpart, displayName);
        await user.join(roomId);
        return user;
      },
      async puppetInRoom(nick) {
        const puppet = await appservice.puppet(nick);
        await puppet.join(roomId);
        await puppet.waitForJoin(roomId);
        return puppet;
      },
      stop: () => bot.stop(),
    };
  } catch (error) {
    await bot.stop();
    throw error;
  }
}
