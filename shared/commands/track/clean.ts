import { CommandRefused, ok, type TrackHandler } from "../types.js";
import { cleanTracks } from "../../store/topics.js";

/** `#TRACK clean`: removes the track's now and next. */
export const clean: TrackHandler = {
  kind: "track",
  names: ["clean", "clear"],
  async run(ctx, args) {
    if (args.words.length > 0) {
      throw new CommandRefused(`'#${ctx.track.name} clean' does not take any parameter`);
    }
    await cleanTracks(ctx.trx, [ctx.track.id]);
    return ok(`Cleaned now and next for #${ctx.track.name}`);
  },
};
