// Change notices to followers (issue 21, item 4). A change to a followed track's talk or booked
// slot (moved, cancelled, another room or link) is written as a pending row per follower in the
// changing operation's transaction; all of one follower's pending rows share the due time of
// their first, about a minute later, so that a burst of changes is one message. A later change
// of the same talk merges into its row (the first "before", the latest "after"; a talk moved
// there and back says nothing). `flushDueNotices` turns each follower's due rows into one
// outbox message and deletes them in one transaction: exactly once, whatever the restarts and
// however many processes flush.
import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../db/schema.js";
import { notificationDestination } from "../domain/destination.js";
import { enqueue, type OutboxEntry } from "./outbox.js";

type Trx = Transaction<Database>;

/** How long a follower's first pending change waits for more. */
export const NOTICE_DELAY_MS = 60_000;

/** Where and when a talk or booked slot is, in the words of the message. */
export interface NoticePlace {
  /** e.g. `Sun 27 Dec 10:00–10:45` (venue time), or `MonA1 (09:00-10:45)`. */
  when: string;
  room: string | null;
  link: string | null;
}

export interface ScheduleNotice {
  trackId: number;
  /** What changed, stable across changes: a talk's guid, a booked slot's key. */
  subject: string;
  /** e.g. `#nova "Live migration"`. */
  title: string;
  /** null: it is new. */
  before: NoticePlace | null;
  /** null: it was cancelled. */
  after: NoticePlace | null;
}

/**
 * Queues `notices` for the followers of their tracks (but not `actorId`, who made the change);
 * returns how many rows were written or merged.
 */
export async function noteScheduleChanges(
  trx: Trx,
  eventId: number,
  notices: ScheduleNotice[],
  now: Date,
  actorId: string | null = null,
): Promise<number> {
  if (notices.length === 0) return 0;
  const trackIds = [...new Set(notices.map((n) => n.trackId))];
  const follows = await trx
    .selectFrom("follows")
    .select(["track_id", "person_key", "nick"])
    .where("track_id", "in", trackIds)
    .execute();
  if (follows.length === 0) return 0;
  const pending = await trx
    .selectFrom("schedule_notices")
    .select(["person_key", (eb) => eb.fn.min("due_at").as("due")])
    .where("event_id", "=", eventId)
    .groupBy("person_key")
    .execute();
  const dueOf = new Map(pending.map((p) => [p.person_key, new Date(p.due)]));
  const fresh = new Date(now.getTime() + NOTICE_DELAY_MS);
  const rows = [];
  for (const notice of notices) {
    for (const f of follows) {
      if (f.track_id !== notice.trackId || f.person_key === actorId) continue;
      rows.push({
        event_id: eventId,
        person_key: f.person_key,
        nick: f.nick,
        subject: notice.subject,
        title: notice.title,
        before: notice.before === null ? null : JSON.stringify(notice.before),
        after: notice.after === null ? null : JSON.stringify(notice.after),
        due_at: dueOf.get(f.person_key) ?? fresh,
      });
    }
  }
  for (let i = 0; i < rows.length; i += 500) {
    await trx
      .insertInto("schedule_notices")
      .values(rows.slice(i, i + 500))
      .onConflict((oc) =>
        oc.columns(["event_id", "person_key", "subject"]).doUpdateSet({
          title: (eb) => eb.ref("excluded.title"),
          after: (eb) => eb.ref("excluded.after"),
        }),
      )
      .execute();
  }
  return rows.length;
}

const same = (a: NoticePlace | null, b: NoticePlace | null): boolean =>
  JSON.stringify(a === null ? null : [a.when, a.room, a.link]) ===
  JSON.stringify(b === null ? null : [b.when, b.room, b.link]);

/** One line of a notice: what changed, old and new. */
export function noticeLine(title: string, before: NoticePlace | null, after: NoticePlace | null) {
  if (after === null) {
    const where = before?.room == null ? "" : `, ${before.room}`;
    return `${title}: cancelled (was ${before?.when ?? "?"}${where})`;
  }
  if (before === null) {
    return `${title}: new, ${after.when}${after.room === null ? "" : `, ${after.room}`}`;
  }
  const parts: string[] = [];
  if (before.when !== after.when) parts.push(`moved from ${before.when} to ${after.when}`);
  if (before.room !== after.room) {
    parts.push(`room ${before.room ?? "none"} → ${after.room ?? "none"}`);
  }
  if (before.link !== after.link) {
    parts.push(`link ${before.link ?? "none"} → ${after.link ?? "none"}`);
  }
  return `${title}: ${parts.join("; ")}`;
}

/** At most this many lines in one message; the rest are counted. */
const MAX_LINES = 12;

/** The message to one follower. */
export function noticeText(lines: string[]): string {
  const shown = lines.slice(0, MAX_LINES);
  if (lines.length > MAX_LINES) shown.push(`… and ${lines.length - MAX_LINES} more changes`);
  const head =
    lines.length === 1
      ? "Schedule change in a track you follow:"
      : "Schedule changes in tracks you follow:";
  return [head, ...shown].join("\n");
}

export interface FlushOptions {
  /** Matrix users bridged from IRC, told in a room of the event (null: none). */
  bridgedUsers: RegExp | null;
}

/**
 * Sends every follower's due notices as one message each (through the outbox) and deletes
 * them; returns how many messages it queued. Safe to run at any time, from any process.
 */
export async function flushDueNotices(
  db: Kysely<Database>,
  now: Date,
  options: FlushOptions,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom("schedule_notices")
      .innerJoin("events", "events.id", "schedule_notices.event_id")
      .select([
        "schedule_notices.id",
        "schedule_notices.event_id",
        "events.slug",
        "schedule_notices.person_key",
        "schedule_notices.title",
        "schedule_notices.before",
        "schedule_notices.after",
      ])
      .where("schedule_notices.due_at", "<=", now)
      .orderBy("schedule_notices.event_id")
      .orderBy("schedule_notices.person_key")
      .orderBy("schedule_notices.id")
      .forUpdate("schedule_notices")
      .skipLocked()
      .execute();
    if (rows.length === 0) return 0;
    const groups = new Map<string, { slug: string; personKey: string; lines: string[] }>();
    for (const r of rows) {
      const before = r.before as NoticePlace | null;
      const after = r.after as NoticePlace | null;
      const key = `${r.event_id} ${r.person_key}`;
      let group = groups.get(key);
      if (group === undefined) {
        group = { slug: r.slug, personKey: r.person_key, lines: [] };
        groups.set(key, group);
      }
      if (!same(before, after)) group.lines.push(noticeLine(r.title, before, after));
    }
    const entries: OutboxEntry[] = [];
    for (const g of groups.values()) {
      if (g.lines.length === 0) continue;
      const destination = notificationDestination(g.personKey, {
        bridgedUsers: options.bridgedUsers,
        eventSlug: g.slug,
        chatRoomId: null,
      });
      if (destination !== null) {
        entries.push({ destination, message: { kind: "text", text: noticeText(g.lines) } });
      }
    }
    await enqueue(trx, null, entries);
    await trx
      .deleteFrom("schedule_notices")
      .where(
        "id",
        "in",
        rows.map((r) => r.id),
      )
      .execute();
    return entries.length;
  });
}

/** When the next pending notice is due (null: none), so a flusher can sleep till then. */
export async function nextNoticeDue(db: Kysely<Database>): Promise<Date | null> {
  const row = await db
    .selectFrom("schedule_notices")
    .select(sql<Date | null>`min(due_at)`.as("due"))
    .executeTakeFirst();
  return row?.due == null ? null : new Date(row.due);
}
