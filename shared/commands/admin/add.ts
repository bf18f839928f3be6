import { isTrackName, RESERVED_TRACK_NAMES } from "../../domain/validate.js";
import { CommandRefused, ok, type AdminHandler } from "../types.js";
import { trackNamesArg } from "./track-names.js";

/** `~add TRACK…`: adds tracks. */
export const add: AdminHandler = {
  kind: "admin",
  names: ["add"],
  async run(ctx, args) {
    const names = trackNamesArg(args);
    const bad = names.find((n) => !isTrackName(n));
    if (bad !== undefined) {
      throw new CommandRefused(
        RESERVED_TRACK_NAMES.includes(bad)
          ? `'${bad}' cannot be a track name: '#${bad}' is a user command`
          : `'${bad}' is not a valid track name (letters, digits, '-', '_' and '.'; at most 64)`,
      );
    }
    const existing = await ctx.trx
      .selectFrom("tracks")
      .select("name")
      .where("event_id", "=", ctx.event.id)
      .where("name", "in", names)
      .execute();
    if (existing.length > 0) {
      throw new CommandRefused(`Track already exists: ${existing.map((t) => t.name).join(" ")}`);
    }
    await ctx.trx
      .insertInto("tracks")
      .values(names.map((name) => ({ event_id: ctx.event.id, name })))
      .execute();
    return ok(`Added tracks: ${names.join(" ")}`);
  },
};
