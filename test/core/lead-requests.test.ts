// Lead sign-up (issue 22 item 2) on every store: a signed-in user asks to lead a track (the
// widget's `leads.request`, run here as the typed operation the widget's route runs), admins
// list the open requests (`~leads`) and approve or refuse them (`~leads approve|refuse N`, the
// same operations as the widget's buttons); the admin room hears of each new request with every
// open one, and the requester is told the answer in a Matrix message (the outbox).
import { describe, expect, it } from "vitest";
import type { Actor } from "../../shared/operations/context.js";
import type { Destination } from "../../shared/domain/destination.js";
import { execute, type Execution } from "../../shared/operations/execute.js";
import type { Operation } from "../../shared/operations/operation.js";
import { storeKinds } from "../support/stores.js";
import {
  HELP_URL,
  MONDAY,
  alice,
  bob,
  mod,
  newMessageId,
  plainEvent,
  useStore,
  type TestEvent,
} from "./support.js";

const ADMIN_ROOM = "!main:example.org";
const TRACK_ROOM = "!nova-room:example.org";

describe.each(storeKinds())("lead requests (%s)", (kind) => {
  const store = useStore(kind);

  /** An event with #nova and #swift, bound to a track room (older) and to its main room. */
  async function event(): Promise<TestEvent> {
    const ev = await plainEvent(store().db, ["nova", "swift"]);
    const id = await ev.id();
    const nova = await store()
      .db.selectFrom("tracks")
      .select("id")
      .where("event_id", "=", id)
      .where("name", "=", "nova")
      .executeTakeFirstOrThrow();
    await store()
      .db.insertInto("event_rooms")
      .values([
        {
          chat_room_id: TRACK_ROOM + ev.slug,
          event_id: id,
          track_id: nova.id,
          bound_at: new Date("2026-01-01T00:00:00Z"),
        },
        { chat_room_id: ADMIN_ROOM + ev.slug, event_id: id, track_id: null },
      ])
      .execute();
    return ev;
  }

  /** Runs an operation as the widget's route does (for the widget's room), or from chat. */
  const run = (ev: TestEvent, operation: Operation, actor: Actor): Promise<Execution> =>
    execute(
      ev.db,
      operation,
      actor,
      {
        commandId: newMessageId(),
        eventSlug: ev.slug,
        chatRoomId: TRACK_ROOM + ev.slug,
        replyTo: null,
        now: MONDAY,
      },
      {
        helpUrl: HELP_URL,
        onError: (error) => {
          throw error;
        },
      },
    );

  const ask = (ev: TestEvent, actor: Actor, trackName: string, text: string) =>
    run(ev, { kind: "leads.request", trackName, text }, actor);

  /** Asks, and checks the request is refused with `reply` and changes nothing at all. */
  async function refusedAsk(
    ev: TestEvent,
    actor: Actor,
    trackName: string,
    text: string,
    reply: string,
  ) {
    const before = await ev.snapshot();
    expect(await ask(ev, actor, trackName, text)).toMatchObject({ result: "refused", reply });
    expect(await ev.snapshot()).toEqual(before);
  }

  /** The outbox rows an execution queued, as [destination, text]. */
  async function rows(ev: TestEvent, execution: { logId: number | null }) {
    const found = await ev.db
      .selectFrom("outbox")
      .select(["destination", "message"])
      .where("command_id", "=", execution.logId ?? -1)
      .orderBy("id")
      .execute();
    return found.map((r) => [r.destination as Destination, (r.message as { text: string }).text]);
  }

  it("takes a request, and tells the admin room of it with every open request", async () => {
    const ev = await event();
    const first = await ask(ev, alice, "#Nova", "  I chair   the Nova team ");
    expect(first).toMatchObject({
      result: "ok",
      reply: "Asked to lead #nova (request 1); an admin will answer",
    });
    expect(await rows(ev, first)).toEqual([
      [
        { kind: "matrix.room", roomId: ADMIN_ROOM + ev.slug, to: null },
        'Lead request 1: Alice asks to lead #nova: "I chair the Nova team"\n' +
          "Open lead requests (1): 1 Alice #nova\n" +
          "Admins: ~leads approve N or ~leads refuse N, or one click in the widget",
      ],
    ]);
    const second = await ask(ev, bob, "swift", "PTL");
    expect((await rows(ev, second))[0]?.[1]).toContain(
      "Open lead requests (2): 1 Alice #nova 2 bob #swift",
    );
    expect(await ev.reply("~leads")).toBe("Open lead requests (2): 1 Alice #nova 2 bob #swift");
  });

  it("refuses bad requests with one reply and changes nothing", async () => {
    const ev = await event();
    await ev.ok("#swift leads add @bob:example.org");
    await ask(ev, alice, "nova", "I chair it");
    await refusedAsk(ev, alice, "nova", "again", "You already asked to lead #nova (request 1)");
    await refusedAsk(ev, alice, "#ghost", "x", "Unknown track '#ghost'");
    await refusedAsk(ev, alice, "swift", "   ", "Say in one line why you would lead #swift");
    await refusedAsk(
      ev,
      alice,
      "swift",
      "x".repeat(201),
      "The request is too long (at most 200 characters)",
    );
    await refusedAsk(ev, bob, "swift", "me", "You already lead #swift");
    const console: Actor = { id: "console:admin", nick: "admin", powerLevel: 100 };
    await refusedAsk(ev, console, "swift", "me", "Only a Matrix user can ask to lead a track");
  });

  it("approves: the requester leads the track and is told in a direct message", async () => {
    const ev = await event();
    await ask(ev, alice, "nova", "I chair it");
    await ask(ev, bob, "nova", "me too");
    const approved = await ev.ok("~leads approve 1");
    expect(approved.reply).toBe("Approved lead request 1: Alice now leads #nova (1 still open)");
    expect(await rows(ev, approved)).toContainEqual([
      { kind: "matrix.dm", userId: alice.id },
      "mod approved your request to lead #nova: you now lead #nova",
    ]);
    expect(await ev.reply("#nova leads")).toBe("#nova leads: @alice:example.org");
    expect((await ev.track("nova")).leads).toEqual(["alice"]);
    expect(await ev.reply("~leads")).toBe("Open lead requests (1): 2 bob #nova");
    // Now a lead: their own track's commands under ~requireleads.
    await ev.ok("~requireleads");
    await ev.ok("#nova now keynote", { actor: alice });
  });

  it("refuses: the requester is told, and nothing else changes", async () => {
    const ev = await event();
    await ask(ev, alice, "nova", "I chair it");
    const refused = await ev.ok("~leads refuse 1");
    expect(refused.reply).toBe("Refused lead request 1 (Alice for #nova; no request open)");
    expect(await rows(ev, refused)).toContainEqual([
      { kind: "matrix.dm", userId: alice.id },
      "mod refused your request to lead #nova",
    ]);
    expect(await ev.reply("#nova leads")).toBe("#nova has no leads");
    expect(await ev.reply("~leads")).toBe("No open lead requests");
    // A refused user may ask again.
    expect(await ask(ev, alice, "nova", "please")).toMatchObject({ result: "ok" });
  });

  it("answers a request once: bad numbers and answered requests get one reply, change nothing", async () => {
    const ev = await event();
    await ask(ev, alice, "nova", "I chair it");
    await ask(ev, bob, "swift", "PTL");
    await ev.ok("~leads approve 1");
    await ev.ok("~leads refuse 2");
    expect(await ev.refused("~leads approve 1")).toBe("Lead request 1 was already approved");
    expect(await ev.refused("~leads refuse 1")).toBe("Lead request 1 was already approved");
    expect(await ev.refused("~leads approve 2")).toBe("Lead request 2 was already refused");
    expect(await ev.refused("~leads approve 9")).toBe(
      "There is no lead request 9 (~leads lists them)",
    );
    const usage =
      "Usage: ~leads [approve N|refuse N] (N: a request's number, as ~leads lists them)";
    expect(await ev.refused("~leads approve")).toBe(usage);
    expect(await ev.refused("~leads approve one")).toBe(usage);
    expect(await ev.refused("~leads refuse 1 2")).toBe(usage);
    expect(await ev.refused("~leads dance")).toBe(usage);
  });

  it("lets only admins list and answer requests, from chat and from the widget", async () => {
    const ev = await event();
    await ask(ev, alice, "nova", "I chair it");
    expect(await ev.refused("~leads", { actor: bob })).toBe("Need op for admin commands");
    expect(await ev.refused("~leads approve 1", { actor: alice })).toBe(
      "Need op for admin commands",
    );
    const before = await ev.snapshot();
    expect(await run(ev, { kind: "leads.refuse", number: 1 }, bob)).toMatchObject({
      result: "refused",
      reply: "Need op for admin commands",
    });
    expect(await ev.snapshot()).toEqual(before);
    expect(await run(ev, { kind: "leads.approve", number: 1 }, mod)).toMatchObject({
      result: "ok",
    });
  });

  it("forgets a deleted track's requests", async () => {
    const ev = await event();
    await ask(ev, alice, "nova", "I chair it");
    await ev.ok("~del nova");
    expect(await ev.reply("~leads")).toBe("No open lead requests");
  });
});

