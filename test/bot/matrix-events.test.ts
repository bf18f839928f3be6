import { describe, expect, it } from "vitest";
import { powerLevelOf, stateLevelFor } from "../../bot/rooms/actor.js";
import { CREATOR_LEVEL } from "../../shared/operations/permission.js";
import {
  isOwnJoin,
  parseCreate,
  parsePowerLevels,
  parseRoomEvent,
  parseSyncResponse,
} from "../../bot/matrix/matrix-events.js";

const BOT = "@bot:example.org";

describe("Matrix events, parsed at the edge", () => {
  it("power levels, with Synapse's defaults and old string levels", () => {
    const levels = parsePowerLevels({
      users: { "@mod:example.org": 50, "@old:example.org": "100", bad: "x" },
      events: { "im.vector.modular.widgets": 75 },
    });
    expect(levels).toEqual({
      users: { "@mod:example.org": 50, "@old:example.org": 100 },
      usersDefault: 0,
      events: { "im.vector.modular.widgets": 75 },
      stateDefault: 50,
    });
    const power = { create: parseCreate("@c:example.org", { room_version: "10" }), levels };
    expect(powerLevelOf("@mod:example.org", power)).toBe(50);
    expect(powerLevelOf("@ann:example.org", power)).toBe(0);
    expect(stateLevelFor("im.vector.modular.widgets", power)).toBe(75);
    expect(stateLevelFor("io.element.widgets.layout", power)).toBe(50);
  });

  it("room creators outrank every level from room version 12", () => {
    const create = parseCreate("@c:example.org", {
      room_version: "12",
      additional_creators: ["@d:example.org"],
    });
    expect(create).toEqual({
      roomVersion: "12",
      creators: ["@c:example.org", "@d:example.org"],
      creatorsPrivileged: true,
    });
    const power = { create, levels: parsePowerLevels({ users: {} }) };
    expect(powerLevelOf("@c:example.org", power)).toBe(CREATOR_LEVEL);
    expect(powerLevelOf("@d:example.org", power)).toBe(CREATOR_LEVEL);
    // Before version 12, the creator is whoever power levels say.
    const old = {
      create: parseCreate("@c:example.org", { room_version: "9" }),
      levels: power.levels,
    };
    expect(powerLevelOf("@c:example.org", old)).toBe(0);
    // Without a power levels event, the creator has 100.
    expect(powerLevelOf("@c:example.org", { create: old.create, levels: null })).toBe(100);
  });

  it("a sync response: invites (direct or not), timelines, left rooms", () => {
    const batch = parseSyncResponse(
      {
        next_batch: "s2",
        account_data: { events: [{ type: "m.direct", content: { "@a:x": ["!dm:x"] } }] },
        rooms: {
          invite: {
            "!dm:x": {
              invite_state: {
                events: [
                  { type: "m.room.name", sender: "@a:x", state_key: "", content: {} },
                  {
                    type: "m.room.member",
                    sender: "@a:x",
                    state_key: BOT,
                    content: { membership: "invite", is_direct: true },
                  },
                ],
              },
            },
          },
          join: {
            "!r:x": {
              timeline: {
                limited: true,
                prev_batch: "p1",
                events: [
                  {
                    event_id: "$1",
                    type: "m.room.message",
                    sender: "@a:x",
                    content: { body: "hi" },
                  },
                  { nonsense: true },
                ],
              },
            },
          },
          leave: { "!gone:x": {} },
        },
      },
      BOT,
    );
    expect(batch.nextBatch).toBe("s2");
    expect(batch.accountData).toEqual([{ type: "m.direct", content: { "@a:x": ["!dm:x"] } }]);
    expect(batch.invites).toEqual([
      { roomId: "!dm:x", inviter: "@a:x", isDirect: true, encrypted: false },
    ]);
    expect(batch.crypto).toEqual({
      toDevice: [],
      changed: [],
      left: [],
      oneTimeKeyCounts: {},
      unusedFallbackKeyTypes: undefined,
    });
    expect(batch.joined).toHaveLength(1);
    expect(batch.joined[0]).toMatchObject({ roomId: "!r:x", limited: true, prevBatch: "p1" });
    expect(batch.joined[0]?.events.map((e) => e.eventId)).toEqual(["$1"]);
    expect(batch.left).toEqual(["!gone:x"]);
    expect(() => parseSyncResponse({}, BOT)).toThrow(/next_batch/);
  });

  it("the bot's own join, not a profile change", () => {
    const join = parseRoomEvent({
      event_id: "$j",
      type: "m.room.member",
      sender: BOT,
      state_key: BOT,
      content: { membership: "join" },
      unsigned: { prev_content: { membership: "invite" } },
    });
    const rename = parseRoomEvent({
      event_id: "$r",
      type: "m.room.member",
      sender: BOT,
      state_key: BOT,
      content: { membership: "join", displayname: "new" },
      unsigned: { prev_content: { membership: "join" } },
    });
    if (join === null || rename === null) throw new Error("not parsed");
    expect(isOwnJoin(join, BOT)).toBe(true);
    expect(isOwnJoin(rename, BOT)).toBe(false);
    expect(isOwnJoin(join, "@other:example.org")).toBe(false);
  });
});
