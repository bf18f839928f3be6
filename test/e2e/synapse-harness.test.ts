import { describe, expect, it } from "vitest";

import { MatrixApiError, MatrixClient } from "../support/matrix-client.js";
import { startSynapse } from "../support/synapse.js";
import { queryOnce } from "../support/synapse-postgres.js";
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
