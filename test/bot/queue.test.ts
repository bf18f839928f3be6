import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { KeyedQueue, RecentSet } from "../../bot/matrix/queue.js";

describe("the per-room queue", () => {
  it("runs one room's tasks in order, rooms side by side, past failures", async () => {
    const queue = new KeyedQueue();
    const seen: string[] = [];
    const task =
      (name: string, ms: number, fail = false) =>
      async () => {
        await sleep(ms);
        seen.push(name);
        if (fail) throw new Error(name);
      };
    const results = await Promise.allSettled([
      queue.run("a", task("a1", 30)),
      queue.run("a", task("a2", 1, true)),
      queue.run("a", task("a3", 1)),
      queue.run("b", task("b1", 5)),
    ]);
    expect(seen).toEqual(["b1", "a1", "a2", "a3"]);
    expect(results.map((r) => r.status)).toEqual([
      "fulfilled",
      "rejected",
      "fulfilled",
      "fulfilled",
    ]);
    await queue.idle();
  });

  it("remembers recent ids only", () => {
    const set = new RecentSet(2);
    set.add("1");
    set.add("2");
    set.add("3");
    expect([set.has("1"), set.has("2"), set.has("3")]).toEqual([false, true, true]);
  });
});
