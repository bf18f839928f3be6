// Track operations: what a track discusses, and its details. The track exists and the sender
// may moderate it (authorize.ts); `ctx.track` is it.
import { MAX_NEXT_TOPICS, MAX_TEXT_LENGTH, isCssColor, isHttpUrl } from "../../domain/validate.js";
import { generatedEtherpad } from "../../store/event-state.js";
import { appendNext, clearTracks, nextCount, setNow } from "../../store/topics.js";
import {
  followSchedule,
  setTrackColor,
  setTrackEtherpad,
  setTrackLocation,
  setTrackUrl,
  todaysRoom,
  trackLocation,
  type TrackRef,
} from "../../store/tracks.js";
import { changed, Refused, type Applied, type OperationContext } from "../context.js";
import { notificationsFor } from "../notify.js";
import type { OperationOf } from "../operation.js";
import type { ResultOf } from "../result.js";

export type TrackContext = OperationContext & { track: TrackRef };

function requireText(text: string, missing: string): string {
  if (text === "") throw new Refused(missing);
  if (text.length > MAX_TEXT_LENGTH) {
    throw new Refused(`That is too long (at most ${MAX_TEXT_LENGTH} characters)`);
  }
  return text;
}

/** What now and next share: telling subscribers, and warning when the track has no room today. */
async function announce<K extends "track.now" | "track.next">(
  ctx: TrackContext,
  kind: K,
  sentence: string,
): Promise<Applied<ResultOf<K>>> {
  const { trx, event, track, now } = ctx;
  const room = await todaysRoom(trx, event.id, track.id, now);
  if (kind === "track.now" && room !== null) await followSchedule(trx, track.id, room);
  const notifications = await notificationsFor(trx, event.id, {
    track: track.name,
    trackId: track.id,
    adverb: kind === "track.now" ? "now" : "next",
    sentence,
    location: await trackLocation(trx, track.id),
  });
  const result = { kind, track: track.name, noRoomToday: room === null } as ResultOf<K>;
  return changed(result, { notifications });
}

export async function now(ctx: TrackContext, op: OperationOf<"track.now">) {
  const topic = requireText(op.topic, `Missing sentence (#${ctx.track.name} now ...)`);
  await setNow(ctx.trx, ctx.track.id, topic, ctx.now);
  return announce(ctx, "track.now", topic);
}

export async function next(ctx: TrackContext, op: OperationOf<"track.next">) {
  const topic = requireText(op.topic, `Missing sentence (#${ctx.track.name} next ...)`);
  if ((await nextCount(ctx.trx, ctx.track.id)) >= MAX_NEXT_TOPICS) {
    throw new Refused(
      `#${ctx.track.name} already has ${MAX_NEXT_TOPICS} topics coming next: set one 'now' first`,
    );
  }
  await appendNext(ctx.trx, ctx.track.id, topic);
  return announce(ctx, "track.next", topic);
}

export async function clean(ctx: TrackContext, _op: OperationOf<"track.clean">) {
  await clearTracks(ctx.trx, [ctx.track.id]);
  return changed({ kind: "track.clean", track: ctx.track.name } as const);
}

/** What etherpad and url share: a link of the track's, or null for none of its own. */
function requireLink(value: string | null): string | null {
  if (value !== null && !isHttpUrl(value)) throw new Refused(`'${value}' is not an http(s) URL`);
  return value;
}

export async function etherpad(ctx: TrackContext, op: OperationOf<"track.etherpad">) {
  await setTrackEtherpad(ctx.trx, ctx.track.id, requireLink(op.etherpad));
  const shown =
    op.etherpad ?? generatedEtherpad(ctx.event.etherpad_base, ctx.event.slug, ctx.track.name);
  return changed({
    kind: "track.etherpad",
    track: ctx.track.name,
    etherpad: shown,
    custom: op.etherpad !== null,
  } as const);
}

export async function url(ctx: TrackContext, op: OperationOf<"track.url">) {
  await setTrackUrl(ctx.trx, ctx.track.id, requireLink(op.url));
  return changed({ kind: "track.url", track: ctx.track.name, url: op.url } as const);
}

export async function color(ctx: TrackContext, op: OperationOf<"track.color">) {
  if (op.color === "") throw new Refused(`Usage: #${ctx.track.name} color COLOR`);
  if (!isCssColor(op.color)) {
    throw new Refused(
      `'${op.color}' is not a colour (use a name like teal, #rgb, #rrggbb, rgb() or hsl())`,
    );
  }
  const value = op.color.toLowerCase();
  await setTrackColor(ctx.trx, ctx.track.id, value);
  return changed({ kind: "track.color", track: ctx.track.name, color: value } as const);
}

export async function location(ctx: TrackContext, op: OperationOf<"track.location">) {
  const place = requireText(op.location, `Missing location (#${ctx.track.name} location ...)`);
  await setTrackLocation(ctx.trx, ctx.track.id, place);
  return changed({ kind: "track.location", track: ctx.track.name, location: place } as const);
}
