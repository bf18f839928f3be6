// Operations anyone may run about themselves: presence (in, out, seen) and subscriptions.
import { compilePattern } from "../../domain/patterns.js";
import { LENGTH_LIMITS, excerpt, readField, storableName } from "../../domain/input-rules.js";
import {
  checkIn as checkInVerb,
  checkOut as checkOutVerb,
  findSeen,
  findSubscription,
  lastCheckIn,
  subscribe,
  unsubscribe,
  type Person,
} from "../../store/people.js";
import { findTrack } from "../../store/tracks.js";
import { formatTimestamp } from "../../domain/timestamp.js";
import { changed, Refused, unchanged, type OperationContext } from "../context.js";
import type { OperationOf } from "../operation.js";

/**
 * The sender as the event stores them. Their nick is a display name nobody typed in the
 * command, so it is made storable (and exportable) rather than refused.
 */
const person = (ctx: OperationContext): Person => ({
  eventId: ctx.event.id,
  personKey: ctx.actor.id,
  nick: storableName(ctx.actor.nick, storableName(ctx.actor.id, "someone")),
});

export async function checkIn(ctx: OperationContext, op: OperationOf<"presence.checkIn">) {
  if (op.place.trim() === "") {
    throw new Refused("The 'in' command should be followed by a location.");
  }
  const read = readField("checkInLocation", op.place);
  if (!read.ok) throw new Refused(read.reason);
  let place = read.value;
  if (place.startsWith("#")) {
    const track = await findTrack(ctx.trx, ctx.event.id, place.slice(1));
    if (track === undefined) throw new Refused(`Unrecognised track ${excerpt(place)}`);
    place = `#${track.name}`;
  } else if (!/\s/.test(place)) {
    const track = await findTrack(ctx.trx, ctx.event.id, place);
    if (track !== undefined) place = `#${track.name}`;
  }
  await checkInVerb(ctx.trx, person(ctx), place, ctx.now);
  return changed({ kind: "presence.checkIn", place } as const);
}

export async function checkOut(ctx: OperationContext, _op: OperationOf<"presence.checkOut">) {
  const last = await lastCheckIn(ctx.trx, ctx.event.id, ctx.actor.id);
  if (last === undefined) throw new Refused("You weren't checked in anywhere yet!");
  if (last.checked_out_at !== null) {
    throw new Refused(
      `You already checked out of ${excerpt(last.location)} at ${formatTimestamp(last.checked_out_at)} UTC!`,
    );
  }
  await checkOutVerb(ctx.trx, person(ctx), ctx.now);
  return changed({ kind: "presence.checkOut", place: last.location } as const);
}

export async function seen(ctx: OperationContext, op: OperationOf<"presence.seen">) {
  const read = readField("nick", op.nick);
  if (!read.ok) throw new Refused(read.reason);
  const found = await findSeen(ctx.trx, ctx.event.id, read.value);
  return unchanged({
    kind: "presence.seen",
    asked: op.nick,
    found:
      found === undefined
        ? null
        : {
            nick: found.nick,
            location: found.location,
            at: found.checked_out_at ?? found.checked_in_at,
            checkedOut: found.checked_out_at !== null,
          },
  } as const);
}

export async function showSubscription(
  ctx: OperationContext,
  _op: OperationOf<"subscription.show">,
) {
  const pattern = await findSubscription(ctx.trx, ctx.event.id, ctx.actor.id);
  return unchanged({ kind: "subscription.show", pattern } as const);
}

export async function setSubscription(ctx: OperationContext, op: OperationOf<"subscription.set">) {
  const previous = await findSubscription(ctx.trx, ctx.event.id, ctx.actor.id);
  const read = readField("subscriptionPattern", op.pattern);
  if (!read.ok) throw new Refused(read.reason);
  const pattern = read.value;
  try {
    compilePattern(pattern);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Refused(`Invalid regex: ${excerpt(reason, 2 * LENGTH_LIMITS.excerpt)}`);
  }
  await subscribe(ctx.trx, person(ctx), pattern);
  return changed({ kind: "subscription.set", pattern, previous } as const);
}

export async function cancelSubscription(
  ctx: OperationContext,
  _op: OperationOf<"subscription.cancel">,
) {
  const pattern = await unsubscribe(ctx.trx, ctx.event.id, ctx.actor.id);
  const result = { kind: "subscription.cancel", pattern } as const;
  return pattern === null ? unchanged(result) : changed(result);
}
