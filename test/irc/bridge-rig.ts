/**
 * The IRC end-to-end rig: an IRC server (ngircd), a Synapse homeserver with heisenbridge
 * registered as an application service, an IRC channel bridged ("plumbed") into a Matrix event
 * room, and the bot in that room. Tests then play attendees with `IrcClient`s on the IRC side
 * and `MatrixClient`s on the Matrix side.
 *
 * The bridge is set up the way an organizer would do it by hand (see the README section for
 * organizers with IRC attendees): the organizer owns the bridge, talks to its control room
 * (`SYNC --full`, `REACTS --disable`, `ADDNETWORK`, `ADDSERVER`, `OPEN`), sets the relay's nick
 * and connects in the network room (`NICK`, `CONNECT`), and plumbs the event room to the channel
 * (`PLUMB !room #channel`). IRC users then appear in the room as puppets
 * `@irc_<network>_<nick>:<server>` whose display name is their nick; Matrix users' messages reach
 * IRC from the relay nick as `<DisplayName> text`.
 *
 * The Synapse is the file's own (useSynapse's `own`): Synapse reads heisenbridge's registration
 * when it starts, so the IRC server and the registration are made first, in its set-up.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll } from "vitest";

import type { BotLog } from "../../bot/matrix/log.js";
import type { ReplyMsgtype } from "../../bot/delivery/replies.js";
import { startBot, type RunningBot } from "../../bot/start.js";
import type { Config } from "../../shared/config.js";
import type { Store } from "../../shared/db/open.js";
import { recordingLog, testConfig } from "../bot/support.js";
import { findFreePort } from "../support/free-port.js";
import { MatrixApiError, MatrixClient } from "../support/matrix-client.js";
import type { SynapseHandle } from "../support/synapse.js";
import { useSynapse } from "../support/use-synapse.js";
import {
  ensureHeisenbridgeInstalled,
  generateRegistration,
  startHeisenbridge,
  type HeisenbridgeHandle,
} from "./heisenbridge.js";
import { IrcClient } from "./irc-client.js";
import { findNgircd, startNgircd, type NgircdHandle } from "./ngircd.js";

export interface BridgeRigOptions {
  /** The bot's store (already migrated); the event must exist or be created by the test. */
  store: Store;
  /** For the bot's instance lock: the PostgreSQL URL of `store`, null for PGlite. */
  databaseUrl: string | null;
  /** The event the room is bound to (the bot's PTG_DEFAULT_EVENT). */
  eventSlug: string;
  /** The bot's PTG_REPLY_MSGTYPE; default m.text (what this bridge relays without settings). */
  replyMsgtype?: ReplyMsgtype;
  /** IRC users already in the channel when it is bridged; the first creates it and gets +o. */
  ircUsersBeforePlumb?: string[];
  network?: string;
  channel?: string;
  relayNick?: string;
}

export interface BridgeRig {
  synapse: SynapseHandle;
  ircServer: NgircdHandle;
  bridge: HeisenbridgeHandle;
  /** The bridge's own Matrix user. */
  bridgeUserId: string;
  network: string;
  channel: string;
  /** The nick under which the bridge relays Matrix users' messages to IRC. */
  relayNick: string;
  /** Owns the bridge, created the event room (so is its admin), and is in it. */
  organizer: MatrixClient;
  controlRoomId: string;
  networkRoomId: string;
  /** The event room, plumbed to `channel`. */
  roomId: string;
  bot: RunningBot;
  botId: string;
  /** A plain test client on the bot's account, to look at what the bot sees (not to act). */
  botAccount: MatrixClient;
  botLog: BotLog & { lines: string[] };
  /** IRC clients connected through `connectIrcUser` (and those before the plumb), by nick. */
  ircUsers: Map<string, IrcClient>;
  /** The Matrix user id of an IRC nick's puppet, as heisenbridge makes it. */
  puppetId(nick: string): string;
  /** Registers a Matrix user and joins it to the event room. */
  matrixUser(localpart: string, displayName: string): Promise<MatrixClient>;
  /** Connects an IRC user, joins the channel, and waits until its puppet is in the room. */
  connectIrcUser(nick: string): Promise<IrcClient>;
  /** Sends a command to the bridge as the organizer; resolves with its reply containing `expect`. */
  bridgeCommand(roomId: string, command: string, expect?: string): Promise<string | undefined>;
  /** Turns heisenbridge's relaying of m.notice (as IRC NOTICE) in the plumbed room on or off. */
  setNoticeRelay(enabled: boolean): Promise<void>;
  /** Stops the bot and starts it again with these config changes. */
  restartBot(changes?: Partial<Config>): Promise<void>;
  /** The membership of `userId` in `roomId` as the organizer sees it, if any. */
  membership(roomId: string, userId: string): Promise<string | undefined>;
  waitForMembership(roomId: string, userId: string, membership: string): Promise<void>;
  /** Stops the IRC clients, the bot and the bridge (the IRC server and Synapse stop after the file). */
  stop(): Promise<void>;
}

const WAIT_MS = 20_000;

