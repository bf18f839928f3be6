import { compilePattern } from "../notify.js";
import { answer, CommandRefused, ok, type UserHandler } from "../types.js";

/** `subscribe REGEX` sets the sender's notification pattern; `subscribe` alone shows it. */
export const subscribe: UserHandler = {
  kind: "user",
  names: ["subscribe"],
  async run(ctx, args) {
    const current = await ctx.trx
      .selectFrom("subscriptions")
      .select("pattern")
      .where("event_id", "=", ctx.event.id)
      .where("person_key", "=", ctx.actor.id)
      .executeTakeFirst();
    if (args.text === "") {
      return answer(
        current
          ? `Your current subscription regex is: ${current.pattern}`
          : "You don't have a subscription regex set yet",
      );
    }
    try {
      compilePattern(args.text);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new CommandRefused(`Invalid regex: ${reason}`);
    }
    const values = { nick: ctx.actor.nick, pattern: args.text };
    await ctx.trx
      .insertInto("subscriptions")
      .values({ event_id: ctx.event.id, person_key: ctx.actor.id, ...values })
      .onConflict((oc) => oc.columns(["event_id", "person_key"]).doUpdateSet(values))
      .execute();
    const was = current ? ` (was ${current.pattern})` : "";
    return ok(`Subscription set to ${args.text}${was}`);
  },
};
