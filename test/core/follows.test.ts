// Following tracks from chat (`+follow #nova`, `+unfollow #nova`, `+follow`): the replies, what
// is stored, refusals that change nothing, followers told of now/next like subscribers (once
// each when they both follow and subscribe), follows kept out of ptg.json and ended with their
// track, and nobody told of their own change. PGlite, and PostgreSQL when DATABASE_URL is set.
import { describe, expect, it } from "vitest";
import { storeKinds } from "../support/stores.js";
import { alice, bob, fixtureEvent, plainEvent, useStore } from "./support.js";

describe.each(storeKinds())("following tracks on %s", (kind) => {
  const store = useStore(kind);

  it("follows and unfollows, in the chat's words, both with and without '#'", async () => {
    const ev = await plainEvent(store().db, ["nova", "swift"]);
    expect(await ev.reply("+follow #Nova", { actor: bob })).toBe("Following #nova");
    expect(await ev.reply("#follow swift", { actor: bob })).toBe("Following #swift");
    expect(await ev.reply("+follow #nova", { actor: bob })).toBe("Following #nova");
    expect(await ev.reply("+follow", { actor: bob })).toBe("Following #nova #swift");
    expect(await ev.reply("+follow", { actor: alice })).toBe(
      "You don't follow any track yet (+follow #TRACK)",
    );
    expect(await ev.reply("+unfollow #swift", { actor: bob })).toBe("No longer following #swift");
    expect(await ev.reply("+unfollow swift", { actor: bob })).toBe("You don't follow #swift");
    expect(await ev.reply("follow nova", { actor: alice, venue: "direct" })).toBe(
      "Following #nova",
    );
    const rows = await ev.db
      .selectFrom("follows")
      .select(["person_key", "nick"])
      .where("event_id", "=", await ev.id())
      .orderBy("person_key")
      .execute();
    expect(rows).toEqual([
      { person_key: alice.id, nick: alice.nick },
      { person_key: bob.id, nick: bob.nick },
    ]);
  });

  it("refuses unknown tracks and bad arguments, changing nothing", async () => {
    const ev = await plainEvent(store().db, ["nova"]);
    await ev.ok("+follow #nova", { actor: bob });
    expect(await ev.refused("+follow #novva", { actor: bob })).toBe("Unrecognised track #novva");
    expect(await ev.refused("+unfollow novva", { actor: bob })).toBe("Unrecognised track #novva");
    expect(await ev.refused("+follow #nova #swift", { actor: bob })).toBe(
      "The 'follow' command needs a single track (+follow #TRACK).",
    );
    expect(await ev.refused("+unfollow", { actor: bob })).toBe(
      "The 'unfollow' command needs a single track (+unfollow #TRACK).",
    );
    expect(await ev.refused("+follow #", { actor: bob })).toBe("Which track? (+follow #TRACK)");
  });

  it("tells followers of now and next like subscribers, each person once", async () => {
    const ev = await plainEvent(store().db, ["nova", "swift"]);
    await ev.ok("+follow #nova", { actor: alice });
    await ev.ok("+follow #nova", { actor: bob });
    await ev.ok("+subscribe nova", { actor: bob });
    const text = "now in #nova: placement";
    const outcome = await ev.ok("#nova now placement");
    expect(outcome.notifications).toEqual([
      { personKey: bob.id, nick: bob.nick, text },
      { personKey: alice.id, nick: alice.nick, text },
    ]);
    // Queued in the outbox, one direct message per person.
    const rows = await ev.db
      .selectFrom("outbox")
      .select(["destination", "message"])
      .where("command_id", "=", outcome.logId ?? -1)
      .orderBy("id")
      .execute();
    expect(rows.map((r) => r.destination)).toEqual([
      { kind: "matrix.dm", userId: bob.id },
      { kind: "matrix.dm", userId: alice.id },
    ]);
    // Another track: no follower hears of it.
    expect((await ev.ok("#swift now other")).notifications).toEqual([]);
    await ev.ok("+unfollow #nova", { actor: alice });
    expect((await ev.ok("#nova next lunch")).notifications.map((n) => n.personKey)).toEqual([
      bob.id,
    ]);
  });

  it("tells followers and matching subscribers of bookings, in the reply's words", async () => {
    const ev = await fixtureEvent(store().db);
    await ev.ok("+follow #nova", { actor: alice });
    await ev.ok("+subscribe #nova book", { actor: bob });
    const booked = await ev.ok("#nova book Aspen-FriA1");
    const text = "Room Aspen is now booked on FriA1 for nova";
    expect(booked.reply).toBe(text);
    expect(booked.notifications).toEqual([
      { personKey: bob.id, nick: bob.nick, text },
      { personKey: alice.id, nick: alice.nick, text },
    ]);
    const freed = await ev.ok("#nova unbook Aspen-FriA1");
    expect(freed.notifications).toEqual([
      {
        personKey: alice.id,
        nick: alice.nick,
        text: "Room Aspen (previously booked for nova) is now free on FriA1",
      },
    ]);
  });

  it("does not tell a follower or subscriber of the change they made themselves", async () => {
    const ev = await fixtureEvent(store().db);
    await ev.ok("+follow #nova", { actor: alice });
    await ev.ok("+follow #nova", { actor: bob });
    await ev.ok("+subscribe nova", { actor: bob });
    const text = "now in #nova (Ballroom A): bob's own words";
    const own = await ev.ok("#nova now bob's own words", { actor: bob });
    expect(own.notifications).toEqual([{ personKey: alice.id, nick: alice.nick, text }]);
    const booked = await ev.ok("#nova book Aspen-FriA1", { actor: alice });
    expect(booked.notifications.map((n) => n.personKey)).toEqual([bob.id]);
  });

  it("keeps follows out of ptg.json, and ends them with their track", async () => {
    const ev = await fixtureEvent(store().db);
    await ev.ok("+follow #swift", { actor: bob });
    expect(JSON.stringify(await ev.exported())).not.toContain(bob.id);
    await ev.ok("~del swift");
    const left = ev.db.selectFrom("follows").select("person_key");
    expect(await left.where("event_id", "=", await ev.id()).execute()).toEqual([]);
  });
});