describe.each(storeKinds())("leads on the page (%s)", (kind) => {
  const store = useStore(kind);

  it("shows each track's leads by display name (else localpart), never their Matrix ids", async () => {
    const ev = await plainEvent(store().db, ["nova", "swift"]);
    await store()
      .db.insertInto("event_rooms")
      .values({ chat_room_id: ev.chatRoomId, event_id: await ev.id(), track_id: null })
      .execute();
    await store()
      .db.insertInto("matrix_room_members")
      .values([
        { room_id: ev.chatRoomId, user_id: alice.id, display_name: "Alice Liddell" },
        { room_id: ev.chatRoomId, user_id: bob.id, display_name: null },
      ])
      .execute();
    await ev.ok("#nova leads add @alice:example.org @bob:example.org @far:elsewhere.org");
    const state = await ev.state();
    expect(state.tracks.find((t) => t.name === "nova")?.leads).toEqual([
      "Alice Liddell",
      "bob",
      "far",
    ]);
    // A track without leads has none in its state (the state is as before leads existed).
    expect(state.tracks.find((t) => t.name === "swift")).not.toHaveProperty("leads");
    expect(JSON.stringify(state)).not.toContain("example.org");
    expect(state.leadsRequired).toBe(false);
    await ev.ok("~requireleads");
    expect((await ev.state()).leadsRequired).toBe(true);
  });
});
