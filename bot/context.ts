// What every part of the bot works with, built once by start.ts.
import type { Kysely } from "kysely";
import type { Config } from "../shared/config.js";
import type { Database } from "../shared/db/schema.js";
import type { Actors } from "./rooms/actor.js";
import type { BotCrypto } from "./crypto/bot-crypto.js";
import type { DirectRoomStates } from "./delivery/direct-room-states.js";
import type { DirectRooms } from "./delivery/direct-rooms.js";
import type { EncryptedRooms } from "./inbound/encrypted-rooms.js";
import type { JoinWaiters } from "./delivery/join-waiters.js";
import type { BotLog } from "./matrix/log.js";
import type { Pace } from "./sync/pacing.js";
import type { KeyedQueue } from "./matrix/queue.js";
import type { RoomSnapshots } from "./bridges/room-snapshots.js";
import type { BotMatrixClient } from "./sync/sync-client.js";

export interface BotContext {
  client: BotMatrixClient;
  db: Kysely<Database>;
  config: Pick<
    Config,
    | "defaultEvent"
    | "publicUrl"
    | "replyMsgtype"
    | "allowedInviters"
    | "admins"
    | "bridgedUsers"
    | "fetchPrivate"
    | "e2ee"
    | "jitsiUrl"
    | "matrixSendsInFlight"
  >;
  log: BotLog;
  /** The bot's own Matrix user id and its homeserver's name. */
  userId: string;
  serverName: string;
  helpUrl: string;
  direct: DirectRooms;
  /** Which rooms are end-to-end encrypted, and what the bot does in those it cannot read. */
  encrypted: EncryptedRooms;
  /** End-to-end encryption (PTG_E2EE): decrypts what the bot reads, encrypts what it sends. */
  crypto: BotCrypto;
  /** Where the person of each direct room stands, as the database keeps it. */
  directStates: DirectRoomStates;
  /** Paces background requests (PTG_MATRIX_REQUESTS_PER_SECOND). */
  pace: Pace;
  actors: Actors;
  /** One direct-room lookup or creation at a time per person. */
  people: KeyedQueue;
  /** Event rooms' members and bridges, read once per state change (bridged users). */
  rooms: RoomSnapshots;
  /** Waits for someone to join a room, as the sync goes by (bridged users' direct rooms). */
  joins: JoinWaiters;
  /** How long a bridged user's notification waits for their puppet to join a direct room. */
  directJoinBoundMs: number;
}
