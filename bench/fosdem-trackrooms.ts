// `~trackrooms create` at FOSDEM's size (bench/fosdem.ts): the bot makes a room for each of the
// event's tracks (bot/rooms/track-room-creator.ts: one at a time, the event's Space first).
// - With the bot's limits lifted (override_ratelimit): all of them, timed from the command as
//   Synapse received it to the last job's record in the bot's database.
// - Under Synapse's default limits (rc_room_creation: a burst of 10, then one every 62.5 s; all
//   200 would take about 3.5 hours): a second event with as many tracks, watched for a bounded
//   window; the pace at its end (the gap between its last two rooms) gives a projected time for
//   all of them, printed as projected.
import { sql } from "kysely";
import type { MatrixClient } from "../test/support/matrix-client.js";
import type { TestStore } from "../test/support/stores.js";
import { receivedTs, type SynapseStore } from "./synapse-events.js";

export interface TrackRoomsLifted {
  tracks: number;
  created: number;
  failed: number;
  /** From the command to the last room recorded. */
  seconds: number;
}

export interface TrackRoomsPaced {
  tracks: number;
  /** Track rooms created within the window, and how long the window was. */
  created: number;
  windowSeconds: number;
  /**
   * Track rooms created in the burst (up to the first gap of more than BURST_GAP_SECONDS), and
   * the gap between the window's last two rooms: the pace once Synapse's buckets are drained.
   */
  burst: number;
  gapSeconds: number | null;
  /** The time for all the tracks at that pace: projected, not measured. */
  projectedSeconds: number | null;
}

/** The finish times of the event's track-room jobs (ms since the epoch) and how many failed. */
async function jobsOf(store: TestStore, slug: string): Promise<{ done: number[]; failed: number }> {
  const rows = await store.db
    .selectFrom("track_room_jobs")
    .innerJoin("events", "events.id", "track_room_jobs.event_id")
    .select(["track_room_jobs.state", "track_room_jobs.finished_at"])
    .where("events.slug", "=", slug)
    .where("track_room_jobs.state", "!=", sql.lit("pending"))
    .execute();
  return {
    done: rows
      .filter((r) => r.state === "done" && r.finished_at !== null)
      .map((r) => r.finished_at?.getTime() ?? NaN)
      .sort((a, b) => a - b),
    failed: rows.filter((r) => r.state === "failed").length,
  };
}

/** A gap longer than this between two rooms means the homeserver held the bot back. */
const BURST_GAP_SECONDS = 20;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends `~trackrooms create` in `roomId` and returns when Synapse received it. */
async function ask(hs: SynapseStore, mod: MatrixClient, roomId: string): Promise<number> {
  return receivedTs(hs, await mod.sendText(roomId, "~trackrooms create"));
}

export async function trackRoomsLifted(
  hs: SynapseStore,
  mod: MatrixClient,
  store: TestStore,
  slug: string,
  roomId: string,
  tracks: number,
): Promise<TrackRoomsLifted> {
  const asked = await ask(hs, mod, roomId);
  const deadline = Date.now() + 60 * 60_000;
  for (;;) {
    const jobs = await jobsOf(store, slug);
    if (jobs.done.length + jobs.failed >= tracks) {
      const last = jobs.done.at(-1) ?? asked;
      return {
        tracks,
        created: jobs.done.length,
        failed: jobs.failed,
        seconds: (last - asked) / 1000,
      };
    }
    if (Date.now() > deadline) throw new Error(`~trackrooms create: ${jobs.done.length} rooms`);
    await pause(500);
  }
}

export async function trackRoomsPaced(
  hs: SynapseStore,
  mod: MatrixClient,
  store: TestStore,
  slug: string,
  roomId: string,
  tracks: number,
  window: { rooms: number; seconds: number },
): Promise<TrackRoomsPaced> {
  const asked = await ask(hs, mod, roomId);
  let done: number[] = [];
  while (Date.now() - asked < window.seconds * 1000) {
    done = (await jobsOf(store, slug)).done;
    if (done.length >= window.rooms) break;
    await pause(500);
  }
  const windowSeconds =
    ((done.length >= window.rooms ? (done.at(-1) ?? 0) : Date.now()) - asked) / 1000;
  const firstHeld = done.findIndex(
    (t, i) => i > 0 && t - (done[i - 1] ?? t) > BURST_GAP_SECONDS * 1000,
  );
  const burst = firstHeld === -1 ? done.length : firstHeld;
  const paced = done.slice(burst);
  const last = done.at(-1);
  // The pace at the end of the window, once both of Synapse's buckets are drained (room
  // creation's, and rc_message's, which createRoom, m.space.child and the replies share).
  const beforeLast = done.at(-2);
  const gapSeconds =
    paced.length === 0 || last === undefined || beforeLast === undefined
      ? null
      : (last - beforeLast) / 1000;
  const projectedSeconds =
    gapSeconds === null || last === undefined
      ? null
      : (last - asked) / 1000 + (tracks - done.length) * gapSeconds;
  return { tracks, created: done.length, windowSeconds, burst, gapSeconds, projectedSeconds };
}
