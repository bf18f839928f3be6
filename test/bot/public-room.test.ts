// `~publicroom [on|off]` on a real Synapse (issue 20): the public state lists a room that is
// public (join rule `public`) or that an admin marked public. A track's room restricted to the
// members of the event's room is left out until an admin says `~publicroom on` in it, and leaves
// the list again with `~publicroom off`; a non-admin is refused and a bad argument gets its usage,
// and neither changes anything.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { loadEventState } from "../../shared/store/event-state.js";
import { storeKinds } from "../support/stores.js";
import { useWidgetRig } from "../support/use-widget-rig.js";
import { ask, bodyOf } from "./support.js";

const EVENT = "publicptg";

describe.each(storeKinds())("~publicroom with Synapse on %s", (kind) => {
  const rig = useWidgetRig({
    users: ["admin", "bob"],
    event: EVENT,
    store: { kind, schedule: { tracks: ["nova"], slots: {}, schedule: {} } },
    bot: { syncTimeoutMs: 1_000 },
    server: {},
  });
  let main = "";
  let nova = "";

  /** The public state, as the server publishes it (its change feed follows the version). */
  const published = async () => {
    const response = await rig.app.inject({ method: "GET", url: `/api/v1/events/${EVENT}` });
    expect(response.statusCode).toBe(200);
    return response.json<{ matrixRooms: string[]; trackRooms: { roomId: string }[] }>();
  };
  const listed = async () => {
    const state = await published();
    return { matrixRooms: state.matrixRooms, trackRooms: state.trackRooms.map((r) => r.roomId) };
  };
  const version = async () => (await loadEventState(rig.store.db, EVENT))?.version;

  beforeAll(async () => {
    if (!rig.ready) return; // the tests report it
    const { admin, bob } = rig.users;
    main = await admin.createRoom({ name: `Public ${kind}`, preset: "public_chat" });
    await rig.inviteBot(admin, main);
    await bob.join(main);
    // Open to the members of the event's room only: not public.
    nova = await admin.createRoom({
      name: `nova ${kind}`,
      preset: "private_chat",
      initialState: [
        {
          type: "m.room.join_rules",
          content: {
            join_rule: "restricted",
            allow: [{ type: "m.room_membership", room_id: main }],
          },
        },
      ],
    });
    await rig.inviteBot(admin, nova);
    await bob.join(nova);
    expect(bodyOf(await ask(admin, nova, "~trackroom nova", rig.botId))).toBe(
      "admin: This room is now the room of #nova",
    );
  }, 120_000);

  it("lists a restricted track room that an admin marks public, and stops with off", async () => {
    const { admin } = rig.users;
    await rig.stored(nova, admin.userId);
    await vi.waitFor(
      async () => {
        expect(await listed()).toEqual({ matrixRooms: [main], trackRooms: [] });
      },
      { timeout: 15_000, interval: 50 },
    );
    expect(bodyOf(await ask(admin, nova, "~publicroom", rig.botId))).toBe(
      "admin: Public listing here: off (the page does not list this room: its join rule is not public)",
    );

    expect(bodyOf(await ask(admin, nova, "~publicroom on", rig.botId))).toBe(
      "admin: Public listing here: on (the page lists this room whatever its join rule)",
    );
    await vi.waitFor(
      async () => {
        expect(await listed()).toEqual({ matrixRooms: [main, nova], trackRooms: [nova] });
      },
      { timeout: 15_000, interval: 50 },
    );
    expect((await published()).trackRooms).toEqual([{ track: "nova", roomId: nova, alias: null }]);
    expect(bodyOf(await ask(admin, nova, "~publicroom", rig.botId))).toBe(
      "admin: Public listing here: on (the page lists this room whatever its join rule)",
    );

    expect(bodyOf(await ask(admin, nova, "~publicroom off", rig.botId))).toBe(
      "admin: Public listing here: off (the page does not list this room: its join rule is not public)",
    );
    await vi.waitFor(
      async () => {
        expect(await listed()).toEqual({ matrixRooms: [main], trackRooms: [] });
      },
      { timeout: 15_000, interval: 50 },
    );
  });

  it("refuses a non-admin and a bad argument with one reply, changing nothing", async () => {
    const { admin, bob } = rig.users;
    await rig.stored(nova, bob.userId);
    const before = await version();
    expect(bodyOf(await ask(bob, nova, "~publicroom on", rig.botId))).toBe(
      "bob: Need op for admin commands",
    );
    expect(bodyOf(await ask(admin, nova, "~publicroom yes", rig.botId))).toBe(
      "admin: Usage: ~publicroom [on|off]",
    );
    expect(bodyOf(await ask(admin, nova, "~publicroom on off", rig.botId))).toBe(
      "admin: Usage: ~publicroom [on|off]",
    );
    expect(await version()).toBe(before);
    expect(await listed()).toEqual({ matrixRooms: [main], trackRooms: [] });
    const row = await rig.store.db
      .selectFrom("event_rooms")
      .select("listed_public")
      .where("chat_room_id", "=", nova)
      .executeTakeFirstOrThrow();
    expect(row.listed_public).toBe(false);
  });
});
