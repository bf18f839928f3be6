import { sql } from "kysely";
import { formatTimestamp } from "../../domain/timestamp.js";
import { answer, CommandRefused, type UserHandler } from "../types.js";

/** `seen NICK`: where NICK was last seen. NICK matches a nick, a Matrix id or its localpart. */
export const seen: UserHandler = {
  kind: "user",
  names: ["seen"],
  async run(ctx, args) {
    const [who] = args.words;
    if (args.words.length !== 1 || who === undefined) {
      throw new CommandRefused("The 'seen' command needs a single nick argument.");
    }
    const key = who.toLowerCase();
    const found = await ctx.trx
      .selectFrom("check_ins")
      .selectAll()
      .where("event_id", "=", ctx.event.id)
      .where((eb) =>
        eb.or([
          eb(sql`lower(nick)`, "=", key),
          eb(sql`lower(person_key)`, "=", key),
          eb(sql`lower(person_key)`, "=", `nick:${key}`),
          // The localpart of a Matrix id (`@jdoe:example.org`); other keys have none.
          eb.and([
            eb("person_key", "like", "@%"),
            eb(sql`lower(split_part(substr(person_key, 2), ':', 1))`, "=", key.replace(/^@/, "")),
          ]),
        ]),
      )
      .orderBy("checked_in_at", "desc")
      .executeTakeFirst();
    if (found === undefined) return answer(`${who} never checked in anywhere`);
    if (found.checked_out_at !== null) {
      return answer(
        `${found.nick} checked out of ${found.location} at ${formatTimestamp(found.checked_out_at)} UTC`,
      );
    }
    return answer(
      `${found.nick} was last seen in ${found.location} at ${formatTimestamp(found.checked_in_at)} UTC`,
    );
  },
};
