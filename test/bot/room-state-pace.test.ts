// A room's state snapshot (bot/rooms/room-state-store.ts) is paced by as many requests as it
// makes, so that a bot starting in thousands of rooms sends at most its pace
// (PTG_MATRIX_REQUESTS_PER_SECOND) to the homeserver: the FOSDEM-size benchmark saw 24 a second
// at a pace of 20 when a snapshot of four requests counted as three.
import type { MatrixClient } from "matrix-bot-sdk";
import { describe, expect, it, vi } from "vitest";
import { RoomStateStore } from "../../bot/rooms/room-state-store.js";
import { parseRoomEvent } from "../../bot/matrix/matrix-events.js";
import type { Pace } from "../../bot/sync/pacing.js";
import { openTestStore } from "../support/stores.js";
import { recordingLog } from "./support.js";

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
      const event = parseRoomEvent({
        event_id: "$m",
        type: "m.room.message",
        sender: "@ann:example.org",
        origin_server_ts: 2,
        room_id: "!r:example.org",
        content: { msgtype: "m.text", body: "hi" },
      });
      if (event === null) throw new Error("the test event does not parse");
      rooms.observe("!r:example.org", event);
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
