// Keeps, in the database, what the widget's authorization needs of each room the bot is in: the
// power levels, the creators (who outrank every level in room version 12+) and the joined
// members with their display names (shared/auth/room-state.ts reads them, from any server
// process). A change of power bumps the version of the events the room is bound to, so that
// widgets re-read what their user may do (EventState.powerChangedAt).
//
// The bot's sync filter leaves room state out, so the first time this process sees a room it
// reads the room's current state once (create event, power levels, joined members); from then on
// the timeline's m.room.power_levels, m.room.create, m.room.join_rules (which rooms the public
// state lists: shared/store/public-rooms.ts) and m.room.member events keep it current, in
// timeline order (one write at a time per room). A failed read or write is logged and the room is
// read again in full a few times with growing delays (RETRY_DELAYS_MS), else at its next event.
// When the bot leaves a room, its rows are removed.
import { isDeepStrictEqual } from "node:util";
import type { Kysely, Transaction } from "kysely";
import type { MatrixClient } from "matrix-bot-sdk";
import type { Database } from "../../shared/db/schema.js";
import { bumpVersion } from "../../shared/store/events.js";
import { describeError, type BotLog } from "../matrix/log.js";
import {
  isObject,
  parseCreate,
  parsePowerLevels,
  type PowerLevels,
  type RoomCreate,
  type Json,
  type RoomEvent,
} from "../matrix/matrix-events.js";
import { cleanDisplayName } from "../../shared/matrix/member-name.js";
import { storeJoinRule } from "../../shared/store/public-rooms.js";
import { unpaced, type Pace } from "../sync/pacing.js";
import { KeyedQueue } from "../matrix/queue.js";
import { stateContent, stateEvent } from "./room-state.js";

/** What bot/rooms/actor.ts tells about the rooms it follows. */
export interface RoomStateObserver {
  observe(roomId: string, event: RoomEvent): void;
  forget(roomId: string): void;
}

/** The requests a room's snapshot makes (create, power levels, join rules, joined members). */
export const SNAPSHOT_REQUESTS = 4;

/**
 * After a failed read or write of a room's state (a homeserver or database that blinked, a pool
 * busy past its wait during a start in thousands of rooms), the room is read again after each of
 * these delays until it succeeds; after the last one, at its next event.
 */
export const RETRY_DELAYS_MS: readonly number[] = [2_000, 4_000, 8_000, 16_000, 32_000];

