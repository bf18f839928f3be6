// Homeserver discovery and OpenID checks as pure logic: the network is a fetch function given to
// them (as the server gives them one), which records what was asked and answers as a homeserver
// or a web server would. The default fetch's address policy is checked against real DNS.
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../shared/config.js";
import {
  DiscoveryError,
  HomeserverDiscovery,
  type DiscoveryOptions,
} from "../../server/matrix/discovery.js";
import { AddressRefused, publicOnlyFetch, type MatrixFetch } from "../../server/matrix/fetch.js";
import {
  HomeserverUnreachable,
  OpenIdRefused,
  verifyOpenIdToken,
} from "../../server/matrix/openid.js";
import { parseServerName, serverOfUserId } from "../../shared/matrix/server-name.js";

type Answer = Response | Error;

/** A fetch that answers from a table of URLs (anything else: 404) and records every request. */
function fakeFetch(answers: Record<string, () => Answer>): MatrixFetch & { asked: string[] } {
  const asked: string[] = [];
  const fetchImpl = (url: URL): Promise<Response> => {
    asked.push(url.toString());
    const key = Object.keys(answers).find((k) => url.toString().startsWith(k));
    const answer =
      key === undefined ? new Response("not found", { status: 404 }) : answers[key]?.();
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer as Response);
  };
  return Object.assign(fetchImpl, { asked });
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

const discovery = (fetchImpl: MatrixFetch, options: DiscoveryOptions = {}) =>
  new HomeserverDiscovery({ fetch: fetchImpl, ...options });

describe("server names", () => {
  it.each([
    ["example.org", { host: "example.org", port: null, ipLiteral: false }],
    ["Example.ORG:8448", { name: "example.org:8448", host: "example.org", port: 8448 }],
    ["1.2.3.4", { host: "1.2.3.4", ipLiteral: true, port: null }],
    ["1.2.3.4:80", { host: "1.2.3.4", ipLiteral: true, port: 80 }],
    ["[2001:db8::1]", { host: "2001:db8::1", ipLiteral: true, port: null }],
    ["[2001:db8::1]:8448", { host: "2001:db8::1", ipLiteral: true, port: 8448 }],
  ])("parses %s", (value, expected) => {
    expect(parseServerName(value)).toMatchObject(expected);
  });

  it.each([
    "",
    "example.org:0",
    "example.org:70000",
    "exa mple.org",
    "example.org/path",
    "user@example.org",
    "2001:db8::1",
    "[not-ip]",
    "999.1.1.1",
    "-bad.example",
    "a".repeat(256),
  ])("refuses %j", (value) => {
    expect(parseServerName(value)).toBeNull();
  });

  it("takes the server part of a user id after the first colon", () => {
    expect(serverOfUserId("@alice:example.org:8448")).toBe("example.org:8448");
    expect(serverOfUserId("@alice:[::1]:8448")).toBe("[::1]:8448");
    expect(serverOfUserId("alice")).toBeNull();
  });
});

