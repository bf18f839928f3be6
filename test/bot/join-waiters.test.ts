import { describe, expect, it } from "vitest";
import { directStep, JoinWaiters } from "../../bot/delivery/join-waiters.js";
import type { RoomEvent } from "../../bot/matrix/matrix-events.js";

const room = "!dm:example.org";
const kim = "@_oftc_kim:example.org";
const memberEvent = (userId: string, membership: string): RoomEvent => ({
  eventId: `$${membership}`,
  type: "m.room.member",
  sender: userId,
  originServerTs: 1,
  stateKey: userId,
  content: { membership },
  prevContent: undefined,
});

describe("waiting for a bridged user to join a direct room", () => {
  it("posts once joined, waits while invited within the bound, else falls back", () => {
    expect(directStep("join", 99_000, 1_000)).toBe("post");
    expect(directStep("invite", 500, 1_000)).toBe("wait");
    expect(directStep(undefined, 500, 1_000)).toBe("wait");
    expect(directStep("invite", 1_000, 1_000)).toBe("fallback");
    expect(directStep("leave", 0, 1_000)).toBe("fallback");
    expect(directStep("ban", 0, 1_000)).toBe("fallback");
  });

  it("resolves when the join comes through sync", async () => {
    const waiters = new JoinWaiters(() => Promise.resolve("invite"));
    const joined = waiters.waitForJoin(room, kim, 10_000);
    await Promise.resolve(); // the state has been read
    expect(waiters.pending).toBe(1);
    waiters.observe("!other:example.org", memberEvent(kim, "join"));
    waiters.observe(room, memberEvent("@ann:example.org", "join"));
    waiters.observe(room, memberEvent(kim, "join"));
    expect(await joined).toBe(true);
    expect(waiters.pending).toBe(0);
  });

  it("resolves at once when the state already says joined, or left", async () => {
    expect(
      await new JoinWaiters(() => Promise.resolve("join")).waitForJoin(room, kim, 10_000),
    ).toBe(true);
    expect(
      await new JoinWaiters(() => Promise.resolve("leave")).waitForJoin(room, kim, 10_000),
    ).toBe(false);
  });

  it("gives up on a declined invite, and after the bound", async () => {
    const waiters = new JoinWaiters(() => Promise.resolve("invite"));
    const declined = waiters.waitForJoin(room, kim, 10_000);
    await Promise.resolve();
    waiters.observe(room, memberEvent(kim, "leave"));
    expect(await declined).toBe(false);
    const started = Date.now();
    expect(await waiters.waitForJoin(room, kim, 50)).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(waiters.pending).toBe(0);
  });

  it("sees a join that happens while the state is being read", async () => {
    const late: { waiters?: JoinWaiters } = {};
    const waiters = new JoinWaiters(() => {
      late.waiters?.observe(room, memberEvent(kim, "join"));
      return Promise.resolve("invite"); // read just before the join landed
    });
    late.waiters = waiters;
    expect(await waiters.waitForJoin(room, kim, 10_000)).toBe(true);
  });

  it("sees a join in the room's state when sync does not bring it", async () => {
    let reads = 0;
    const waiters = new JoinWaiters(() => Promise.resolve(++reads < 3 ? "invite" : "join"));
    expect(await waiters.waitForJoin(room, kim, 10_000, 10)).toBe(true);
    expect(reads).toBe(3);
    expect(waiters.pending).toBe(0);
  });

  it("passes on a failure to read the state", async () => {
    const waiters = new JoinWaiters(() => Promise.reject(new Error("M_UNKNOWN")));
    await expect(waiters.waitForJoin(room, kim, 10_000)).rejects.toThrow("M_UNKNOWN");
    expect(waiters.pending).toBe(0);
  });
});
