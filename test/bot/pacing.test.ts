// The pacing of background requests (bot/sync/pacing.ts), on the real clock: no more than the rate
// in any second, weighted requests counted as several, and nothing dropped.
import { describe, expect, it } from "vitest";
import { pacer } from "../../bot/sync/pacing.js";

describe("pacer", () => {
  it("lets at most the rate through in any second, and runs every request", async () => {
    const pace = pacer(20);
    const started: number[] = [];
    const results = await Promise.all(
      Array.from({ length: 45 }, (_, i) =>
        pace(() => {
          started.push(Date.now());
          return Promise.resolve(i);
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 45 }, (_, i) => i));
    started.sort((a, b) => a - b);
    for (let i = 20; i < started.length; i++) {
      const startedAt = started[i] ?? 0;
      const twentyBefore = started[i - 20] ?? 0;
      expect(startedAt - twentyBefore).toBeGreaterThanOrEqual(990);
    }
  }, 10_000);

  it("counts a request that makes several as several", async () => {
    const pace = pacer(6);
    const started: number[] = [];
    await Promise.all(
      Array.from({ length: 4 }, () =>
        pace(() => {
          started.push(Date.now());
          return Promise.resolve();
        }, 3),
      ),
    );
    started.sort((a, b) => a - b);
    // Two of weight 3 fill a second: the third and fourth wait for the next one.
    expect((started[2] ?? 0) - (started[0] ?? 0)).toBeGreaterThanOrEqual(990);
    expect((started[3] ?? 0) - (started[1] ?? 0)).toBeGreaterThanOrEqual(990);
  }, 10_000);
});
