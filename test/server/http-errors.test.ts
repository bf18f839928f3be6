// Every error in one shape (`{ error: { code, message } }`) with the security headers, also
// those raised before Fastify's hooks (414, 400) or by Node's HTTP parser (431); 405 with an
// Allow header for a known path asked with another method; HTML error pages for browsers.
// Through app.inject() and through real sockets (431 exists only on a socket).
import { connect } from "node:net";
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorPage } from "../../server/http/error-page.js";
import { storeKinds, type TestStore } from "../support/stores.js";
import { serverFor, SLUG, storeWithFixture } from "./support.js";

const BASE_HEADERS = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cross-origin-resource-policy": "cross-origin",
};

/** What a browser sends when following a link. */
const BROWSER_ACCEPT =
  "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends raw bytes on a new connection and reads the whole answer (the server closes). */
function rawRequest(port: number, request: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const [head = "", ...rest] = text.split("\r\n\r\n");
      const [statusLine = "", ...lines] = head.split("\r\n");
      const headers = Object.fromEntries(
        lines.map((line) => {
          const at = line.indexOf(":");
          return [line.slice(0, at).trim().toLowerCase(), line.slice(at + 1).trim()];
        }),
      );
      resolve({ status: Number(statusLine.split(" ")[1]), headers, body: rest.join("\r\n\r\n") });
    });
    socket.write(request);
  });
}

const errorShape = (body: string) =>
  JSON.parse(body) as { error: { code: string; message: string } };

