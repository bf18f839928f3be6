import { answer, CommandRefused, ok, type AdminHandler } from "../types.js";

export const MAX_EVENT_NAME_LENGTH = 100;

/** `~name` shows the event's display name; `~name TEXT` sets it (the page's title). */
export const name: AdminHandler = {
  kind: "admin",
  names: ["name"],
  async run(ctx, args) {
    if (args.text === "") return answer(`This event is called ${ctx.event.name}`);
    if (args.text.length > MAX_EVENT_NAME_LENGTH) {
      throw new CommandRefused(`That is too long (at most ${MAX_EVENT_NAME_LENGTH} characters)`);
    }
    await ctx.trx
      .updateTable("events")
      .set({ name: args.text })
      .where("id", "=", ctx.event.id)
      .execute();
    return ok(`This event is now called ${args.text}`);
  },
};