export class RoomStateStore implements RoomStateObserver {
  private readonly queue = new KeyedQueue();
  /** Rooms whose full state this process has written (deltas apply on top of it). */
  private readonly known = new Set<string>();
  /** Rooms the bot left since (a pending retry leaves them alone). */
  private readonly gone = new Set<string>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly client: MatrixClient,
    private readonly log: BotLog,
    /** Paces the reads of a room's state (bot/sync/pacing.ts). */
    private readonly pace: Pace = unpaced,
    private readonly retryDelaysMs: readonly number[] = RETRY_DELAYS_MS,
  ) {}

  observe(roomId: string, event: RoomEvent): void {
    this.gone.delete(roomId);
    if (this.known.has(roomId) && !isRoomStateEvent(event)) return;
    this.write(roomId, 0, async () => {
      if (!this.known.has(roomId)) {
        // A room seen from its creation on (say, a direct room the bot opened): its timeline
        // brings all of its state, nothing needs reading.
        if (event.type !== "m.room.create") {
          await this.pace(() => this.snapshot(roomId), SNAPSHOT_REQUESTS);
        }
        this.known.add(roomId);
      }
      await this.apply(roomId, event);
    });
  }

  forget(roomId: string): void {
    this.known.delete(roomId);
    this.gone.add(roomId);
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

  /** Runs one of a room's writes in its order; a failure reads the room again later. */
  private write(roomId: string, attempt: number, work: () => Promise<void>): void {
    void this.queue.run(roomId, work).catch((error: unknown) => {
      this.known.delete(roomId);
      this.log.warn(`Could not store the power levels of ${roomId}: ${describeError(error)}`);
      const delay = this.retryDelaysMs[attempt];
      if (delay === undefined) return;
      setTimeout(() => {
        this.write(roomId, attempt + 1, async () => {
          if (this.known.has(roomId) || this.gone.has(roomId)) return;
          await this.pace(() => this.snapshot(roomId), SNAPSHOT_REQUESTS);
          this.known.add(roomId);
        });
      }, delay).unref();
    });
  }

  /** Resolves when every write queued so far is done (or failed). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  /** Reads the room's current state from the homeserver and replaces what is stored. */
  private async snapshot(roomId: string): Promise<void> {
    const [create, levelsContent, joinRules, joined] = await Promise.all([
      stateEvent(this.client, roomId, "m.room.create"),
      stateContent(this.client, roomId, "m.room.power_levels"),
      stateContent(this.client, roomId, "m.room.join_rules"),
      this.client.doRequest(
        "GET",
        `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/joined_members`,
      ) as Promise<unknown>,
    ]);
    const members =
      isObject(joined) && isObject(joined.joined)
        ? Object.entries(joined.joined).map(([userId, profile]) => ({
            room_id: roomId,
            user_id: userId,
            display_name: cleanDisplayName(isObject(profile) ? profile.display_name : undefined),
          }))
        : [];
    const room = parseCreate(create?.sender, create?.content ?? {});
    const levels = levelsContent === null ? null : parsePowerLevels(levelsContent);
    await this.db.transaction().execute(async (trx) => {
      await storePower(trx, roomId, { ...createColumns(room), ...levelColumns(levels) });
      await storeJoinRule(trx, roomId, joinRuleOf(joinRules));
      await trx.deleteFrom("matrix_room_members").where("room_id", "=", roomId).execute();
      if (members.length > 0) {
        await trx.insertInto("matrix_room_members").values(members).execute();
      }
    });
  }

  private async apply(roomId: string, event: RoomEvent): Promise<void> {
    if (!isRoomStateEvent(event)) return;
    if (event.type === "m.room.member" && event.stateKey !== undefined) {
      const userId = event.stateKey;
      if (event.content.membership === "join") {
        const display_name = cleanDisplayName(event.content.displayname);
        await this.db
          .insertInto("matrix_room_members")
          .values({ room_id: roomId, user_id: userId, display_name })
          .onConflict((oc) => oc.columns(["room_id", "user_id"]).doUpdateSet({ display_name }))
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
    if (event.type === "m.room.join_rules") {
      await this.db
        .transaction()
        .execute((trx) => storeJoinRule(trx, roomId, joinRuleOf(event.content)));
      return;
    }
    const columns =
      event.type === "m.room.power_levels"
        ? levelColumns(parsePowerLevels(event.content))
        : createColumns(parseCreate(event.sender, event.content));
    await this.db.transaction().execute((trx) => storePower(trx, roomId, columns));
  }
}

type PowerColumns = Partial<ReturnType<typeof createColumns> & ReturnType<typeof levelColumns>>;

/**
 * Writes a room's power. When it differs from what was stored, the events the room is bound to
 * get a new version (scope "power"), so that live widgets re-read what their users may do.
 */
async function storePower(
  trx: Transaction<Database>,
  roomId: string,
  columns: PowerColumns,
): Promise<void> {
  const before = await trx
    .selectFrom("matrix_room_power")
    .select(["creators", "creators_privileged", "has_power_levels", "users", "users_default"])
    .where("room_id", "=", roomId)
    .executeTakeFirst();
  if (before !== undefined && samePower(before, columns)) return;
  await trx
    .insertInto("matrix_room_power")
    .values({ room_id: roomId, ...columns })
    .onConflict((oc) => oc.column("room_id").doUpdateSet({ ...columns, updated_at: new Date() }))
    .execute();
  const bound = await trx
    .selectFrom("event_rooms")
    .select("event_id")
    .where("chat_room_id", "=", roomId)
    .execute();
  for (const { event_id } of bound) await bumpVersion(trx, event_id, { parts: ["power"] });
}

/** Do the stored columns already say what `columns` says? (jsonb compared by value.) */
function samePower(stored: Record<string, unknown>, columns: PowerColumns): boolean {
  return Object.entries(columns).every(([name, value]) => {
    const old = stored[name];
    if (typeof value !== "string") return old === value;
    return isDeepStrictEqual(typeof old === "string" ? parseJson(old) : old, parseJson(value));
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function isRoomStateEvent(event: RoomEvent): boolean {
  if (event.stateKey === undefined) return false;
  if (event.type === "m.room.member") return true;
  return (
    (event.type === "m.room.power_levels" ||
      event.type === "m.room.create" ||
      event.type === "m.room.join_rules") &&
    event.stateKey === ""
  );
}

function joinRuleOf(content: Json | null): string | null {
  const rule = content?.join_rule;
  return typeof rule === "string" ? rule.slice(0, 64) : null;
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
