import { describe, expect, it } from "vitest";

import { MatrixApiError, MatrixClient } from "../support/matrix-client.js";
import { startSynapse } from "../support/synapse.js";
import { queryOnce } from "../support/synapse-postgres.js";
import { persisterName, persisterOfRoom } from "../support/synapse-workers.js";
import { useSynapse } from "../support/use-synapse.js";

describe("Synapse end-to-end harness", () => {
  const server = useSynapse();

  it("registers users who create, invite, join, talk and change power levels", async () => {
    const hs = server();
    const aliceUser = await hs.registerUser("alice", { admin: true, displayName: "Alice" });
    const bobUser = await hs.registerUser("bob", { displayName: "Bob" });
    // The shared server: the localpart gets a suffix unique to this suite.
    expect(aliceUser.userId).toMatch(new RegExp(`^@alice-[0-9a-f]+:${hs.serverName}$`));
    expect(bobUser.deviceId).not.toBe("");

    const alice = new MatrixClient(hs.baseUrl, aliceUser.accessToken, aliceUser.userId);
    const bob = new MatrixClient(hs.baseUrl, bobUser.accessToken, bobUser.userId);

    const roomId = await alice.createRoom({
      name: "Harness room",
      preset: "private_chat",
      invite: [bob.userId],
    });
    expect(await bob.waitForInvite(10_000)).toBe(roomId);
    expect(await bob.join(roomId)).toBe(roomId);
    expect(await bob.joinedRooms()).toContain(roomId);

    const member = await alice.getState<{ membership: string; displayname?: string }>(
      roomId,
      "m.room.member",
      bob.userId,
    );
    expect(member).toMatchObject({ membership: "join", displayname: "Bob" });

    const eventId = await alice.sendText(roomId, "hello from alice");
    const received = await bob.waitForMessage(roomId, (e) => e.content.body === "hello from alice");
    expect(received).toMatchObject({
      event_id: eventId,
      sender: alice.userId,
      room_id: roomId,
      content: { msgtype: "m.text", body: "hello from alice" },
    });

    // Bob (power 0) may not change power levels.
    const denied = await bob.setPowerLevel(roomId, bob.userId, 100).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(MatrixApiError);
    expect(denied).toMatchObject({ status: 403, errcode: "M_FORBIDDEN" });

    await alice.setPowerLevel(roomId, bob.userId, 50);
    const levels = await bob.getPowerLevels(roomId);
    expect(levels.users?.[bob.userId]).toBe(50);
    // Synapse defaults to room version 12, where the creator has unlimited power and must not be
    // listed in `users` (MSC4289): bot code has to read m.room.create, not only power levels.
    const create = await alice.getState<{ room_version?: string }>(roomId, "m.room.create");
    expect(create.room_version).toBe("12");
    expect(levels.users?.[alice.userId]).toBeUndefined();
  });

  it("has rate limits lifted for bursts of messages", async () => {
    const hs = server();
    const carolUser = await hs.registerUser("carol", { keepRateLimits: true });
    const carol = new MatrixClient(hs.baseUrl, carolUser.accessToken, carolUser.userId);
    const roomId = await carol.createRoom({ preset: "public_chat" });
    await carol.syncToNow();

    // Synapse's defaults would reject this after ~10 messages with M_LIMIT_EXCEEDED.
    for (let i = 0; i < 30; i++) await carol.sendText(roomId, `burst ${i}`);

    const first = await carol.waitForMessage(roomId);
    expect(first.content.body).toBe("burst 0");
    const last = await carol.waitForMessage(roomId, (e) => e.content.body === "burst 29");
    expect(last.sender).toBe(carol.userId);
  });
});

// The benchmarks' Synapse (bench/fosdem.ts): a scratch PostgreSQL database, dropped at stop.
describe.skipIf(process.env.DATABASE_URL === undefined)("Synapse on PostgreSQL", () => {
  it("stores its events in a scratch database that stop() drops", async () => {
    const adminUrl = process.env.DATABASE_URL ?? "";
    const hs = await startSynapse({ postgres: adminUrl });
    const databaseUrl = hs.databaseUrl ?? "";
    const name = new URL(databaseUrl).pathname.slice(1);
    try {
      expect(name).toMatch(/^ptg_synapse_[0-9a-f]+$/);
      const user = await hs.registerUser("dana");
      const dana = new MatrixClient(hs.baseUrl, user.accessToken, user.userId);
      const roomId = await dana.createRoom({ preset: "public_chat" });
      const eventId = await dana.sendText(roomId, "stored in PostgreSQL");
      const rows = await queryOnce<{ room_id: string }>(
        databaseUrl,
        "select room_id from events where event_id = $1",
        [eventId],
      );
      expect(rows).toEqual([{ room_id: roomId }]);
    } finally {
      await hs.stop();
    }
    const left = await queryOnce(adminUrl, "select 1 from pg_database where datname = $1", [name]);
    expect(left).toEqual([]);
  });
});

// The benchmarks' Synapse with workers (bench/synapse-rate.ts --workers, bench --synapse-workers).
describe("the event persister of a room", () => {
  it("is the one Synapse picks (its ShardedWorkerHandlingConfig)", () => {
    // Computed with Synapse 1.163.2's own ShardedWorkerHandlingConfig._get_instance.
    const rooms = [
      "!SAWkiIBpw_leNEpI7MlqOLtKL0mjfeioCw0w5vfhjfo",
      "!abc:localhost",
      "!sSf_Llnghgqbf8Pn6ktqEGdyIZV5no1-aReYtDN_HjI",
      "!é:example.org",
    ];
    expect(rooms.map((r) => persisterOfRoom(r, 1))).toEqual([0, 0, 0, 0]);
    expect(rooms.map((r) => persisterOfRoom(r, 2))).toEqual([1, 1, 1, 1]);
    expect(rooms.map((r) => persisterOfRoom(r, 3))).toEqual([0, 1, 1, 0]);
    expect(rooms.map((r) => persisterOfRoom(r, 5))).toEqual([3, 3, 0, 3]);
  });
});

describe.skipIf(process.env.DATABASE_URL === undefined)("Synapse with event persisters", () => {
  it("sends each room's messages to the persister that stores them", async () => {
    const adminUrl = process.env.DATABASE_URL ?? "";
    const hs = await startSynapse({ postgres: adminUrl, workers: 2, startupTimeoutMs: 120_000 });
    try {
      expect(hs.pids).toHaveLength(3);
      const user = await hs.registerUser("erin");
      const erin = new MatrixClient(hs.baseUrl, user.accessToken, user.userId);
      const rooms: string[] = [];
      for (let i = 0; i < 6; i++) rooms.push(await erin.createRoom({ preset: "private_chat" }));
      const eventIds = await Promise.all(rooms.map((roomId) => erin.sendText(roomId, "stored")));
      const rows = await queryOnce<{ event_id: string; room_id: string; instance_name: string }>(
        hs.databaseUrl ?? "",
        "select event_id, room_id, instance_name from events where event_id = any($1)",
        [eventIds],
      );
      expect(rows).toHaveLength(rooms.length);
      for (const row of rows) {
        expect(row.instance_name).toBe(persisterName(persisterOfRoom(row.room_id, 2)));
      }
      const expected = [0, 1].map((i) => rooms.filter((r) => persisterOfRoom(r, 2) === i).length);
      expect(hs.persisterSends).toEqual(expected);
      // The other requests (the room's messages, read back) are the main process's.
      await erin.waitForMessage(rooms[0] ?? "", (e) => e.content.body === "stored");
    } finally {
      await hs.stop();
    }
  }, 240_000);
});
