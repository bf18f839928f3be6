// Polls a schedule URL (PTG_SCHEDULE_URL) every few minutes with If-None-Match and
// If-Modified-Since, through the same fetch policy as ~fetchdb. A 304 changes nothing; a new
// document is applied as an import operation (logged, all or nothing, live pages follow), and
// when talks changed, one line is queued for each chat room of the event. A failing server is
// retried with a growing delay (doubling from retryMs, at most the interval), each failure
// logged.
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../shared/db/schema.js";
import type { Logger } from "../shared/log.js";
import type { Resolver } from "../shared/net/checked-lookup.js";
import { execute } from "../shared/operations/execute.js";
import { importOperation } from "../shared/operations/kinds/admin-event.js";
import { findEvent } from "../shared/store/events.js";
import { enqueue } from "../shared/store/outbox.js";
import { documentOf } from "../shared/schedule/fetch-document.js";
import { fetchSchedule } from "../shared/schedule/fetch-source.js";

export interface PollerOptions {
  db: Kysely<Database>;
  url: string;
  eventSlug: string;
  intervalMs: number;
  /** First retry delay after a failure (default 30 s). */
  retryMs?: number;
  allowPrivateAddresses?: boolean;
  resolver?: Resolver;
  helpUrl: string;
  logger: Logger;
}

export type PollOutcome =
  | { status: "not-modified" }
  | { status: "applied"; reply: string; changed: boolean }
  | { status: "failed"; reason: string };

const reasonOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

export class SchedulePoller {
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private stopped = true;
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: PollerOptions) {}

  /** Polls now, then every interval (sooner after failures). */
  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.pollOnce().then((outcome) => {
        const retry = (this.options.retryMs ?? 30_000) * 2 ** Math.max(0, this.failures - 1);
        this.schedule(
          outcome.status === "failed"
            ? Math.min(retry, this.options.intervalMs)
            : this.options.intervalMs,
        );
      });
    }, delayMs);
    this.timer.unref();
  }

  /** One poll: fetch if changed, apply, announce. Never throws. */
  async pollOnce(): Promise<PollOutcome> {
    const { db, url, logger } = this.options;
    const host = hostOf(url);
    try {
      const saved = await db
        .selectFrom("schedule_polls")
        .selectAll()
        .where("url", "=", url)
        .where("event_slug", "=", this.options.eventSlug)
        .executeTakeFirst();
      const headers: Record<string, string> = {};
      if (saved?.etag) headers["if-none-match"] = saved.etag;
      if (saved?.last_modified) headers["if-modified-since"] = saved.last_modified;
      const fetched = await fetchSchedule(url, {
        allowPrivateAddresses: this.options.allowPrivateAddresses ?? false,
        resolver: this.options.resolver,
        headers,
      });
      this.failures = 0;
      if (fetched.status === "not-modified") {
        await this.remember(saved?.etag ?? null, saved?.last_modified ?? null);
        return { status: "not-modified" };
      }
      const done = await execute(
        db,
        importOperation(documentOf(fetched.recognised), url),
        { id: "schedule-poller", nick: "schedule", powerLevel: 100 },
        {
          commandId: `poll:${randomUUID()}`,
          eventSlug: this.options.eventSlug,
          chatRoomId: null,
          replyTo: null,
          text: `poll ${host}`,
        },
        {
          helpUrl: this.options.helpUrl,
          onError: (error) => {
            logger.error({ err: error });
          },
        },
      );
      if (done.result !== "ok") throw new Error(done.reply);
      await this.remember(fetched.etag, fetched.lastModified);
      const changed = !/: 0 added, 0 changed, 0 removed/.test(done.reply);
      if (changed) await this.announce(done.reply, host);
      logger.info(`Schedule from ${host}: ${done.reply}`);
      return { status: "applied", reply: done.reply, changed };
    } catch (error) {
      this.failures++;
      const reason = reasonOf(error);
      logger.warn(`Schedule from ${host} failed (attempt ${this.failures}): ${reason}`);
      return { status: "failed", reason };
    }
  }

  private async remember(etag: string | null, lastModified: string | null): Promise<void> {
    const row = { etag, last_modified: lastModified, checked_at: new Date() };
    await this.options.db
      .insertInto("schedule_polls")
      .values({ event_slug: this.options.eventSlug, url: this.options.url, ...row })
      .onConflict((oc) => oc.columns(["event_slug", "url"]).doUpdateSet(row))
      .execute();
  }

  /** One line in each chat room of the event. */
  private async announce(reply: string, host: string): Promise<void> {
    const { db, eventSlug } = this.options;
    const event = await findEvent(db, eventSlug);
    if (event === undefined) return;
    const rooms = await db
      .selectFrom("event_rooms")
      .select("chat_room_id")
      .where("event_id", "=", event.id)
      .execute();
    const text = `Schedule updated from ${host}: ${reply.replace(/^Imported into [^:]+: /, "")}`;
    await db.transaction().execute((trx) =>
      enqueue(
        trx,
        null,
        rooms.map((r) => ({
          destination: { kind: "matrix.room", roomId: r.chat_room_id, to: null },
          message: { kind: "text", text },
        })),
      ),
    );
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "the schedule URL";
  }
}
