// The bot's direct-message rooms, as the `m.direct` account data lists them (user id → rooms).
// That list lives on the homeserver, so it survives a wiped database. It is read at start,
// followed through sync, and written when the bot accepts a DM invite or opens a DM to notify.
// One write at a time: every change made while a write is on its way goes out together in the
// next one, so opening many direct rooms at once (a batch of notifications, followers' rooms
// opened ahead of time) rewrites the growing list once per batch, not once per room.
import type { MatrixClient } from "matrix-bot-sdk";
import { describeError, type BotLog } from "../matrix/log.js";
import { isNotFound } from "../matrix/matrix-errors.js";
import { parseDirectMap } from "../matrix/matrix-events.js";
import { RecentSet } from "../matrix/queue.js";

/** A direct-room list written the same way whatever the order of its people. */
const canonical = (map: ReadonlyMap<string, readonly string[]>): string =>
  JSON.stringify([...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

export class DirectRooms {
  private map = new Map<string, string[]>();
  private writes: Promise<void> = Promise.resolve();
  private pendingWrites = 0;
  /** The write that has not started yet, which any further change joins. */
  private queued: Promise<void> | null = null;
  /** What our recent writes said (canonical()), to recognise them when sync echoes them. */
  private readonly written = new RecentSet(16);

  constructor(
    private readonly client: MatrixClient,
    private readonly log: BotLog,
  ) {}

  async load(): Promise<void> {
    try {
      const content: unknown = await this.client.getAccountData("m.direct");
      this.map = parseDirectMap(content);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      this.map = new Map();
    }
  }

  /**
   * The account data as sync delivered it: ignored while our own write is on its way, and when
   * it is one of our own writes coming back (the list may have grown since).
   */
  replace(content: unknown): void {
    if (this.pendingWrites > 0) return;
    const map = parseDirectMap(content);
    if (this.written.has(canonical(map))) return;
    this.map = map;
  }

  isDirect(roomId: string): boolean {
    for (const rooms of this.map.values()) if (rooms.includes(roomId)) return true;
    return false;
  }

  /** The person this direct room is with. */
  personIn(roomId: string): string | undefined {
    for (const [userId, rooms] of this.map) if (rooms.includes(roomId)) return userId;
    return undefined;
  }

  /** The most recent direct room with this person. */
  roomWith(userId: string): string | undefined {
    return this.map.get(userId)?.[0];
  }

  add(userId: string, roomId: string): Promise<void> {
    const rooms = this.map.get(userId) ?? [];
    this.map.set(userId, [roomId, ...rooms.filter((r) => r !== roomId)]);
    return this.persist();
  }

  remove(roomId: string): Promise<void> {
    if (!this.isDirect(roomId)) return Promise.resolve();
    for (const [userId, rooms] of this.map) {
      const kept = rooms.filter((r) => r !== roomId);
      if (kept.length === 0) this.map.delete(userId);
      else this.map.set(userId, kept);
    }
    return this.persist();
  }

  private persist(): Promise<void> {
    if (this.queued !== null) return this.queued;
    this.pendingWrites++;
    const write = this.writes.then(async () => {
      // From here on, a change needs a write of its own: this one reads the list now.
      this.queued = null;
      this.written.add(canonical(this.map));
      try {
        await this.client.setAccountData("m.direct", Object.fromEntries(this.map));
      } catch (error) {
        this.log.warn(`Could not save the direct-room list (m.direct): ${describeError(error)}`);
      } finally {
        this.pendingWrites--;
      }
    });
    this.queued = write;
    this.writes = write;
    return write;
  }
}
