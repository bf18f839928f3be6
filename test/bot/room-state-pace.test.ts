// A room's state snapshot (bot/rooms/room-state-store.ts) is paced by as many requests as it
// makes, so that a bot starting in thousands of rooms sends at most its pace
// (PTG_MATRIX_REQUESTS_PER_SECOND) to the homeserver: the FOSDEM-size benchmark saw 24 a second
// at a pace of 20 when a snapshot of four requests counted as three.
import type { MatrixClient } from "matrix-bot-sdk";
import { describe, expect, it, vi } from "vitest";
import { RoomStateStore } from "../../bot/rooms/room-state-store.js";
import { parseRoomEvent, type RoomEvent } from "../../bot/matrix/matrix-events.js";
import type { Pace } from "../../bot/sync/pacing.js";
import { openTestStore } from "../support/stores.js";
import { recordingLog } from "./support.js";

/** A message in !r:example.org, the first event the store sees of that room. */
function aMessage(): RoomEvent {
  const event = parseRoomEvent({
    event_id: "$m",
    type: "m.room.message",
    sender: "@ann:example.org",
    origin_server_ts: 2,
    room_id: "!r:example.org",
    content: { msgtype: "m.text", body: "hi" },
  });
  if (event === null) throw new Error("the test event does not parse");
  return event;
}

describe("room state snapshots", () => {
  it("count every request they make against the pace", async () => {
    const store = await openTestStore("pglite");
    try {
      let requests = 0;
      const client = {
        doRequest: (_method: string, path: string) => {
          requests++;
          if (path.endsWith("/joined_members")) return Promise.resolve({ joined: {} });
          if (path.includes("m.room.create")) {
            return Promise.resolve({
              event_id: "$create",
              type: "m.room.create",
              state_key: "",
              sender: "@ann:example.org",
              origin_server_ts: 1,
              room_id: "!r:example.org",
              content: { room_version: "11" },
            });
          }
          return Promise.resolve({});
        },
      } as unknown as MatrixClient;
      const paced: { weight: number; made: number }[] = [];
      const pace: Pace = async (request, weight = 1) => {
        const before = requests;
        const result = await request();
        paced.push({ weight, made: requests - before });
        return result;
      };
      const rooms = new RoomStateStore(store.db, client, recordingLog(), pace);
      rooms.observe("!r:example.org", aMessage());
      await vi.waitFor(() => {
        expect(paced).toHaveLength(1);
      });
      expect(paced[0]?.made).toBeGreaterThan(0);
      expect(paced[0]?.weight).toBe(paced[0]?.made);
    } finally {
      await store.close();
    }
  });
});

describe("a room state snapshot that failed", () => {
  it("is read again without waiting for the room's next event", async () => {
    const store = await openTestStore("pglite");
    try {
      let membersAsked = 0;
      const client = {
        doRequest: (_method: string, path: string) => {
          if (path.endsWith("/joined_members")) {
            membersAsked++;
            // The first read fails, as a homeserver or database that blinked would.
            if (membersAsked === 1) return Promise.reject(new Error("connection reset"));
            return Promise.resolve({ joined: { "@ann:example.org": { display_name: "Ann" } } });
          }
          return Promise.resolve({});
        },
      } as unknown as MatrixClient;
      const log = recordingLog();
      const rooms = new RoomStateStore(store.db, client, log, undefined, [10]);
      rooms.observe("!r:example.org", aMessage());
      await vi.waitFor(async () => {
        const members = await store.db
          .selectFrom("matrix_room_members")
          .select("user_id")
          .where("room_id", "=", "!r:example.org")
          .execute();
        expect(members.map((m) => m.user_id)).toEqual(["@ann:example.org"]);
      });
      expect(membersAsked).toBe(2);
      expect(log.lines.join("\n")).toContain("Could not store the power levels of !r:example.org");
    } finally {
      await store.close();
    }
  });
});
