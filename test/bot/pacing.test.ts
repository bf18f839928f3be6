// The pacing of background requests (bot/sync/pacing.ts), on the real clock: no more than the rate
// in any second, weighted requests counted as several, and nothing dropped; and the bound holds
// when the HTTP client sends a request late, after the pace let it go.
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

  it("keeps a request sent late out of the next second's allowance", async () => {
    const pace = pacer(5);
    const sent: number[] = [];
    // The first five go out 150 ms after the pace lets them go (a busy event loop, a slow
    // client); the next five at once. A pace that counts a request when it lets it go would let
    // the next five out 1 s after the first five, 850 ms after they reached the homeserver.
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        pace(async () => {
          if (i < 5) await new Promise((resolve) => setTimeout(resolve, 150));
          sent.push(Date.now());
        }),
      ),
    );
    sent.sort((a, b) => a - b);
    for (let i = 5; i < sent.length; i++) {
      expect((sent[i] ?? 0) - (sent[i - 5] ?? 0)).toBeGreaterThanOrEqual(1000);
    }
  }, 10_000);
});
