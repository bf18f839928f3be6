// Creating track rooms (issue 20): the durable work items behind `~trackrooms create` and
// `~space`. A batch is one command's request (where its progress goes); a job is one track's
// room to create. The bot works through pending jobs at the homeserver's pace
// (bot/track-room-creator.ts) and records each outcome through an operation, which finishes the
// job here: a job is finished once, so a room is bound once however often a retry records it.
import { sql, type Transaction } from "kysely";
import type { Database } from "../db/schema.js";
import type { Destination } from "../domain/destination.js";
import { bindChatRoom, type Queryable } from "./events.js";

type Trx = Transaction<Database>;

/** Told (once the transaction commits) that there is work: jobs queued, a Space to adopt. */
export const TRACK_ROOMS_CHANNEL = "ptg_track_rooms";

const tellWorker = (trx: Trx, slug: string) =>
  sql`select pg_notify(${TRACK_ROOMS_CHANNEL}, ${slug})`.execute(trx);

/** Queues a batch of jobs, one per track; returns the batch's id. */
export async function queueTrackRoomJobs(
  trx: Trx,
  event: { id: number; slug: string },
  trackIds: readonly number[],
  replyTo: Destination,
  requestedBy: string,
): Promise<number> {
  const batch = await trx
    .insertInto("track_room_batches")
    .values({
      event_id: event.id,
      reply_to: JSON.stringify(replyTo),
      requested_by: requestedBy,
      total: trackIds.length,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await trx
    .insertInto("track_room_jobs")
    .values(
      trackIds.map((trackId) => ({ batch_id: batch.id, event_id: event.id, track_id: trackId })),
    )
    .execute();
  await tellWorker(trx, event.slug);
  return batch.id;
}

/** The event's tracks that have a job under way. */
export async function tracksUnderWay(db: Queryable, eventId: number): Promise<Set<number>> {
  const rows = await db
    .selectFrom("track_room_jobs")
    .select("track_id")
    .where("event_id", "=", eventId)
    .where("state", "=", "pending")
    .execute();
  return new Set(rows.map((r) => r.track_id));
}

/** A job to work on, with what the bot needs to do it. */
export interface PendingJob {
  id: number;
  batchId: number;
  eventId: number;
  eventSlug: string;
  eventName: string;
  trackId: number;
  track: string;
  replyTo: Destination;
  requestedBy: string;
}

/** The oldest pending job, of any event. */
export async function nextPendingJob(db: Queryable): Promise<PendingJob | undefined> {
  const row = await db
    .selectFrom("track_room_jobs as j")
    .innerJoin("track_room_batches as b", "b.id", "j.batch_id")
    .innerJoin("events as e", "e.id", "j.event_id")
    .innerJoin("tracks as t", "t.id", "j.track_id")
    .select([
      "j.id",
      "j.batch_id",
      "j.event_id",
      "e.slug",
      "e.name",
      "j.track_id",
      "t.name as track",
      "b.reply_to",
      "b.requested_by",
    ])
    .where("j.state", "=", "pending")
    .orderBy("j.id")
    .limit(1)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    id: row.id,
    batchId: row.batch_id,
    eventId: row.event_id,
    eventSlug: row.slug,
    eventName: row.name,
    trackId: row.track_id,
    track: row.track,
    replyTo: row.reply_to as Destination,
    requestedBy: row.requested_by,
  };
}

/** A job as its outcome is recorded. */
export interface JobRef {
  id: number;
  batchId: number;
  trackId: number;
  track: string;
}

/** A pending job of the event (undefined when it is finished or not the event's). */
export async function pendingJob(
  db: Queryable,
  eventId: number,
  jobId: number,
): Promise<JobRef | undefined> {
  const row = await db
    .selectFrom("track_room_jobs as j")
    .innerJoin("tracks as t", "t.id", "j.track_id")
    .select(["j.id", "j.batch_id", "j.track_id", "t.name"])
    .where("j.id", "=", jobId)
    .where("j.event_id", "=", eventId)
    .where("j.state", "=", "pending")
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : { id: row.id, batchId: row.batch_id, trackId: row.track_id, track: row.name };
}

/** The pending jobs of a batch. */
export async function pendingJobsOfBatch(db: Queryable, batchId: number): Promise<JobRef[]> {
  const rows = await db
    .selectFrom("track_room_jobs as j")
    .innerJoin("tracks as t", "t.id", "j.track_id")
    .select(["j.id", "j.batch_id", "j.track_id", "t.name"])
    .where("j.batch_id", "=", batchId)
    .where("j.state", "=", "pending")
    .orderBy("j.id")
    .execute();
  return rows.map((r) => ({ id: r.id, batchId: r.batch_id, trackId: r.track_id, track: r.name }));
}

/** Finishes a job: its room was made (`roomId`), or it failed (`error`). */
export async function finishJob(
  trx: Trx,
  jobId: number,
  outcome: { roomId: string } | { error: string },
): Promise<void> {
  await trx
    .updateTable("track_room_jobs")
    .set(
      "roomId" in outcome
        ? { state: "done", room_id: outcome.roomId, finished_at: sql<Date>`now()` }
        : { state: "failed", error: outcome.error, finished_at: sql<Date>`now()` },
    )
    .where("id", "=", jobId)
    .execute();
}

/** Binds a room the bot made to its track (and the event), with its alias. */
export async function bindCreatedTrackRoom(
  trx: Trx,
  eventId: number,
  trackId: number,
  roomId: string,
  alias: string | null,
): Promise<void> {
  await bindChatRoom(trx, roomId, eventId);
  await trx
    .updateTable("event_rooms")
    .set({ track_id: trackId, matrix_alias: alias })
    .where("chat_room_id", "=", roomId)
    .execute();
}

/** Where a batch stands. */
export interface BatchProgress {
  total: number;
  done: number;
  failed: string[];
  pending: number;
}

export async function batchProgress(db: Queryable, batchId: number): Promise<BatchProgress> {
  const rows = await db
    .selectFrom("track_room_jobs as j")
    .innerJoin("tracks as t", "t.id", "j.track_id")
    .select(["j.state", "t.name"])
    .where("j.batch_id", "=", batchId)
    .orderBy("j.id")
    .execute();
  return {
    total: rows.length,
    done: rows.filter((r) => r.state === "done").length,
    failed: rows.filter((r) => r.state === "failed").map((r) => r.name),
    pending: rows.filter((r) => r.state === "pending").length,
  };
}

/** Notes that a batch was told the homeserver paces it; false when it already was. */
export async function markBatchPaced(trx: Trx, batchId: number, eventId: number): Promise<boolean> {
  const updated = await trx
    .updateTable("track_room_batches")
    .set({ paced_told: true })
    .where("id", "=", batchId)
    .where("event_id", "=", eventId)
    .where("paced_told", "=", false)
    .executeTakeFirst();
  return updated.numUpdatedRows > 0n;
}

// ---------------------------------------------------------------------------------------------
// The event's Space
// ---------------------------------------------------------------------------------------------

export interface EventSpace {
  roomId: string | null;
  alias: string | null;
  adoptTarget: string | null;
}

export async function eventSpace(db: Queryable, eventId: number): Promise<EventSpace> {
  const row = await db
    .selectFrom("event_spaces")
    .select(["room_id", "alias", "adopt_target"])
    .where("event_id", "=", eventId)
    .executeTakeFirst();
  return {
    roomId: row?.room_id ?? null,
    alias: row?.alias ?? null,
    adoptTarget: row?.adopt_target ?? null,
  };
}

/** Sets the event's Space (and ends any adoption being checked). */
export async function setEventSpace(
  trx: Trx,
  eventId: number,
  roomId: string,
  alias: string | null,
): Promise<void> {
  const values = { room_id: roomId, alias, adopt_target: null, adopt_reply_to: null };
  await trx
    .insertInto("event_spaces")
    .values({ event_id: eventId, ...values })
    .onConflict((oc) => oc.column("event_id").doUpdateSet({ ...values, updated_at: sql`now()` }))
    .execute();
}

/** Asks the bot to check `target` (a room id or alias) and adopt it as the event's Space. */
export async function requestSpaceAdoption(
  trx: Trx,
  event: { id: number; slug: string },
  target: string,
  replyTo: Destination,
): Promise<void> {
  const values = { adopt_target: target, adopt_reply_to: JSON.stringify(replyTo) };
  await trx
    .insertInto("event_spaces")
    .values({ event_id: event.id, ...values })
    .onConflict((oc) => oc.column("event_id").doUpdateSet({ ...values, updated_at: sql`now()` }))
    .execute();
  await tellWorker(trx, event.slug);
}

/** Ends the adoption of `target` (failed); false when another one replaced it meanwhile. */
export async function endSpaceAdoption(
  trx: Trx,
  eventId: number,
  target: string,
): Promise<boolean> {
  const updated = await trx
    .updateTable("event_spaces")
    .set({ adopt_target: null, adopt_reply_to: null })
    .where("event_id", "=", eventId)
    .where("adopt_target", "=", target)
    .executeTakeFirst();
  return updated.numUpdatedRows > 0n;
}

/** A Space to adopt, as `~space` asked. */
export interface SpaceAdoption {
  eventId: number;
  eventSlug: string;
  target: string;
  replyTo: Destination;
  /** When it was asked (ms): tells two requests for the same target apart. */
  askedAt: number;
}

export async function pendingAdoptions(db: Queryable): Promise<SpaceAdoption[]> {
  const rows = await db
    .selectFrom("event_spaces as s")
    .innerJoin("events as e", "e.id", "s.event_id")
    .select(["s.event_id", "e.slug", "s.adopt_target", "s.adopt_reply_to", "s.updated_at"])
    .where("s.adopt_target", "is not", null)
    .execute();
  return rows.flatMap((r) =>
    r.adopt_target === null || r.adopt_reply_to === null
      ? []
      : [
          {
            eventId: r.event_id,
            eventSlug: r.slug,
            target: r.adopt_target,
            replyTo: r.adopt_reply_to as Destination,
            askedAt: r.updated_at.getTime(),
          },
        ],
  );
}
