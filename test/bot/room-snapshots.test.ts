import { describe, expect, it } from "vitest";
import type { EventRoom } from "../../bot/bridges/bridged-users.js";
import type { RoomEvent } from "../../bot/matrix/matrix-events.js";
import { RoomSnapshots } from "../../bot/bridges/room-snapshots.js";

const event = (type: string, stateKey: string | undefined): RoomEvent => ({
  eventId: "$e",
  type,
  sender: "@ann:example.org",
  originServerTs: 1,
  stateKey,
  content: {},
  prevContent: undefined,
});

/** Snapshots whose reads are counted, each read returning the read's number as a member. */
function counted(ttlMs?: number) {
  const reads: string[] = [];
  let fail = false;
  const read = (roomId: string): Promise<EventRoom> => {
    reads.push(roomId);
    if (fail) return Promise.reject(new Error("unreachable"));
    return Promise.resolve({ roomId, members: new Set([`@read${String(reads.length)}:x`]) });
  };
  const snapshots = new RoomSnapshots(read, ttlMs);
  return {
    snapshots,
    reads,
    failNext: (on: boolean) => {
      fail = on;
    },
  };
}

const membersOf = async (room: Promise<EventRoom>) => [...(await room).members];

describe("event rooms' snapshots", () => {
  it("reads a room once while its state does not change", async () => {
    const { snapshots, reads } = counted();
    const [a, b] = await Promise.all([snapshots.get("!r"), snapshots.get("!r")]);
    expect(a).toBe(b);
    await snapshots.get("!r");
    snapshots.observe("!r", event("m.room.message", undefined));
    snapshots.observe("!other", event("m.room.member", "@kim:x"));
    expect(await membersOf(snapshots.get("!r"))).toEqual(["@read1:x"]);
    expect(reads).toEqual(["!r"]);
  });

  it("reads it again after a state event, or once it left the room", async () => {
    const { snapshots, reads } = counted();
    await snapshots.get("!r");
    snapshots.observe("!r", event("m.room.member", "@kim:x"));
    expect(await membersOf(snapshots.get("!r"))).toEqual(["@read2:x"]);
    snapshots.observe("!r", event("uk.half-shot.bridge", "irc/#ptg"));
    expect(await membersOf(snapshots.get("!r"))).toEqual(["@read3:x"]);
    snapshots.forget("!r");
    expect(await membersOf(snapshots.get("!r"))).toEqual(["@read4:x"]);
    expect(reads).toHaveLength(4);
  });

  it("keeps no failed read, and reads again after its time to live", async () => {
    const { snapshots, reads, failNext } = counted(0);
    failNext(true);
    await expect(snapshots.get("!r")).rejects.toThrow("unreachable");
    failNext(false);
    expect(await membersOf(snapshots.get("!r"))).toEqual(["@read2:x"]);
    expect(await membersOf(snapshots.get("!r"))).toEqual(["@read3:x"]); // ttl 0: always read
    expect(reads).toHaveLength(3);
  });
});
