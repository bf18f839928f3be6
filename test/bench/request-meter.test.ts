// The FOSDEM-size benchmark's request meter: requests pass through unchanged, and are counted
// per second with what they were, and the background requests (neither /sync nor a send) apart.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { busiestWindow, startRequestMeter, type RequestMeter } from "../../bench/request-meter.js";

describe("request meter", () => {
  let upstream: http.Server;
  let meter: RequestMeter;

  beforeAll(async () => {
    upstream = http.createServer((req, res) => {
      res.writeHead(201, { "content-type": "text/plain" });
      res.end(`${req.method ?? ""} ${req.url ?? ""}`);
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    const { port } = upstream.address() as AddressInfo;
    meter = await startRequestMeter(`http://127.0.0.1:${String(port)}`);
  });

  afterAll(async () => {
    await meter.close();
    await new Promise<void>((resolve) =>
      upstream.close(() => {
        resolve();
      }),
    );
  });

  it("forwards requests unchanged and counts them, ids collapsed", async () => {
    const answer = await fetch(`${meter.url}/_matrix/client/v3/rooms/%21abc%3Ahs/state?x=1`);
    expect(answer.status).toBe(201);
    expect(await answer.text()).toBe("GET /_matrix/client/v3/rooms/%21abc%3Ahs/state?x=1");
    await fetch(`${meter.url}/_matrix/client/v3/rooms/%21def%3Ahs/state`);
    await fetch(`${meter.url}/_matrix/client/v3/sync`, { method: "POST" });
    const report = meter.report();
    expect(report.total).toBe(3);
    expect(report.peakPerSecond).toBeGreaterThanOrEqual(2);
    expect(report.peakKinds).toContain("GET /_matrix/client/v3/rooms/…/state");
    // The two state reads are background requests; the sync is not.
    expect(report.peakBackground).toBeGreaterThanOrEqual(1);
    expect(report.peakBackground).toBeLessThanOrEqual(2);
    meter.reset();
    expect(meter.report()).toEqual({
      total: 0,
      peakPerSecond: 0,
      peakKinds: "",
      peakBackground: 0,
    });
  });

  it("finds the busiest sliding second, across a clock second's edge", () => {
    // Four just before a clock second ends and four just after: 8 in a sliding second, while no
    // clock second holds more than 4.
    const times = [1_900, 1_950, 1_960, 1_990, 2_000, 2_010, 2_050, 2_890, 3_000];
    expect(busiestWindow(times)).toEqual({ count: 8, first: 0 });
    expect(busiestWindow([]).count).toBe(0);
    expect(busiestWindow([0, 1_000, 2_000]).count).toBe(1);
  });

  it("leaves out what the caller says, in the busiest sliding second of background requests", async () => {
    meter.reset();
    await fetch(`${meter.url}/_matrix/client/v3/rooms/%21a%3Ahs/joined_members`);
    await fetch(`${meter.url}/_matrix/client/v3/rooms/%21b%3Ahs/joined_members`);
    await fetch(`${meter.url}/_matrix/client/v3/rooms/%21b%3Ahs/send/m.room.message/t1`, {
      method: "PUT",
    });
    expect(meter.busiestBackgroundWindow().count).toBe(2);
    const inB = (r: { path: string }) => r.path.includes("/rooms/%21b%3Ahs/");
    expect(meter.busiestBackgroundWindow(inB)).toEqual({
      count: 1,
      kinds: "1× GET /_matrix/client/v3/rooms/…/joined_members",
    });
    expect(meter.requests().map((r) => r.background)).toEqual([true, true, false]);
  });
});
