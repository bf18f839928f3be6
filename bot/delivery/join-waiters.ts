// Waiting, with a bound, for someone to join a room: a bridged user's direct room is posted in
// only once their puppet has joined it (an appservice receives nothing of a room its user has
// not joined, so a message posted before would never reach IRC). The join is seen in the bot's
// sync (`observe`, called for every timeline event, in order) or, when it happened before the
// wait began, in the room's state (`membershipOf`).
import type { MatrixClient } from "matrix-bot-sdk";
import type { RoomEvent } from "../matrix/matrix-events.js";
import { stateContent } from "../rooms/room-state.js";

/** A membership as the room's state has it (`join`, `invite`, `leave`, `ban`), if any. */
export type MembershipOf = (roomId: string, userId: string) => Promise<string | undefined>;

/** What to do with a direct message to a bridged user, given their membership in the room. */
export type DirectStep = "post" | "wait" | "fallback";

/**
 * Pure: post once they have joined; wait while they are invited (or not yet seen) and the bound
 * has not passed; else give up on the direct room (the caller posts in an event room).
 */
export function directStep(
  membership: string | undefined,
  waitedMs: number,
  boundMs: number,
): DirectStep {
  if (membership === "join") return "post";
  if (membership === "leave" || membership === "ban") return "fallback";
  return waitedMs < boundMs ? "wait" : "fallback";
}

interface Waiter {
  resolve(joined: boolean): void;
}

export class JoinWaiters {
  private readonly waiters = new Map<string, Set<Waiter>>();

  constructor(private readonly membershipOf: MembershipOf) {}

  /** Follows memberships as the bot's sync goes by; resolves the waits they answer. */
  observe(roomId: string, event: RoomEvent): void {
    if (event.type !== "m.room.member" || event.stateKey === undefined) return;
    const membership = event.content.membership;
    if (membership === "join") this.settle(roomId, event.stateKey, true);
    else if (membership === "leave" || membership === "ban") {
      this.settle(roomId, event.stateKey, false);
    }
  }

  /**
   * True once `userId` has joined `roomId`; false when they leave or decline, or after
   * `timeoutMs`. The room's state is read at once and every `pollMs`, since the join may not come
   * through sync in time (a wait inside the handling of a sync batch holds the next batch back).
   * A failure to read the room's state is thrown.
   */
  async waitForJoin(
    roomId: string,
    userId: string,
    timeoutMs: number,
    pollMs = 1_000,
  ): Promise<boolean> {
    const started = Date.now();
    let waiter: Waiter | undefined;
    const observed = new Promise<boolean>((resolve) => {
      waiter = { resolve };
    });
    const key = keyOf(roomId, userId);
    const set = this.waiters.get(key) ?? new Set<Waiter>();
    if (waiter !== undefined) set.add(waiter);
    this.waiters.set(key, set);
    let timer: NodeJS.Timeout | undefined;
    try {
      for (;;) {
        // Registered first, then read: a join between the two is seen either way.
        const membership = await this.membershipOf(roomId, userId);
        const step = directStep(membership, Date.now() - started, timeoutMs);
        if (step !== "wait") return step === "post";
        const pause = Math.max(0, Math.min(pollMs, started + timeoutMs - Date.now()));
        const next = new Promise<undefined>((resolve) => {
          timer = setTimeout(() => {
            resolve(undefined);
          }, pause);
        });
        const joined = await Promise.race([observed, next]);
        clearTimeout(timer);
        if (joined !== undefined) return joined;
      }
    } finally {
      clearTimeout(timer);
      if (waiter !== undefined) set.delete(waiter);
      if (set.size === 0) this.waiters.delete(key);
    }
  }

  /** How many waits are pending (for tests and shutdown). */
  get pending(): number {
    let count = 0;
    for (const set of this.waiters.values()) count += set.size;
    return count;
  }

  private settle(roomId: string, userId: string, joined: boolean): void {
    for (const waiter of this.waiters.get(keyOf(roomId, userId)) ?? []) waiter.resolve(joined);
  }
}

const keyOf = (roomId: string, userId: string): string => `${roomId}\u0000${userId}`;

/** `membershipOf` from the homeserver: the user's `m.room.member` state in the room. */
export function membershipFromState(client: MatrixClient): MembershipOf {
  return async (roomId, userId) => {
    const content = await stateContent(client, roomId, "m.room.member", userId);
    return typeof content?.membership === "string" ? content.membership : undefined;
  };
}
