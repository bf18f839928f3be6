import { todaysRoom } from "../../store/tracks.js";
import type { TrackHandler } from "../types.js";
import { announce, requireSentence } from "./announce.js";

/** `#TRACK now SENTENCE`: what the track discusses now; clears its "next" list. */
export const now: TrackHandler = {
  kind: "track",
  names: ["now"],
  async run(ctx, args) {
    const sentence = requireSentence(ctx.track, "now", args);
    const { trx, track } = ctx;
    await trx
      .insertInto("now_topics")
      .values({ track_id: track.id, topic: sentence, set_at: ctx.now })
      .onConflict((oc) => oc.column("track_id").doUpdateSet({ topic: sentence, set_at: ctx.now }))
      .execute();
    await trx.deleteFrom("next_topics").where("track_id", "=", track.id).execute();
    const room = await todaysRoom(trx, ctx.event.id, track.id, ctx.now);
    if (room !== null) {
      await trx
        .updateTable("tracks")
        .set({ location: room })
        .where("id", "=", track.id)
        .where("location_set_by_hand", "=", false)
        .execute();
    }
    return announce(ctx, "now", sentence);
  },
};
