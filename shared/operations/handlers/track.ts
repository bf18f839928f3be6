// Track operations: what a track discusses, and its details. The track exists and the sender
// may moderate it (authorize.ts); `ctx.track` is it.
import { randomBytes } from "node:crypto";
import { COUNT_LIMITS, excerpt, readField, type Field } from "../../domain/input-rules.js";
import { generatedEtherpad } from "../../store/event-state.js";
import { announce } from "../../store/announcement.js";
import { appendNext, clearTracks, nextCount } from "../../store/topics.js";
import {
  setTrackColor,
  setTrackEtherpad,
  setTrackLocation,
  setTrackUrl,
  type TrackRef,
} from "../../store/tracks.js";
import { trackLinkNotice } from "../../schedule/grid-notices.js";
import { noteScheduleChanges } from "../../store/schedule-notices.js";
import { changed, Refused, type Applied, type OperationContext } from "../context.js";
import { notificationsFor } from "../notify.js";
import type { OperationOf } from "../operation.js";
import type { ResultOf } from "../result.js";

export type TrackContext = OperationContext & { track: TrackRef };

/** A free-text argument, held to its field's rule (shared/domain/input-rules.ts). */
function requireText(field: Field, text: string, missing: string): string {
  if (text.trim() === "") throw new Refused(missing);
  const read = readField(field, text);
  if (!read.ok) throw new Refused(read.reason);
  return read.value;
}

/**
 * What now and next share, in one statement (store/announcement.ts): `now` sets the topic; both
 * tell subscribers, and warn when the track has no room today.
 */
async function announceTopic<K extends "track.now" | "track.next">(
  ctx: TrackContext,
  kind: K,
  sentence: string,
): Promise<Applied<ResultOf<K>>> {
  const { trx, event, track, now } = ctx;
  const isNow = kind === "track.now";
  const facts = await announce(
    trx,
    { eventId: event.id, trackId: track.id, now },
    isNow ? { topic: sentence, at: now } : null,
  );
  const notifications = notificationsFor(
    facts,
    { track: track.name, adverb: isNow ? "now" : "next", sentence, location: facts.location },
    ctx.actor.id,
  );
  const result = { kind, track: track.name, noRoomToday: facts.room === null } as ResultOf<K>;
  return changed(result, { notifications });
}

export async function now(ctx: TrackContext, op: OperationOf<"track.now">) {
  const topic = requireText("topic", op.topic, `Missing sentence (#${ctx.track.name} now ...)`);
  return announceTopic(ctx, "track.now", topic);
}

export async function next(ctx: TrackContext, op: OperationOf<"track.next">) {
  const topic = requireText("topic", op.topic, `Missing sentence (#${ctx.track.name} next ...)`);
  if ((await nextCount(ctx.trx, ctx.track.id)) >= COUNT_LIMITS.nextPerTrack) {
    throw new Refused(
      `#${ctx.track.name} already has ${COUNT_LIMITS.nextPerTrack} topics coming next: set one 'now' first`,
    );
  }
  await appendNext(ctx.trx, ctx.track.id, topic);
  return announceTopic(ctx, "track.next", topic);
}

export async function clean(ctx: TrackContext, _op: OperationOf<"track.clean">) {
  await clearTracks(ctx.trx, [ctx.track.id]);
  return changed({ kind: "track.clean", track: ctx.track.name } as const);
}

/** What etherpad and url share: a link of the track's, or null for none of its own. */
function requireLink(value: string | null): string | null {
  if (value === null) return null;
  const read = readField("url", value);
  if (!read.ok) throw new Refused(`'${excerpt(value)}' is not an http(s) URL`);
  return read.value;
}

export async function etherpad(ctx: TrackContext, op: OperationOf<"track.etherpad">) {
  const link = requireLink(op.etherpad);
  await setTrackEtherpad(ctx.trx, ctx.track.id, link);
  const shown = link ?? generatedEtherpad(ctx.event.etherpad_base, ctx.event.slug, ctx.track.name);
  return changed({
    kind: "track.etherpad",
    track: ctx.track.name,
    etherpad: shown,
    custom: link !== null,
  } as const);
}

export async function url(ctx: TrackContext, op: OperationOf<"track.url">) {
  const link = op.url?.toLowerCase() === "jitsi" ? jitsiRoom(ctx) : requireLink(op.url);
  const old = await ctx.trx
    .selectFrom("tracks")
    .select("url")
    .where("id", "=", ctx.track.id)
    .executeTakeFirst();
  await setTrackUrl(ctx.trx, ctx.track.id, link);
  // Followers hear of their booked slots' new link (coalesced: store/schedule-notices.ts).
  const notices = await trackLinkNotice(ctx.trx, ctx.track, old?.url ?? null, link);
  await noteScheduleChanges(ctx.trx, ctx.event.id, notices, ctx.now, ctx.actor.id);
  return changed({ kind: "track.url", track: ctx.track.name, url: link } as const);
}

/** A new Jitsi room for the track on the configured server (PTG_JITSI_URL): hard to guess. */
function jitsiRoom(ctx: TrackContext): string {
  if (ctx.jitsiUrl === null) {
    throw new Refused(
      "No Jitsi server is configured (PTG_JITSI_URL); use #" + ctx.track.name + " url URL instead",
    );
  }
  const name = `${ctx.event.slug}-${ctx.track.name}`.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  return `${ctx.jitsiUrl}/${name}-${randomBytes(6).toString("hex")}`;
}

export async function color(ctx: TrackContext, op: OperationOf<"track.color">) {
  if (op.color.trim() === "") throw new Refused(`Usage: #${ctx.track.name} color COLOR`);
  const read = readField("color", op.color);
  if (!read.ok) {
    throw new Refused(
      `'${excerpt(op.color)}' is not a colour (use a name like teal, #rgb, #rrggbb, rgb() or hsl())`,
    );
  }
  const value = read.value.toLowerCase();
  await setTrackColor(ctx.trx, ctx.track.id, value);
  return changed({ kind: "track.color", track: ctx.track.name, color: value } as const);
}

export async function location(ctx: TrackContext, op: OperationOf<"track.location">) {
  const place = requireText(
    "location",
    op.location,
    `Missing location (#${ctx.track.name} location ...)`,
  );
  await setTrackLocation(ctx.trx, ctx.track.id, place);
  return changed({ kind: "track.location", track: ctx.track.name, location: place } as const);
}
