// Which handler runs each operation. A new operation is a kind in operation.ts, a result in
// result.ts, its words in render-chat.ts, a handler, and one line here.
import type { TrackRef } from "../../store/tracks.js";
import { Refused, unchanged, type Applied, type OperationContext } from "../context.js";
import type { Operation, TrackOperation } from "../operation.js";
import type { Fetched } from "../prepare.js";
import * as adminEvent from "./admin-event.js";
import * as adminVenue from "./admin-venue.js";
import * as adminTracks from "./admin-tracks.js";
import * as booking from "./booking.js";
import * as follows from "./follows.js";
import * as motd from "./motd.js";
import * as people from "./people.js";
import * as track from "./track.js";

function runTrackOperation(
  ctx: OperationContext & { track: TrackRef },
  op: TrackOperation,
): Promise<Applied> {
  switch (op.kind) {
    case "track.now":
      return track.now(ctx, op);
    case "track.next":
      return track.next(ctx, op);
    case "track.clean":
      return track.clean(ctx, op);
    case "track.etherpad":
      return track.etherpad(ctx, op);
    case "track.url":
      return track.url(ctx, op);
    case "track.color":
      return track.color(ctx, op);
    case "track.location":
      return track.location(ctx, op);
    case "booking.book":
      return booking.book(ctx, op);
    case "booking.unbook":
      return booking.unbook(ctx, op);
  }
}

/** Runs an authorized operation; `track` is its track, for track operations. */
export function runOperation(
  ctx: OperationContext,
  op: Operation,
  track: TrackRef | null,
  prepared: Fetched | undefined,
): Promise<Applied> {
  switch (op.kind) {
    case "help":
      return Promise.resolve(unchanged({ kind: "help", helpUrl: ctx.helpUrl } as const));
    case "chat.invalid":
      return Promise.reject(new Refused(op.reply));
    case "presence.checkIn":
      return people.checkIn(ctx, op);
    case "presence.checkOut":
      return people.checkOut(ctx, op);
    case "presence.seen":
      return people.seen(ctx, op);
    case "subscription.show":
      return people.showSubscription(ctx, op);
    case "subscription.set":
      return people.setSubscription(ctx, op);
    case "subscription.cancel":
      return people.cancelSubscription(ctx, op);
    case "follow.add":
      return follows.add(ctx, op);
    case "follow.remove":
      return follows.remove(ctx, op);
    case "follow.show":
      return follows.show(ctx, op);
    case "admin.list":
      return adminTracks.list(ctx, op);
    case "admin.addTracks":
      return adminTracks.addTracks(ctx, op);
    case "admin.deleteTracks":
      return adminTracks.deleteTracks(ctx, op);
    case "admin.cleanTracks":
      return adminTracks.cleanTracks(ctx, op);
    case "admin.newDay":
      return adminTracks.newDay(ctx, op);
    case "admin.motdAdd":
      return motd.add(ctx, op);
    case "admin.motdDel":
      return motd.del(ctx, op);
    case "admin.motdReorder":
      return motd.reorder(ctx, op);
    case "admin.motdClean":
      return motd.clean(ctx, op);
    case "admin.requireVoice":
      return adminEvent.requireVoice(ctx, op);
    case "admin.allowEveryone":
      return adminEvent.allowEveryone(ctx, op);
    case "admin.emptyDb":
      return adminEvent.emptyDb(ctx, op);
    case "admin.fetchDb":
      return adminEvent.fetchDb(ctx, op, prepared);
    case "admin.importDocument":
      return adminEvent.importDocument(ctx, op);
    case "admin.showEvent":
      return adminEvent.showEvent(ctx, op);
    case "admin.bindEvent":
      return adminEvent.bindEvent(ctx, op);
    case "admin.showName":
      return adminEvent.showName(ctx, op);
    case "admin.setName":
      return adminEvent.setName(ctx, op);
    case "admin.venue":
      return adminVenue.venue(ctx, op);
    case "admin.widget":
      return adminEvent.widget(ctx, op);
    default: {
      if (track === null) return Promise.reject(new Error(`${op.kind} needs a track`));
      return runTrackOperation({ ...ctx, track }, op);
    }
  }
}
