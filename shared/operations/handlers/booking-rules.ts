// Booking rules (issue 22): `~rules [perday HOURS|total HOURS|none]`, and the check a booking
// passes: a track past a rule is refused ("#nova has 4 of 4 hours on Tuesday; ask an admin"),
// while an admin's booking is applied and noted as over the rule.
import { amount, BASIS_WORDS, unitOf } from "../../domain/booking-hours.js";
import {
  bookingRules,
  eventSlotLengths,
  setBookingRules,
  trackSlotIds,
} from "../../store/booking-rules.js";
import { changed, Refused, unchanged, type OperationContext } from "../context.js";
import type { OperationOf } from "../operation.js";
import type { TrackContext } from "./track.js";

/** The rules in words, and the basis of their unit. */
async function describe(ctx: OperationContext): Promise<string> {
  const rules = await bookingRules(ctx.trx, ctx.event.id);
  const { basis } = await eventSlotLengths(ctx.trx, ctx.event.id);
  const unit = unitOf(basis);
  const limits = [
    ...(rules.perDay === null ? [] : [`at most ${amount(rules.perDay)} ${unit} a day`]),
    ...(rules.total === null ? [] : [`at most ${amount(rules.total)} ${unit} in total`]),
  ];
  const what = limits.length === 0 ? "No booking rules" : `Each track books ${limits.join(", ")}`;
  return `${what} (${BASIS_WORDS[basis]})`;
}

export async function show(ctx: OperationContext, _op: OperationOf<"rules.show">) {
  return unchanged({ kind: "rules.show", text: await describe(ctx) } as const);
}

export async function set(ctx: OperationContext, op: OperationOf<"rules.set">) {
  const rules =
    op.rule === "none"
      ? { perDay: null, total: null }
      : op.rule === "perday"
        ? { perDay: op.amount }
        : { total: op.amount };
  await setBookingRules(ctx.trx, ctx.event.id, rules);
  return changed({ kind: "rules.set", text: await describe(ctx) } as const);
}

/**
 * Whether booking `slotId` takes the track past a rule: null when not (or no rule), else the
 * track's use before the booking, in the refusal's words (without "; ask an admin").
 */
export async function overRule(ctx: TrackContext, slotId: number): Promise<string | null> {
  const rules = await bookingRules(ctx.trx, ctx.event.id);
  if (rules.perDay === null && rules.total === null) return null;
  const { basis, slots } = await eventSlotLengths(ctx.trx, ctx.event.id);
  const slot = slots.get(slotId);
  if (slot === undefined) return null;
  const booked = (await trackSlotIds(ctx.trx, ctx.track.id)).flatMap((id) => {
    const s = slots.get(id);
    return s === undefined ? [] : [s];
  });
  const unit = unitOf(basis);
  const track = `#${ctx.track.name}`;
  // A little slack, so that lengths in hours that add up to the limit are not past it.
  const past = (used: number, limit: number) => used + slot.length > limit + 1e-9;
  if (rules.perDay !== null) {
    const used = booked.filter((s) => s.day === slot.day).reduce((a, s) => a + s.length, 0);
    if (past(used, rules.perDay)) {
      return `${track} has ${amount(used)} of ${amount(rules.perDay)} ${unit} on ${slot.day}`;
    }
  }
  if (rules.total !== null) {
    const used = booked.reduce((a, s) => a + s.length, 0);
    if (past(used, rules.total)) {
      return `${track} has ${amount(used)} of ${amount(rules.total)} ${unit} in total`;
    }
  }
  return null;
}

/** Refuses a booking past a rule, except an admin's: then returns the note for the reply. */
export async function checkRules(ctx: TrackContext, slotId: number): Promise<string | null> {
  const over = await overRule(ctx, slotId);
  if (over === null) return null;
  if (ctx.actor.powerLevel < ctx.event.admin_level) throw new Refused(`${over}; ask an admin`);
  return over;
}
