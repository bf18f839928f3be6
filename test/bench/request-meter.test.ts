// The FOSDEM-size benchmark's request meter: requests pass through unchanged, and are counted
// per second with what they were, and the background requests (neither /sync nor a send) apart.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRequestMeter, type RequestMeter } from "../../bench/request-meter.js";

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
});