describe.each(storeKinds().slice(0, 1))("HTTP errors (%s)", (kind) => {
  let store: TestStore;
  let app: FastifyInstance;
  let port = 0;

  beforeAll(async () => {
    store = await storeWithFixture(kind);
    app = await serverFor(store);
    await app.listen({ host: "127.0.0.1", port: 0 });
    port = (app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  describe("414: a path segment over 100 characters", () => {
    const url = `/events/${"x".repeat(101)}/ptg.json`;

    it("through inject", async () => {
      const res = await app.inject(url);
      expect(res.statusCode).toBe(414);
      expect(res.headers).toMatchObject(BASE_HEADERS);
      expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
      expect(res.json()).toEqual({
        error: {
          code: "uri_too_long",
          message: "A part of this address is too long (at most 100 characters)",
        },
      });
    });

    it("through a socket, without echoing the path", async () => {
      const res = await rawRequest(
        port,
        `GET ${url} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      );
      expect(res.status).toBe(414);
      expect(res.headers).toMatchObject(BASE_HEADERS);
      expect(errorShape(res.body).error.code).toBe("uri_too_long");
      expect(res.body).not.toContain("xxxxxxxxxx");
    });

    it("as a page for a browser", async () => {
      const res = await app.inject({ url, headers: { accept: BROWSER_ACCEPT } });
      expect(res.statusCode).toBe(414);
      expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(res.headers["content-security-policy"]).toContain("default-src 'self'");
    });
  });

  it("431: headers too large, on a real socket", async () => {
    const big = "a".repeat(20 * 1024);
    const res = await rawRequest(
      port,
      `GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: ${big}\r\n\r\n`,
    );
    expect(res.status).toBe(431);
    expect(res.headers).toMatchObject({
      ...BASE_HEADERS,
      "content-type": "application/json; charset=utf-8",
      connection: "close",
    });
    expect(Number(res.headers["content-length"])).toBe(Buffer.byteLength(res.body));
    expect(errorShape(res.body)).toEqual({
      error: { code: "headers_too_large", message: "The request's headers are too large" },
    });
  });

  it("400: a request Node cannot parse, on a real socket", async () => {
    const res = await rawRequest(port, "NOT HTTP AT ALL\r\n\r\n");
    expect(res.status).toBe(400);
    expect(res.headers).toMatchObject(BASE_HEADERS);
    expect(errorShape(res.body).error.code).toBe("bad_request");
  });

  it("400: a path that is not valid percent-encoding", async () => {
    const res = await app.inject("/api/v1/events/%zz");
    expect(res.statusCode).toBe(400);
    expect(res.headers).toMatchObject(BASE_HEADERS);
    expect(res.json()).toEqual({
      error: { code: "bad_request", message: "This address is not valid (bad percent-encoding)" },
    });
  });

  describe("405: a known path asked with another method", () => {
    it.each([
      ["DELETE", `/events/${SLUG}/ptg.json`, "GET, HEAD, OPTIONS"],
      ["POST", `/api/v1/events/${SLUG}`, "GET, HEAD, OPTIONS"],
      ["PUT", "/help", "GET, HEAD"],
      ["PATCH", `/events/${SLUG}`, "GET, HEAD"],
      ["POST", `/events/nope/ptg.json`, "GET, HEAD, OPTIONS"],
    ])("%s %s → Allow: %s", async (method, url, allow) => {
      const res = await app.inject({ method: method as "POST", url });
      expect(res.statusCode).toBe(405);
      expect(res.headers).toMatchObject({ ...BASE_HEADERS, allow });
      expect(res.json()).toEqual({
        error: {
          code: "method_not_allowed",
          message: `${url} does not answer ${method}; it answers ${allow}`,
        },
      });
      // Every method it lists does answer.
      for (const allowed of allow.split(", ")) {
        const answer = await app.inject({ method: allowed as "GET", url });
        expect(answer.statusCode, `${allowed} ${url}`).not.toBe(405);
      }
    });

    it("through a real socket", async () => {
      const res = await rawRequest(
        port,
        `DELETE /api/v1/events/${SLUG} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      );
      expect(res.status).toBe(405);
      expect(res.headers).toMatchObject({ ...BASE_HEADERS, allow: "GET, HEAD, OPTIONS" });
      expect(errorShape(res.body).error.code).toBe("method_not_allowed");
    });

    it("a route of the right method that finds nothing stays 404", async () => {
      const res = await app.inject("/widget/assets/nothing.js");
      expect(res.statusCode).toBe(404);
      expect(res.headers.allow).toBeUndefined();
    });

    it("an unknown path stays 404, whatever the method", async () => {
      for (const method of ["GET", "POST", "DELETE"] as const) {
        const res = await app.inject({ method, url: "/no/such/thing" });
        expect(res.statusCode).toBe(404);
        expect(res.headers.allow).toBeUndefined();
        expect(res.headers).toMatchObject(BASE_HEADERS);
        expect(res.json()).toEqual({
          error: { code: "not_found", message: `Nothing at ${method} /no/such/thing` },
        });
      }
    });
  });

  describe("HTML for browsers, JSON for API clients", () => {
    it.each(["/", "/events/nope"])("%s is a page for a browser", async (url) => {
      const res = await app.inject({ url, headers: { accept: BROWSER_ACCEPT } });
      expect(res.statusCode).toBe(404);
      expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(res.headers).toMatchObject({
        ...BASE_HEADERS,
        "content-security-policy": expect.stringContaining("script-src 'self'") as string,
        "cache-control": "no-store",
      });
      expect(res.body).toMatch(/^<!doctype html>/);
      expect(res.body).toContain("<title>Not Found</title>");
      expect(res.body).toContain('href="/help"');
      expect(res.body).not.toContain("<script");
    });

    it("names the unknown event, escaped", async () => {
      const nope = await app.inject({ url: "/events/nope", headers: { accept: BROWSER_ACCEPT } });
      expect(nope.body).toContain("There is no event &#39;nope&#39;");
      const hostile = await app.inject({
        url: `/events/${encodeURIComponent('<img src=x onerror="alert(1)">')}`,
        headers: { accept: BROWSER_ACCEPT },
      });
      expect(hostile.statusCode).toBe(400); // not a valid event name
      expect(hostile.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(hostile.body).not.toContain("<img");
      const page = errorPage(404, "x", `<img src=x onerror="alert('1')">&`);
      expect(page).toContain("&#60;img src=x onerror=&#34;alert(&#39;1&#39;)&#34;&#62;&#38;");
      expect(page).not.toContain("<img");
    });

    it.each([undefined, "*/*", "application/json", "application/json, text/html;q=0.5"])(
      "Accept %s gets JSON",
      async (accept) => {
        for (const url of ["/", "/events/nope"]) {
          const res = await app.inject({
            url,
            headers: accept === undefined ? {} : { accept },
          });
          expect(res.statusCode).toBe(404);
          expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
          expect(res.json<{ error: { code: string } }>().error.code).toMatch(/not_found$/);
        }
      },
    );

    it("a known event's page is still the page", async () => {
      const res = await app.inject({ url: `/events/${SLUG}`, headers: { accept: BROWSER_ACCEPT } });
      expect([200, 503]).toContain(res.statusCode);
      expect(res.headers["content-type"]).toMatch(/^text\/html/);
    });
  });
});
