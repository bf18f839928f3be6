import { answer, CommandRefused, ok, type UserHandler } from "../types.js";

/** `unsubscribe`: cancels the sender's subscription. */
export const unsubscribe: UserHandler = {
  kind: "user",
  names: ["unsubscribe"],
  async run(ctx, args) {
    if (args.words.length > 0) {
      throw new CommandRefused("The 'unsubscribe' command does not accept any parameters.");
    }
    const removed = await ctx.trx
      .deleteFrom("subscriptions")
      .where("event_id", "=", ctx.event.id)
      .where("person_key", "=", ctx.actor.id)
      .returning("pattern")
      .executeTakeFirst();
    if (removed === undefined) return answer("You don't have a subscription regex set yet");
    return ok(`Cancelled subscription ${removed.pattern}`);
  },
};