/** What is made before Synapse starts: the IRC server, and the bridge's registration. */
interface BeforeSynapse {
  ircServer: NgircdHandle;
  workDir: string;
  registration: string;
  bridgePort: number;
}

/**
 * Registers the rig's hooks (call once, at the top of a test file): an IRC server and
 * heisenbridge's registration, then a Synapse of the file's own with it registered, all stopped
 * after the file's tests. Returns the function that starts the rest (bridge, bot, bridged room)
 * in the file's set-up; on failure it stops what it started and throws.
 */
export function useBridgeRig(): (options: BridgeRigOptions) => Promise<BridgeRig> {
  let ircServer: NgircdHandle | undefined;
  let workDir: string | undefined;
  let before: BeforeSynapse | undefined;
  const synapse = useSynapse({
    own: async () => {
      findNgircd(); // fail first, and loudly, when ngircd is missing
      await Promise.all([
        startNgircd().then((started) => (ircServer = started)),
        ensureHeisenbridgeInstalled(),
      ]);
      workDir = await mkdtemp(path.join(tmpdir(), "ptg-irc-rig-"));
      const registration = path.join(workDir, "heisenbridge-registration.yaml");
      const bridgePort = await findFreePort();
      await generateRegistration(registration, bridgePort);
      if (ircServer !== undefined) before = { ircServer, workDir, registration, bridgePort };
      return { appServiceConfigFiles: [registration] };
    },
  });
  afterAll(async () => {
    await ircServer?.stop().catch(() => undefined);
    if (workDir !== undefined && process.env.PTG_IRC_KEEP !== "1") {
      await rm(workDir, { recursive: true, force: true });
    }
  }, 30_000);
  return (options) => {
    const hs = synapse();
    if (before === undefined) throw new Error("the IRC server did not start");
    return startBridgeRig(hs, before, options);
  };
}

