// What one chat line makes the bot send: the command runs as the Matrix adapter runs it (its
// reply queued in the outbox), and the reply rows are cut into Matrix messages by the bot's own
// splitter (bot/delivery/replies.ts), as it would send them to the sender in an event room.
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { replyMessages } from "../../bot/delivery/replies.js";
import { runCommand } from "../../shared/commands/execute.js";
import type { Outcome } from "../../shared/operations/execute.js";
import type { Actor } from "../../shared/operations/context.js";
import { exportPtgbot } from "../../shared/ptgbot/export.js";
import { importIntoEvent } from "../../shared/schedule/ptgbot-import-event.js";
import { findEvent } from "../../shared/store/events.js";
import { pendingRowsOf } from "../../shared/store/outbox.js";
import { HELP_URL, MONDAY, newMessageId, newSlug, type TestEvent } from "./support.js";

export interface Said {
  outcome: Outcome;
  /** The reply rows' texts (at most one is expected). */
  replies: string[];
  /** Matrix messages the replies make, addressed to the sender in an event room. */
  messages: number;
  /** Rows for other people (notifications). */
  others: number;
  /** Unexpected failures reported by the core (each would be a stack trace on stderr). */
  errors: unknown[];
}

/** Runs one line as `actor` and counts what the bot would send for it. */
export async function say(ev: TestEvent, text: string, actor: Actor): Promise<Said> {
  const errors: unknown[] = [];
  const session = `test:${randomUUID()}`;
  const outcome = await runCommand(
    ev.db,
    {
      messageId: newMessageId(),
      eventSlug: ev.slug,
      chatRoomId: ev.chatRoomId,
      venue: "event-room",
      actor,
      text,
      now: MONDAY,
      replyTo: { kind: "console", session, nick: actor.nick },
    },
    { helpUrl: HELP_URL, allowPrivateFetch: false, onError: (error) => errors.push(error) },
  );
  let replies: string[] = [];
  let others = 0;
  if (outcome.status !== "ignored") {
    if (outcome.logId === null) replies = outcome.reply === "" ? [] : [outcome.reply];
    else {
      const own = await pendingRowsOf(ev.db, outcome.logId, "console");
      replies = own.flatMap((row) => (row.message.kind === "text" ? [row.message.text] : []));
      others = (await pendingRowsOf(ev.db, outcome.logId, "matrix")).length;
    }
  }
  const to = { userId: actor.id, nick: actor.nick };
  const messages = replies.reduce(
    (sum, reply) => sum + replyMessages(reply, to, "m.notice").length,
    0,
  );
  return { outcome, replies, messages, others, errors };
}

/**
 * Exports the event, imports the export into a fresh event, exports that, and checks that both
 * exports are the same document (but for the event id).
 */
export async function expectRoundTrip(ev: TestEvent, context: string): Promise<void> {
  const exported = JSON.parse(JSON.stringify(await ev.exported())) as Record<string, unknown>;
  const slug = newSlug();
  await importIntoEvent(ev.db, slug, exported);
  const fresh = await findEvent(ev.db, slug);
  if (fresh === undefined) throw new Error(`no event ${slug}`);
  const again = JSON.parse(JSON.stringify(await exportPtgbot(ev.db, fresh.id))) as Record<
    string,
    unknown
  >;
  expect({ ...again, eventid: ev.slug }, context).toEqual(exported);
}
