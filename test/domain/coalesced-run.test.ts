import { describe, expect, it } from "vitest";
import { CoalescedRun } from "../../shared/coalesced-run.js";

/** Work whose runs finish when the test says so; records when each starts. */
function controlledWork() {
  const finishers: ((error?: Error) => void)[] = [];
  const work = () =>
    new Promise<void>((resolve, reject) => {
      finishers.push((error) => {
        if (error === undefined) resolve();
        else reject(error);
      });
    });
  return { work, finishers };
}

describe("CoalescedRun", () => {
  it("runs at once when idle, and never two runs at the same time", async () => {
    const { work, finishers } = controlledWork();
    const runs = new CoalescedRun(work);
    const first = runs.run();
    expect(finishers).toHaveLength(1);
    const second = runs.run();
    const third = runs.run();
    // The calls made during the first run share one run after it, not started yet.
    expect(finishers).toHaveLength(1);
    expect(second).toBe(third);
    finishers[0]?.();
    await first;
    await expect.poll(() => finishers.length).toBe(2);
    finishers[1]?.();
    await second;
    // Idle again: the next call starts a run of its own.
    void runs.run();
    expect(finishers).toHaveLength(3);
    finishers[2]?.();
  });

  it("runs again after a failed run, and the failure reaches only that run's callers", async () => {
    const { work, finishers } = controlledWork();
    const runs = new CoalescedRun(work);
    const first = runs.run();
    const second = runs.run();
    finishers[0]?.(new Error("homeserver down"));
    await expect(first).rejects.toThrow("homeserver down");
    await expect.poll(() => finishers.length).toBe(2);
    finishers[1]?.();
    await expect(second).resolves.toBeUndefined();
  });

  it("settles once the running and the queued run are over", async () => {
    const { work, finishers } = controlledWork();
    const runs = new CoalescedRun(work);
    void runs.run();
    void runs.run().catch(() => undefined);
    let settled = false;
    const waiting = runs.settled().then(() => {
      settled = true;
    });
    finishers[0]?.();
    await expect.poll(() => finishers.length).toBe(2);
    expect(settled).toBe(false);
    finishers[1]?.(new Error("failed"));
    await waiting;
    expect(settled).toBe(true);
  });
});