async function startBridgeRig(
  synapse: SynapseHandle,
  { ircServer, workDir, registration, bridgePort }: BeforeSynapse,
  options: BridgeRigOptions,
): Promise<BridgeRig> {
  const network = options.network ?? "ptgnet";
  const channel = options.channel ?? "#ptg";
  const relayNick = options.relayNick ?? "ptgrelay";
  const cleanups: (() => Promise<void>)[] = [];
  const ircUsers = new Map<string, IrcClient>();
  let bot: RunningBot | undefined;

  let bridgeLog: (() => string) | undefined;
  const stopAll = async (): Promise<void> => {
    await Promise.allSettled([...ircUsers.values()].map((c) => c.quit()));
    await bot?.stop();
    bot = undefined;
    for (const cleanup of [...cleanups].reverse()) await cleanup().catch(() => undefined);
    cleanups.length = 0;
  };

  try {
    const server = synapse.serverName;
    const bridgeUserId = `@heisenbridge:${server}`;
    const puppetId = (nick: string): string => ircPuppetId(network, nick, server);

    const organizerAccount = await synapse.registerUser("organizer", {
      displayName: "Organizer",
    });
    const organizer = new MatrixClient(
      synapse.baseUrl,
      organizerAccount.accessToken,
      organizerAccount.userId,
    );

    const bridge = await startHeisenbridge({
      registrationFile: registration,
      port: bridgePort,
      homeserverUrl: synapse.baseUrl,
      owner: organizer.userId,
      logFile: path.join(workDir, "heisenbridge.log"),
      // PTG_HEISENBRIDGE_STOCK=1 runs it as released, IRC flood throttle included (slower).
      fast: process.env.PTG_HEISENBRIDGE_STOCK !== "1",
    });
    cleanups.push(() => bridge.stop());
    bridgeLog = () => bridge.log();

    const bridgeCommand = async (
      roomId: string,
      command: string,
      expect?: string,
    ): Promise<string | undefined> => {
      await organizer.syncToNow();
      await organizer.sendText(roomId, command);
      if (expect === undefined) return undefined;
      const reply = await organizer.waitForMessage(
        roomId,
        (e) => e.sender === bridgeUserId && (e.content.body ?? "").includes(expect),
        WAIT_MS,
      );
      return reply.content.body;
    };

    // heisenbridge opens a control room for its owner when it starts.
    const controlRoomId = await organizer.waitForInvite(WAIT_MS);
    await organizer.join(controlRoomId);
    // Stamped into a room when it is plumbed, so set before PLUMB: puppets for everyone on the
    // channel (not only those who speak), and no reaction events in the event room.
    await bridgeCommand(controlRoomId, "SYNC --full", "Member sync is set to full");
    await bridgeCommand(controlRoomId, "REACTS --disable", "Reacts are disabled");
    await bridgeCommand(controlRoomId, `ADDNETWORK ${network}`, "Network added");
    await bridgeCommand(
      controlRoomId,
      `ADDSERVER ${network} ${ircServer.host} ${ircServer.port}`,
      "Server added",
    );
    await bridgeCommand(controlRoomId, `OPEN ${network}`);
    const networkRoomId = await organizer.waitForInvite(WAIT_MS);
    await organizer.join(networkRoomId);
    await bridgeCommand(networkRoomId, `NICK ${relayNick}`, `Nickname set to ${relayNick}`);
    await bridgeCommand(networkRoomId, "CONNECT", "Welcome to the Internet Relay Network");

    // The bot, started before it is invited so that it handles the invite live.
    const botUser = await synapse.registerUser("ptgbot", { displayName: "PTGbot" });
    const botLog = recordingLog();
    let config: Config = {
      ...testConfig(synapse.baseUrl, botUser.accessToken, options.eventSlug, options.databaseUrl),
      replyMsgtype: options.replyMsgtype ?? "m.text",
    };
    const launchBot = (): Promise<RunningBot> =>
      startBot({
        store: options.store,
        config,
        log: botLog,
        syncTimeoutMs: 3_000,
        lockRetryMs: 200,
      });
    bot = await launchBot();

    const membership = async (roomId: string, userId: string): Promise<string | undefined> => {
      try {
        const member = await organizer.getState<{ membership?: string }>(
          roomId,
          "m.room.member",
          userId,
        );
        return member.membership;
      } catch (error) {
        if (error instanceof MatrixApiError && error.status === 404) return undefined;
        throw error;
      }
    };
    const waitForMembership = async (
      roomId: string,
      userId: string,
      wanted: string,
    ): Promise<void> => {
      const deadline = Date.now() + WAIT_MS;
      let last: string | undefined;
      while (Date.now() < deadline) {
        last = await membership(roomId, userId);
        if (last === wanted) return;
        await sleep(100);
      }
      throw new Error(
        `${userId} is still ${last ?? "not a member"} in ${roomId} after ${WAIT_MS} ms, not ${wanted}`,
      );
    };

    // The event room: public, so that the bridge and its puppets can join it without invites.
    const roomId = await organizer.createRoom({
      name: "PTG (bridged to IRC)",
      preset: "public_chat",
    });
    await organizer.invite(roomId, botUser.userId);
    await waitForMembership(roomId, botUser.userId, "join");

    const connectIrc = async (nick: string): Promise<IrcClient> => {
      const client = await IrcClient.connect({
        host: ircServer.host,
        port: ircServer.port,
        nick,
      });
      ircUsers.set(nick, client);
      await client.join(channel);
      return client;
    };
    for (const nick of options.ircUsersBeforePlumb ?? []) await connectIrc(nick);

    await bridgeCommand(networkRoomId, `PLUMB ${roomId} ${channel}`, "Plumbed");
    for (const nick of options.ircUsersBeforePlumb ?? []) {
      await waitForMembership(roomId, puppetId(nick), "join");
    }

    const rig: BridgeRig = {
      synapse,
      ircServer,
      bridge,
      bridgeUserId,
      network,
      channel,
      relayNick,
      organizer,
      controlRoomId,
      networkRoomId,
      roomId,
      get bot(): RunningBot {
        if (bot === undefined) throw new Error("the bot is not running");
        return bot;
      },
      botId: botUser.userId,
      botAccount: new MatrixClient(synapse.baseUrl, botUser.accessToken, botUser.userId),
      botLog,
      ircUsers,
      puppetId,
      async matrixUser(localpart, displayName) {
        const account = await synapse.registerUser(localpart, { displayName });
        const client = new MatrixClient(synapse.baseUrl, account.accessToken, account.userId);
        await client.join(roomId);
        return client;
      },
      async connectIrcUser(nick) {
        const client = await connectIrc(nick);
        await waitForMembership(roomId, puppetId(nick), "join");
        return client;
      },
      bridgeCommand,
      async setNoticeRelay(enabled) {
        const flag = enabled ? "--enable" : "--disable";
        const state = enabled ? "enabled" : "disabled";
        await bridgeCommand(
          networkRoomId,
          `ROOM ${channel} NOTICERELAY ${flag}`,
          `Notice relay is ${state}`,
        );
      },
      async restartBot(changes = {}) {
        await bot?.stop();
        bot = undefined;
        config = { ...config, ...changes };
        bot = await launchBot();
      },
      membership,
      waitForMembership,
      stop: stopAll,
    };
    return rig;
  } catch (error) {
    await stopAll();
    const log = bridgeLog?.();
    if (log === undefined) throw error;
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}\n` +
        `--- heisenbridge's last lines ---\n${log.trimEnd().split("\n").slice(-30).join("\n")}`,
      { cause: error },
    );
  }
}

/**
 * heisenbridge's puppet user id for an IRC nick: `@irc_<network>_<nick>:<server>`, lower-cased,
 * with every character outside `[0-9a-z-.=_/]` written as `=` and its UTF-8 bytes in hex.
 */
export function ircPuppetId(network: string, nick: string, serverName: string): string {
  const localpart = `irc_${network}_${nick}`
    .toLowerCase()
    .replace(/[^0-9a-z\-.=_/]/gu, (c) => `=${Buffer.from(c, "utf8").toString("hex")}`);
  return `@${localpart}:${serverName}`;
}
