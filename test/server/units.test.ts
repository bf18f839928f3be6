import { describe, expect, it } from "vitest";
import { cleanUri, escapeText, foldLine, utcDateTime } from "../../server/calendar/ics.js";
import { acceptsGzip, etagMatches, versionEtag } from "../../server/http/etag.js";
import { PING_FRAME, sseFrame } from "../../server/live/sse-frames.js";
import { HttpMetrics } from "../../server/metrics/http-metrics.js";

describe("iCalendar writing", () => {
  it("escapes TEXT values and drops control characters", () => {
    expect(escapeText("a,b;c\\d\r\ne\nf\rg\u0007h\ti")).toBe("a\\,b\\;c\\\\d\\ne\\nf\\ng" + "h\ti");
    expect(cleanUri("https://x.test/a,b;c\r\n")).toBe("https://x.test/a,b;c");
  });

  it("folds at 75 octets without splitting a UTF-8 character", () => {
    const line = `DESCRIPTION:${"é€𝄞a".repeat(40)}`;
    const folded = foldLine(line);
    const parts = folded.split("\r\n");
    expect(parts.length).toBeGreaterThan(1);
    for (const [i, part] of parts.entries()) {
      expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
      if (i > 0) expect(part.startsWith(" ")).toBe(true);
      expect(part).not.toContain("\uFFFD");
    }
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join("")).toBe(line);
    expect(foldLine("SUMMARY:short")).toBe("SUMMARY:short");
  });

  it("writes UTC date-times", () => {
    expect(utcDateTime(new Date("2024-04-08T09:15:00.000Z"))).toBe("20240408T091500Z");
  });
});

describe("ETags", () => {
  it("are quoted and carry the version", () => {
    expect(versionEtag("DEN-ptg", 42)).toBe('"DEN-ptg-42"');
    expect(versionEtag("DEN-ptg", 42, "ical")).toBe('"DEN-ptg-42-ical"');
  });

  it("match If-None-Match lists, weak tags and *", () => {
    const tag = versionEtag("e", 3);
    expect(etagMatches(undefined, tag)).toBe(false);
    expect(etagMatches('"e-2"', tag)).toBe(false);
    expect(etagMatches(`"x", ${tag}`, tag)).toBe(true);
    expect(etagMatches(`W/${tag}`, tag)).toBe(true);
    expect(etagMatches("*", tag)).toBe(true);
  });

  it("read Accept-Encoding", () => {
    expect(acceptsGzip(undefined)).toBe(false);
    expect(acceptsGzip("gzip, deflate, br")).toBe(true);
    expect(acceptsGzip("br;q=1, gzip;q=0")).toBe(false);
    expect(acceptsGzip("identity")).toBe(false);
  });
});

describe("SSE frames", () => {
  it("have the id, the event and one data line", () => {
    expect(sseFrame("change", 7, '{"a":"x\\ny"}').toString()).toBe(
      'id: 7\nevent: change\ndata: {"a":"x\\ny"}\n\n',
    );
    expect(() => sseFrame("change", 7, "two\nlines")).toThrow();
    expect(PING_FRAME.toString()).toBe(": ping\n\n");
  });
});

describe("HTTP metrics", () => {
  it("count responses by route, method and status, and time them in cumulative buckets", () => {
    const metrics = new HttpMetrics();
    const state = metrics.recorder("/api/v1/events/:slug");
    state("GET", 200, 0.0004);
    state("GET", 200, 0.003);
    state("GET", 304, 7);
    state("HEAD", 200, 0.02);
    metrics.recorder("/stream")("GET", 200, null);
    const lines = metrics.render().split("\n");
    const labels = 'method="GET",route="/api/v1/events/:slug"';
    expect(lines).toContain("# TYPE http_requests_total counter");
    expect(lines).toContain("# TYPE http_request_duration_seconds histogram");
    expect(lines).toContain(`http_requests_total{${labels},status="200"} 2`);
    expect(lines).toContain(`http_requests_total{${labels},status="304"} 1`);
    expect(lines).toContain('http_requests_total{method="GET",route="/stream",status="200"} 1');
    expect(lines).toContain(`http_request_duration_seconds_bucket{le="0.001",${labels}} 1`);
    expect(lines).toContain(`http_request_duration_seconds_bucket{le="0.0025",${labels}} 1`);
    expect(lines).toContain(`http_request_duration_seconds_bucket{le="0.005",${labels}} 2`);
    expect(lines).toContain(`http_request_duration_seconds_bucket{le="5",${labels}} 2`);
    expect(lines).toContain(`http_request_duration_seconds_bucket{le="+Inf",${labels}} 3`);
    expect(lines).toContain(`http_request_duration_seconds_count{${labels}} 3`);
    expect(lines).toContain(
      `http_request_duration_seconds_sum{${labels}} ${String(0.0004 + 0.003 + 7)}`,
    );
    // A stream is counted, not timed.
    expect(lines.filter((line) => line.includes("/stream"))).toHaveLength(1);
    expect(lines.at(-1)).toBe("");
  });

  it("escapes label values", () => {
    const metrics = new HttpMetrics();
    metrics.recorder('/a"b\\c\nd')("GET", 404, null);
    expect(metrics.render()).toContain('route="/a\\"b\\\\c\\nd",status="404"} 1');
  });
});
