import { formatTimestamp } from "../../domain/timestamp.js";
import { CommandRefused, ok, type UserHandler } from "../types.js";

/** `out`: checks the sender out, keeping where and when. */
export const checkOut: UserHandler = {
  kind: "user",
  names: ["out"],
  async run(ctx, args) {
    if (args.words.length > 0) {
      throw new CommandRefused("The 'out' command does not accept any extra parameters.");
    }
    const last = await ctx.trx
      .selectFrom("check_ins")
      .select(["location", "checked_out_at"])
      .where("event_id", "=", ctx.event.id)
      .where("person_key", "=", ctx.actor.id)
      .executeTakeFirst();
    if (last === undefined) throw new CommandRefused("You weren't checked in anywhere yet!");
    if (last.checked_out_at !== null) {
      throw new CommandRefused(
        `You already checked out of ${last.location} at ${formatTimestamp(last.checked_out_at)} UTC!`,
      );
    }
    await ctx.trx
      .updateTable("check_ins")
      .set({ checked_out_at: ctx.now, nick: ctx.actor.nick })
      .where("event_id", "=", ctx.event.id)
      .where("person_key", "=", ctx.actor.id)
      .execute();
    return ok(`OK, checked out of ${last.location} - thanks for the update!`);
  },
};
