import { sql } from "kysely";
import { MAX_NEXT_TOPICS } from "../../domain/validate.js";
import { CommandRefused, type TrackHandler } from "../types.js";
import { announce, requireSentence } from "./announce.js";

/** `#TRACK next SENTENCE`: appends to what the track discusses next. */
export const next: TrackHandler = {
  kind: "track",
  names: ["next"],
  async run(ctx, args) {
    const sentence = requireSentence(ctx.track, "next", args);
    const { trx, track } = ctx;
    const { count, last } = await trx
      .selectFrom("next_topics")
      .select([
        sql<number>`count(*)::int`.as("count"),
        sql<number>`coalesce(max(position), 0)::int`.as("last"),
      ])
      .where("track_id", "=", track.id)
      .executeTakeFirstOrThrow();
    if (count >= MAX_NEXT_TOPICS) {
      throw new CommandRefused(
        `#${track.name} already has ${MAX_NEXT_TOPICS} topics coming next: set one 'now' first`,
      );
    }
    await trx
      .insertInto("next_topics")
      .values({ track_id: track.id, position: last + 1, topic: sentence })
      .execute();
    return announce(ctx, "next", sentence);
  },
};
