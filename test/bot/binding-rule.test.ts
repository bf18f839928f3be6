// Who may bind a room to an event (bot/inbound/binding-rule.ts), over a real store (PGlite, and
// PostgreSQL when DATABASE_URL is set) holding room state as the bot writes it. The Synapse
// end of it (invites, ~event, widget refusals) is in test/bot/trust-boundaries.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventHasRooms, isEventAdmin, mayBindRoom } from "../../bot/inbound/binding-rule.js";
import { bindChatRoom, ensureEvent } from "../../shared/store/events.js";
import { openTestStore, storeKinds, type TestStore } from "../support/stores.js";

const ROOM = "!bound:example.org";
const ADMIN = "@admin:example.org";
const MOD = "@mod:example.org";
const LEFT = "@left:example.org";
const NOBODY = "@nobody:example.org";
const OPERATOR = "@operator:example.org";

describe.each(storeKinds())("the binding rule on %s", (kind) => {
  let store: TestStore;
  const policy = {
    admins: [OPERATOR],
    allowedInviter: (userId: string) => userId.endsWith(":example.org"),
  };

  beforeAll(async () => {
    store = await openTestStore(kind);
    const event = await ensureEvent(store.db, "bound");
    await ensureEvent(store.db, "empty");
    await bindChatRoom(store.db, ROOM, event.id);
    await store.db
      .insertInto("matrix_room_power")
      .values({
        room_id: ROOM,
        creators: JSON.stringify(["@creator:example.org"]),
        has_power_levels: true,
        // LEFT is an admin by level, but has left the room.
        users: JSON.stringify({ [ADMIN]: 50, [MOD]: 49, [LEFT]: 100 }),
        users_default: 0,
      })
      .execute();
    await store.db
      .insertInto("matrix_room_members")
      .values([ADMIN, MOD, NOBODY].map((user_id) => ({ room_id: ROOM, user_id })))
      .execute();
  });

  afterAll(async () => {
    await store.close();
  });

  it("makes admins of users joined to a bound room at the admin level, and of PTG_ADMINS", async () => {
    expect(await isEventAdmin(store.db, "bound", ADMIN, [])).toBe(true);
    expect(await isEventAdmin(store.db, "bound", MOD, [])).toBe(false);
    expect(await isEventAdmin(store.db, "bound", LEFT, [])).toBe(false);
    expect(await isEventAdmin(store.db, "bound", NOBODY, [])).toBe(false);
    expect(await isEventAdmin(store.db, "bound", OPERATOR, [OPERATOR])).toBe(true);
    // Power in a room of another event counts for that event only.
    expect(await isEventAdmin(store.db, "empty", ADMIN, [])).toBe(false);
  });

  it("lets only admins bind rooms to an event that has one; anyone allowed, its first", async () => {
    expect(await eventHasRooms(store.db, "bound")).toBe(true);
    expect(await eventHasRooms(store.db, "empty")).toBe(false);
    expect(await eventHasRooms(store.db, "missing")).toBe(false);
    expect(await mayBindRoom(store.db, "bound", ADMIN, policy)).toBe(true);
    expect(await mayBindRoom(store.db, "bound", OPERATOR, policy)).toBe(true);
    expect(await mayBindRoom(store.db, "bound", MOD, policy)).toBe(false);
    expect(await mayBindRoom(store.db, "bound", NOBODY, policy)).toBe(false);
    expect(await mayBindRoom(store.db, "empty", NOBODY, policy)).toBe(true);
    expect(await mayBindRoom(store.db, "missing", NOBODY, policy)).toBe(true);
    expect(await mayBindRoom(store.db, "empty", "@eve:elsewhere.org", policy)).toBe(false);
  });
});
