// The widget's authorization over what the bot stored of a room, on a real store (PGlite, and
// PostgreSQL when DATABASE_URL is set): the chat's rules, with the event's own settings.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storedPowerLevel } from "../../shared/auth/power-level.js";
import { CREATOR_LEVEL, LEADS_ONLY, REFUSALS } from "../../shared/operations/permission.js";
import { addLeads } from "../../shared/store/leads.js";
import { addTracks, findTrack } from "../../shared/store/tracks.js";
import { authorizeOperation, widgetStanding } from "../../server/auth/widget-authorization.js";
import { bindChatRoom, ensureEvent } from "../../shared/store/events.js";
import { openTestStore, storeKinds, type TestStore } from "../support/stores.js";

describe("stored power levels", () => {
  const base = {
    creators: ["@creator:hs"],
    creatorsPrivileged: false,
    hasPowerLevels: true,
    users: { "@mod:hs": 50, "@creator:hs": 100 },
    usersDefault: 0,
  };

  it("follows users, users_default, and privileged creators", () => {
    expect(storedPowerLevel("@mod:hs", base)).toBe(50);
    expect(storedPowerLevel("@anyone:hs", { ...base, usersDefault: 5 })).toBe(5);
    expect(storedPowerLevel("@creator:hs", base)).toBe(100);
    expect(storedPowerLevel("@creator:hs", { ...base, creatorsPrivileged: true })).toBe(
      CREATOR_LEVEL,
    );
  });

  it("gives the creator 100 and others 0 without a power levels event", () => {
    const none = { ...base, hasPowerLevels: false, users: {} };
    expect(storedPowerLevel("@creator:hs", none)).toBe(100);
    expect(storedPowerLevel("@mod:hs", none)).toBe(0);
  });
});

describe.each(storeKinds())("widget authorization on %s", (kind) => {
  let store: TestStore;
  const ROOM = "!event:hs";

  beforeAll(async () => {
    store = await openTestStore(kind);
    const event = await ensureEvent(store.db, "authz");
    await bindChatRoom(store.db, ROOM, event.id);
    await store.db
      .insertInto("matrix_room_members")
      .values(["@mod:hs", "@voiced:hs", "@plain:hs"].map((u) => ({ room_id: ROOM, user_id: u })))
      .execute();
  });

  afterAll(async () => {
    await store.close();
  });

  const standing = async (userId: string) => {
    const result = await widgetStanding(store.db, { userId, roomId: ROOM, slug: "authz" });
    if (!result.ok) throw new Error(result.message);
    return result.standing;
  };

  it("gives the least power while the bot has not stored the room's power levels", async () => {
    const s = await standing("@mod:hs");
    expect(s).toMatchObject({ powerLevel: 0, may: { user: true, track: true, admin: false } });
    expect(authorizeOperation(s, "admin")).toEqual({
      status: 403,
      code: "forbidden",
      message: REFUSALS.admin,
    });
    expect(authorizeOperation(s, "user")).toBeNull();
  });

  it("uses the event's own admin and voice levels", async () => {
    await store.db
      .insertInto("matrix_room_power")
      .values({
        room_id: ROOM,
        creators: JSON.stringify(["@mod:hs"]),
        creators_privileged: false,
        has_power_levels: true,
        users: JSON.stringify({ "@mod:hs": 75, "@voiced:hs": 10 }),
        users_default: 0,
      })
      .execute();
    await store.db
      .updateTable("event_settings")
      .set({ admin_level: 80, voice_level: 10, voice_required: true })
      .execute();

    expect(await standing("@mod:hs")).toMatchObject({
      powerLevel: 75,
      creator: false,
      may: { user: true, track: true, admin: false },
      why: { admin: REFUSALS.admin },
    });
    expect((await standing("@voiced:hs")).may).toEqual({ user: true, track: true, admin: false });
    const plain = await standing("@plain:hs");
    expect(plain.may).toEqual({ user: true, track: false, admin: false });
    expect(authorizeOperation(plain, "track")?.message).toBe(REFUSALS.track);

    await store.db.updateTable("event_settings").set({ admin_level: 75 }).execute();
    expect((await standing("@mod:hs")).may.admin).toBe(true);
  });

  it("after ~requireleads, offers track commands for the tracks one leads, and all to admins", async () => {
    const event = await ensureEvent(store.db, "authz");
    await store.db.transaction().execute((trx) => addTracks(trx, event.id, ["nova", "swift"]));
    const nova = await findTrack(store.db, event.id, "nova");
    if (nova === undefined) throw new Error("no #nova");
    await addLeads(store.db, event.id, nova.id, ["@plain:hs"]);
    // Before: voice decides, whoever leads what.
    expect(await standing("@plain:hs")).toMatchObject({ leads: ["nova"], tracks: [] });
    expect((await standing("@voiced:hs")).tracks).toBe("all");

    await store.db.updateTable("event_settings").set({ leads_required: true }).execute();
    const lead = await standing("@plain:hs");
    expect(lead).toMatchObject({ may: { track: true }, leads: ["nova"], tracks: ["nova"] });
    const voiced = await standing("@voiced:hs");
    expect(voiced).toMatchObject({ may: { track: false }, leads: [], tracks: [] });
    expect(authorizeOperation(voiced, "track")?.message).toBe(LEADS_ONLY);
    expect((await standing("@mod:hs")).tracks).toBe("all");
    await store.db.updateTable("event_settings").set({ leads_required: false }).execute();
  });

  it("refuses members of nothing, and unknown events", async () => {
    const result = await widgetStanding(store.db, {
      userId: "@stranger:hs",
      roomId: ROOM,
      slug: "authz",
    });
    expect(result).toMatchObject({ ok: false, status: 403, code: "not_joined" });
    expect(
      await widgetStanding(store.db, { userId: "@mod:hs", roomId: ROOM, slug: "nope" }),
    ).toMatchObject({ ok: false, status: 404, code: "event_not_found" });
  });
});
