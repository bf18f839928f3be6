// Keeps, in the database, what the widget's authorization needs of each room the bot is in: the
// power levels, the creators (who outrank every level in room version 12+) and the joined
// members (shared/auth/room-state.ts reads them, from any server process).
//
// The bot's sync filter leaves room state out, so the first time this process sees a room it
// reads the room's current state once (create event, power levels, joined members); from then on
// the timeline's m.room.power_levels, m.room.create and m.room.member events keep it current, in
// timeline order (one write at a time per room). A failed write is logged and the room is read
// again in full at its next event. When the bot leaves a room, its rows are removed.
import type { Kysely } from "kysely";
import type { MatrixClient } from "matrix-bot-sdk";
import type { Database } from "../shared/db/schema.js";
import { describeError, type BotLog } from "./log.js";
import {
  isObject,
  parseCreate,
  parsePowerLevels,
  type PowerLevels,
  type RoomCreate,
  type RoomEvent,
} from "./matrix-events.js";
import { unpaced, type Pace } from "./pacing.js";
import { KeyedQueue } from "./queue.js";
import { stateContent, stateEvent } from "./room-state.js";

/** What bot/actor.ts tells about the rooms it follows. */
export interface RoomStateObserver {
  observe(roomId: string, event: RoomEvent): void;
  forget(roomId: string): void;
}

export class RoomStateStore implements RoomStateObserver {
  private readonly queue = new KeyedQueue();
  /** Rooms whose full state this process has written (deltas apply on top of it). */
  private readonly known = new Set<string>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly client: MatrixClient,
    private readonly log: BotLog,
    /** Paces the reads of a room's state (bot/pacing.ts). */
    private readonly pace: Pace = unpaced,
  ) {}

  observe(roomId: string, event: RoomEvent): void {
    if (this.known.has(roomId) && !isRoomStateEvent(event)) return;
    void this.queue
      .run(roomId, async () => {
        if (!this.known.has(roomId)) {
          // A room seen from its creation on (say, a direct room the bot opened): its timeline
          // brings all of its state, nothing needs reading.
          if (event.type !== "m.room.create") await this.pace(() => this.snapshot(roomId), 3);
          this.known.add(roomId);
        }
        await this.apply(roomId, event);
      })
      .catch((error: unknown) => {
        this.known.delete(roomId);
        this.log.warn(`Could not store the power levels of ${roomId}: ${describeError(error)}`);
      });
  }

  forget(roomId: string): void {
    this.known.delete(roomId);
    void this.queue
      .run(roomId, () =>
        this.db.transaction().execute(async (trx) => {
          await trx.deleteFrom("matrix_room_members").where("room_id", "=", roomId).execute();
          await trx.deleteFrom("matrix_room_power").where("room_id", "=", roomId).execute();
        }),
      )
      .catch((error: unknown) => {
        this.log.warn(`Could not forget the state of ${roomId}: ${describeError(error)}`);
      });
  }

  /** Resolves when every write queued so far is done (or failed). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  /** Reads the room's current state from the homeserver and replaces what is stored. */
  private async snapshot(roomId: string): Promise<void> {
    const [create, levelsContent, joined] = await Promise.all([
      stateEvent(this.client, roomId, "m.room.create"),
      stateContent(this.client, roomId, "m.room.power_levels"),
      this.client.doRequest(
        "GET",
        `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/joined_members`,
      ) as Promise<unknown>,
    ]);
    const members = isObject(joined) && isObject(joined.joined) ? Object.keys(joined.joined) : [];
    const room = parseCreate(create?.sender, create?.content ?? {});
    const levels = levelsContent === null ? null : parsePowerLevels(levelsContent);
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto("matrix_room_power")
        .values({ room_id: roomId, ...createColumns(room), ...levelColumns(levels) })
        .onConflict((oc) =>
          oc.column("room_id").doUpdateSet({
            ...createColumns(room),
            ...levelColumns(levels),
            updated_at: new Date(),
          }),
        )
        .execute();
      await trx.deleteFrom("matrix_room_members").where("room_id", "=", roomId).execute();
      if (members.length > 0) {
        await trx
          .insertInto("matrix_room_members")
          .values(members.map((userId) => ({ room_id: roomId, user_id: userId })))
          .execute();
      }
    });
  }

  private async apply(roomId: string, event: RoomEvent): Promise<void> {
    if (!isRoomStateEvent(event)) return;
    if (event.type === "m.room.member" && event.stateKey !== undefined) {
      const userId = event.stateKey;
      if (event.content.membership === "join") {
        await this.db
          .insertInto("matrix_room_members")
          .values({ room_id: roomId, user_id: userId })
          .onConflict((oc) => oc.columns(["room_id", "user_id"]).doNothing())
          .execute();
      } else {
        await this.db
          .deleteFrom("matrix_room_members")
          .where("room_id", "=", roomId)
          .where("user_id", "=", userId)
          .execute();
      }
      return;
    }
    const columns =
      event.type === "m.room.power_levels"
        ? levelColumns(parsePowerLevels(event.content))
        : createColumns(parseCreate(event.sender, event.content));
    await this.db
      .insertInto("matrix_room_power")
      .values({ room_id: roomId, ...columns })
      .onConflict((oc) => oc.column("room_id").doUpdateSet({ ...columns, updated_at: new Date() }))
      .execute();
  }
}

function isRoomStateEvent(event: RoomEvent): boolean {
  if (event.stateKey === undefined) return false;
  if (event.type === "m.room.member") return true;
  return (
    (event.type === "m.room.power_levels" || event.type === "m.room.create") &&
    event.stateKey === ""
  );
}

function createColumns(create: RoomCreate) {
  return {
    creators: JSON.stringify(create.creators),
    creators_privileged: create.creatorsPrivileged,
  };
}

function levelColumns(levels: PowerLevels | null) {
  return levels === null
    ? { has_power_levels: false, users: "{}", users_default: 0 }
    : {
        has_power_levels: true,
        users: JSON.stringify(levels.users),
        users_default: levels.usersDefault,
      };
}