describe("homeserver discovery", () => {
  it("uses the operator's mapping first, without asking the network", async () => {
    const net = fakeFetch({});
    const found = await discovery(net, {
      servers: new Map([["example.org", "http://10.0.0.5:8008"]]),
    }).find("EXAMPLE.org");
    expect(found.baseUrl.toString()).toBe("http://10.0.0.5:8008/");
    expect(found.fetch).not.toBe(net);
    expect(net.asked).toEqual([]);
  });

  it.each([
    ["1.2.3.4", "https://1.2.3.4:8448/"],
    ["1.2.3.4:8000", "https://1.2.3.4:8000/"],
    ["[2001:db8::1]", "https://[2001:db8::1]:8448/"],
    ["example.org:443", "https://example.org/"],
  ])("uses %s as it is (IP literal or explicit port)", async (name, base) => {
    const net = fakeFetch({});
    const found = await discovery(net).find(name);
    expect(found.baseUrl.toString()).toBe(base);
    expect(found.fetch).toBe(net);
    expect(net.asked).toEqual([]);
  });

  it("follows .well-known delegation, with or without a port, and remembers it", async () => {
    let now = 0;
    const net = fakeFetch({
      "https://example.org/.well-known/matrix/server": () =>
        json({ "m.server": "matrix.example.org" }),
      "https://ported.example/.well-known/matrix/server": () =>
        json({ "m.server": "hs.ported.example:443" }),
    });
    const finder = discovery(net, { cacheMs: 1000, now: () => now });
    expect((await finder.find("example.org")).baseUrl.toString()).toBe(
      "https://matrix.example.org:8448/",
    );
    expect((await finder.find("ported.example")).baseUrl.toString()).toBe(
      "https://hs.ported.example/",
    );
    await finder.find("example.org");
    expect(net.asked).toHaveLength(2);
    now = 1001;
    await finder.find("example.org");
    expect(net.asked).toHaveLength(3);
  });

  it("follows https redirects of .well-known, not http ones, nor endless ones", async () => {
    const redirect = (location: string) => () =>
      new Response(null, { status: 302, headers: { location } });
    const net = fakeFetch({
      "https://moved.example/.well-known/matrix/server": redirect(
        "https://www.moved.example/.well-known/matrix/server",
      ),
      "https://www.moved.example/": () => json({ "m.server": "hs.moved.example" }),
      "https://plain.example/": redirect("http://plain.example/.well-known/matrix/server"),
      "https://loop.example/": redirect("https://loop.example/.well-known/matrix/server"),
    });
    const finder = discovery(net);
    expect((await finder.find("moved.example")).baseUrl.host).toBe("hs.moved.example:8448");
    expect((await finder.find("plain.example")).baseUrl.host).toBe("plain.example:8448");
    expect((await finder.find("loop.example")).baseUrl.host).toBe("loop.example:8448");
    expect(net.asked.filter((u) => u.includes("loop.example"))).toHaveLength(4);
  });

  it.each<[string, () => Answer]>([
    ["no .well-known", () => new Response("nope", { status: 404 })],
    ["not JSON", () => new Response("<html>", { status: 200 })],
    ["no m.server", () => json({ other: 1 })],
    ["a bad m.server", () => json({ "m.server": "bad host/x" })],
    ["a huge document", () => json({ "m.server": "x.example", pad: "x".repeat(100_000) })],
    ["a refused address", () => new AddressRefused("private")],
    ["a network error", () => new TypeError("fetch failed")],
  ])("falls back to the name on port 8448 when there is %s", async (_what, answer) => {
    const net = fakeFetch({ "https://example.org/": answer });
    expect((await discovery(net).find("example.org")).baseUrl.toString()).toBe(
      "https://example.org:8448/",
    );
  });

  it("refuses what is no server name", async () => {
    await expect(discovery(fakeFetch({})).find("not a server")).rejects.toBeInstanceOf(
      DiscoveryError,
    );
  });

  it("by default refuses hosts on loopback and private addresses (real DNS)", async () => {
    for (const url of ["https://localhost/", "https://127.0.0.1:8448/", "https://[::1]/"]) {
      await expect(publicOnlyFetch(new URL(url), {})).rejects.toBeInstanceOf(AddressRefused);
    }
  });
});

describe("OpenID token checks", () => {
  const userinfo = "https://hs.example:8448/_matrix/federation/v1/openid/userinfo";
  const check = (answer: () => Answer, serverName = "hs.example:8448") => {
    const net = fakeFetch({ [userinfo]: answer });
    return verifyOpenIdToken(discovery(net), { accessToken: "tok en/&", serverName }).finally(
      () => {
        // The token travels in the query, encoded, to the named server only.
        expect(net.asked.every((u) => u.startsWith(`${userinfo}?access_token=tok+en%2F%26`))).toBe(
          true,
        );
      },
    );
  };

  it("returns the user the homeserver vouches for", async () => {
    await expect(check(() => json({ sub: "@ann:hs.example:8448" }))).resolves.toBe(
      "@ann:hs.example:8448",
    );
  });

  it.each<[string, () => Answer, typeof OpenIdRefused]>([
    ["a user of another server", () => json({ sub: "@ann:other.example" }), OpenIdRefused],
    ["an unknown token (401)", () => json({ errcode: "M_UNKNOWN_TOKEN" }, 401), OpenIdRefused],
    ["a refused address", () => new AddressRefused("10.0.0.1 is private"), OpenIdRefused],
    ["no user id", () => json({ sub: 42 }), HomeserverUnreachable],
    ["a server error", () => json({}, 500), HomeserverUnreachable],
    ["a network error", () => new TypeError("fetch failed"), HomeserverUnreachable],
  ])("refuses %s", async (_what, answer, kind) => {
    await expect(check(answer)).rejects.toBeInstanceOf(kind);
  });

  it("refuses a token that names no valid server", async () => {
    await expect(check(() => json({ sub: "@a:b" }), "bad name!")).rejects.toBeInstanceOf(
      OpenIdRefused,
    );
  });
});

describe("PTG_MATRIX_SERVERS", () => {
  it("maps server names to base URLs", () => {
    const config = loadConfig({
      PTG_MATRIX_SERVERS: " Example.org=http://127.0.0.1:8008/ , hs.test:8448=https://hs.test ",
    });
    expect([...config.matrixServers]).toEqual([
      ["example.org", "http://127.0.0.1:8008"],
      ["hs.test:8448", "https://hs.test"],
    ]);
    expect(loadConfig({}).matrixServers.size).toBe(0);
  });

  it.each([
    ["example.org", "PTG_MATRIX_SERVERS: 'example.org' should be SERVER_NAME=URL"],
    ["bad name=http://x", "PTG_MATRIX_SERVERS: 'bad name=http://x' should be SERVER_NAME=URL"],
    ["example.org=ftp://x", "PTG_MATRIX_SERVERS: 'ftp://x' must be an http:// or https:// URL"],
  ])("refuses %j with a one-line error", (value, message) => {
    let error: unknown;
    try {
      loadConfig({ PTG_MATRIX_SERVERS: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toContain("\n");
  });
});
