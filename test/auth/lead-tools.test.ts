// Lead sign-up and leads' tools over the widget's HTTP API, on the real server and a real store
// (PGlite, and PostgreSQL when DATABASE_URL is set): a user asks to lead a track, an admin lists
// and answers requests with one click (the same operations as `~leads approve|refuse N`), /me
// then offers the new lead their track, and the slot warnings reach a track's leads and admins
// only.
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../../server/auth/sessions.js";
import { importIntoEvent } from "../../shared/schedule/ptgbot-import-event.js";
import { bindChatRoom, ensureEvent } from "../../shared/store/events.js";
import { recordSync } from "../../shared/store/heartbeat.js";
import { buildServer } from "../../server/app.js";
import { openTestStore, storeKinds, type TestStore } from "../support/stores.js";

const EVENT = "leadtools";
const ROOM = "!leads:example.org";
const USERS = {
  plain: "@plain:example.org",
  other: "@other:example.org",
  admin: "@admin:example.org",
};
const SCHEDULE = {
  tracks: ["swift", "nova"],
  slots: { Monday: [{ name: "MonA1", desc: "09:00-10:45" }] },
  schedule: { "Ballroom A": { MonA1: "swift" }, "Ballroom B": { MonA1: "" } },
};

describe.each(storeKinds())("lead tools on %s", (kind) => {
  let store: TestStore;
  let app: FastifyInstance;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    store = await openTestStore(kind);
    await importIntoEvent(store.db, EVENT, SCHEDULE);
    const event = await ensureEvent(store.db, EVENT);
    await bindChatRoom(store.db, ROOM, event.id);
    await store.db
      .insertInto("matrix_room_members")
      .values([
        { room_id: ROOM, user_id: USERS.plain, display_name: "Plain Person" },
        { room_id: ROOM, user_id: USERS.other, display_name: null },
        { room_id: ROOM, user_id: USERS.admin, display_name: "Boss" },
      ])
      .execute();
    await store.db
      .insertInto("matrix_room_power")
      .values({
        room_id: ROOM,
        creators: JSON.stringify(["@creator:example.org"]),
        has_power_levels: true,
        users: JSON.stringify({ [USERS.admin]: 50 }),
        users_default: 0,
      })
      .execute();
    for (const [name, userId] of Object.entries(USERS)) {
      tokens[name] = (await createSession(store.db, userId, new Date())).token;
    }
    await recordSync(store.db, "@ptgbot:example.org");
    app = await buildServer({
      store,
      config: { publicUrl: "https://ptg.example.org", powerMaxAgeSeconds: 86_400 },
    });
  });

  afterAll(async () => {
    await app.close();
    await store.close();
  });

  const act = (action: string, who: keyof typeof USERS, body: Record<string, unknown>) =>
    app.inject({
      method: "POST",
      url: `/api/v1/events/${EVENT}/actions/${action}`,
      headers: { authorization: `Bearer ${tokens[who]}` },
      payload: { room: ROOM, ...body },
    });
  const read = async <T>(path: string, who: keyof typeof USERS): Promise<T> => {
    const response = await app.inject({
      url: `/api/v1/events/${EVENT}/${path}?room=${encodeURIComponent(ROOM)}`,
      headers: { authorization: `Bearer ${tokens[who]}` },
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<T>();
  };
  const errorOf = (response: LightMyRequestResponse) =>
    response.json<{ error: { message: string } }>().error.message;
  type Requests = { admin: boolean; requests: { number: number; track: string; nick: string }[] };

  it("takes a request, shows it to the admin (and to its requester), and answers it once", async () => {
    const asked = await act("request-lead", "plain", { track: "nova", text: "I chair Nova" });
    expect(asked.json()).toMatchObject({
      reply: "Asked to lead #nova (request 1); an admin will answer",
    });
    await act("request-lead", "other", { track: "swift", text: "me" });
    expect(await read<Requests>("lead-requests", "admin")).toMatchObject({
      admin: true,
      requests: [
        { number: 1, track: "nova", nick: "Plain Person" },
        { number: 2, track: "swift", nick: "other" },
      ],
    });
    expect(await read<Requests>("lead-requests", "plain")).toMatchObject({
      admin: false,
      requests: [{ number: 1, track: "nova" }],
    });

    const refused = await act("approve-lead", "plain", { number: 1 });
    expect(refused.statusCode).toBe(403);
    expect(errorOf(refused)).toBe("Need op for admin commands");

    const approved = await act("approve-lead", "admin", { number: 1 });
    expect(approved.json()).toMatchObject({
      reply: "Approved lead request 1: Plain Person now leads #nova (1 still open)",
    });
    const again = await act("refuse-lead", "admin", { number: 1 });
    expect(again.statusCode).toBe(409);
    expect(errorOf(again)).toBe("Lead request 1 was already approved");
    const unknown = await act("refuse-lead", "admin", { number: 7 });
    expect(errorOf(unknown)).toBe("There is no lead request 7 (~leads lists them)");
    expect((await act("refuse-lead", "admin", { number: 2 })).statusCode).toBe(200);
    expect((await read<Requests>("lead-requests", "admin")).requests).toEqual([]);

    // The requester is told, in a direct message through the outbox.
    const told = await store.db
      .selectFrom("outbox")
      .select(["destination", "message"])
      .where("adapter", "=", "matrix")
      .execute();
    expect(told.map((r) => [r.destination, r.message])).toContainEqual([
      { kind: "matrix.dm", userId: USERS.plain },
      { kind: "text", text: "Boss approved your request to lead #nova: you now lead #nova" },
    ]);
  });

  it("offers a lead their track's commands after ~requireleads, through /me", async () => {
    type Me = { leads: string[]; tracks: "all" | string[]; may: { track: boolean } };
    expect(await read<Me>("me", "plain")).toMatchObject({ leads: ["nova"], tracks: "all" });
    await store.db.updateTable("event_settings").set({ leads_required: true }).execute();
    expect(await read<Me>("me", "plain")).toMatchObject({ leads: ["nova"], tracks: ["nova"] });
    expect(await read<Me>("me", "other")).toMatchObject({ tracks: [], may: { track: false } });
    expect(await read<Me>("me", "admin")).toMatchObject({ tracks: "all" });
    const theirs = await act("now", "plain", { track: "nova", topic: "keynote" });
    expect(theirs.statusCode, theirs.body).toBe(200);
    const notTheirs = await act("now", "plain", { track: "swift", topic: "keynote" });
    expect(errorOf(notTheirs)).toBe("Only #swift's leads can do that (ask an admin)");
    await store.db.updateTable("event_settings").set({ leads_required: false }).execute();
  });

  it("warns a track's leads and admins of conflicts on its booked slots, nobody else", async () => {
    type Warnings = { warnings: { track: string; room: string; slot: string; text: string }[] };
    // plain leads #nova; they lead #swift too, which is booked in MonA1.
    const swiftLead = await act("approve-lead", "admin", { number: 99 });
    expect(swiftLead.statusCode).toBe(409);
    await act("request-lead", "plain", { track: "swift", text: "both" });
    await act("approve-lead", "admin", { number: 3 });
    expect(await read<Warnings>("slot-warnings", "plain")).toEqual({ warnings: [] });
    const booked = await act("book", "admin", {
      track: "nova",
      venueRoom: "Ballroom B",
      slot: "MonA1",
    });
    expect(booked.json<{ reply: string }>().reply).toContain(
      "Warning: #nova shares a lead with #swift, booked then",
    );
    const expected = [
      {
        track: "nova",
        room: "Ballroom B",
        slot: "MonA1",
        text: "Warning: #nova shares a lead with #swift, booked then",
        reason: "lead",
        other: "swift",
        shared: 0,
        followers: 0,
      },
      {
        track: "swift",
        room: "Ballroom A",
        slot: "MonA1",
        text: "Warning: #swift shares a lead with #nova, booked then",
        reason: "lead",
        other: "nova",
        shared: 0,
        followers: 0,
      },
    ];
    expect(await read<Warnings>("slot-warnings", "plain")).toEqual({ warnings: expected });
    expect(await read<Warnings>("slot-warnings", "admin")).toEqual({ warnings: expected });
    expect(await read<Warnings>("slot-warnings", "other")).toEqual({ warnings: [] });
  });
});
