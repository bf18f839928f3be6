// safeFetch against real HTTP servers on loopback addresses, with an injected resolver (no
// DNS, no internet). Two servers share one port: 127.0.0.1 stands for a public host (the
// tests' policy treats it as public) and 127.0.0.2 for the server's own network (loopback,
// refused). What each server received proves where the sockets went.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { safeFetch, SafeFetchError } from "../../shared/net/safe-fetch.js";
import { classifyAddress, type AddressClass } from "../../shared/net/address-policy.js";

const PUBLIC_STAND_IN = "127.0.0.1";
const INTERNAL = "127.0.0.2";

/** The real policy, except that 127.0.0.1 counts as a public address. */
const testPolicy = (address: string): AddressClass =>
  address === PUBLIC_STAND_IN
    ? { address, version: 4, range: "unicast", public: true }
    : classifyAddress(address);

interface Recorder {
  server: Server;
  requests: string[];
}

function recorder(name: string, port: number, host: string): Promise<Recorder> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? "");
    const url = new URL(req.url ?? "/", "http://x");
    const to = url.searchParams.get("to");
    if (to !== null) {
      res.writeHead(302, { location: to }).end();
      return;
    }
    res.writeHead(200, { "content-type": "text/plain" }).end(name);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      resolve({ server, requests });
    });
  });
}

/** A resolver that gives each answer in turn (the last one from then on), and counts calls. */
function sequence(...answers: string[][]) {
  const asked: string[] = [];
  const resolver = (hostname: string): Promise<string[]> => {
    asked.push(hostname);
    return Promise.resolve(answers[Math.min(asked.length, answers.length) - 1] ?? []);
  };
  return { resolver, asked };
}

const failure = async (promise: Promise<unknown>): Promise<SafeFetchError> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SafeFetchError) return error;
    throw error;
  }
  throw new Error("the fetch succeeded");
};

const text = (body: Uint8Array) => new TextDecoder().decode(body);

describe("safeFetch", () => {
  let outside: Recorder;
  let inside: Recorder;
  let port = 0;

  beforeAll(async () => {
    outside = await recorder("public", 0, PUBLIC_STAND_IN);
    port = (outside.server.address() as AddressInfo).port;
    inside = await recorder("internal", port, INTERNAL);
  });

  afterAll(async () => {
    for (const { server } of [outside, inside]) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  const counts = () => ({ outside: outside.requests.length, inside: inside.requests.length });

  it("connects to the address it checked, even when the name rebinds to loopback", async () => {
    const before = counts();
    const { resolver, asked } = sequence([PUBLIC_STAND_IN], [INTERNAL]);
    const connected: string[] = [];
    const response = await safeFetch(`http://rebind.test:${port}/doc`, {
      resolver,
      classify: testPolicy,
      onConnectAddress: (_host, address) => connected.push(address),
    });
    expect(text(response.body)).toBe("public");
    expect(asked).toEqual(["rebind.test"]); // resolved once: nothing resolves it again
    expect(connected).toEqual([PUBLIC_STAND_IN]);
    expect(counts()).toEqual({ outside: before.outside + 1, inside: before.inside });
  });

  it("refuses the name once it resolves to loopback, and sends nothing", async () => {
    const before = counts();
    const { resolver } = sequence([INTERNAL]);
    const error = await failure(
      safeFetch(`http://rebind.test:${port}/doc`, { resolver, classify: testPolicy }),
    );
    expect(error.reason).toBe("blocked");
    expect(error.address).toMatchObject({ address: INTERNAL, range: "loopback" });
    expect(error.message).toBe(
      `rebind.test:${port} is a private or local address (loopback); only public hosts can be fetched`,
    );
    expect(counts()).toEqual(before);
  });

  it("refuses a name with one special address among public ones", async () => {
    const before = counts();
    const { resolver } = sequence([PUBLIC_STAND_IN, INTERNAL]);
    const error = await failure(
      safeFetch(`http://mixed.test:${port}/`, { resolver, classify: testPolicy }),
    );
    expect(error.reason).toBe("blocked");
    expect(counts()).toEqual(before);
  });

  it("with the real policy, a public answer then loopback never reaches loopback", async () => {
    // No internet here: whatever becomes of the connection to the public address (refused,
    // unanswered, or answered by something on the way), it is the only connection made, and
    // the loopback server hears nothing.
    const before = counts();
    const { resolver, asked } = sequence(["93.184.215.14"], [PUBLIC_STAND_IN]);
    const connected: string[] = [];
    const outcome = await safeFetch(`http://rebind.test:${port}/doc`, {
      resolver,
      timeoutMs: 1000,
      onConnectAddress: (_host, address) => connected.push(address),
    }).then(
      (response) => text(response.body),
      (error: unknown) => (error instanceof SafeFetchError ? error.reason : String(error)),
    );
    expect(outcome).not.toBe("public");
    expect(asked).toEqual(["rebind.test"]);
    expect(connected).toEqual(["93.184.215.14"]);
    expect(counts()).toEqual(before);
  });

  it("checks every redirect at its socket: to a loopback IP, and to a name resolving to one", async () => {
    for (const to of [`http://${INTERNAL}:${port}/`, `http://inside.test:${port}/`]) {
      const before = counts();
      const resolver = (name: string) =>
        Promise.resolve(name === "inside.test" ? [INTERNAL] : [PUBLIC_STAND_IN]);
      const error = await failure(
        safeFetch(`http://start.test:${port}/?to=${encodeURIComponent(to)}`, {
          resolver,
          classify: testPolicy,
        }),
      );
      expect(error.reason).toBe("blocked");
      expect(error.host).toBe(new URL(to).host);
      expect(counts()).toEqual({ outside: before.outside + 1, inside: before.inside });
    }
  });

  it("follows a redirect to a public host, and reports where the answer came from", async () => {
    const to = `http://other.test:${port}/final`;
    const response = await safeFetch(`http://start.test:${port}/?to=${encodeURIComponent(to)}`, {
      resolver: () => Promise.resolve([PUBLIC_STAND_IN]),
      classify: testPolicy,
    });
    expect(response.status).toBe(200);
    expect(response.url.href).toBe(to);
    expect(text(response.body)).toBe("public");
  });

  it("refuses IP literals of special ranges before connecting", async () => {
    for (const host of [INTERNAL, "[::1]", "[::ffff:7f00:2]", "[::ffff:0:7f00:2]", "[::7f00:2]"]) {
      const before = counts();
      const error = await failure(safeFetch(`http://${host}:${port}/`));
      expect(error.reason).toBe("blocked");
      expect(counts()).toEqual(before);
    }
  });

  it("reaches the server's own network when private addresses are allowed", async () => {
    const response = await safeFetch(`http://inside.test:${port}/`, {
      allowPrivate: true,
      resolver: () => Promise.resolve([INTERNAL]),
    });
    expect(text(response.body)).toBe("internal");
  });

  it("refuses other schemes and too many redirects", async () => {
    expect((await failure(safeFetch("file:///etc/passwd"))).reason).toBe("scheme");
    expect((await failure(safeFetch("gopher://x.test/"))).reason).toBe("scheme");
    expect((await failure(safeFetch("::"))).reason).toBe("invalid_url");
    const loop = `http://loop.test:${port}/?to=${encodeURIComponent("/?to=/")}`;
    const error = await failure(
      safeFetch(loop, {
        maxRedirects: 0,
        resolver: () => Promise.resolve([PUBLIC_STAND_IN]),
        classify: testPolicy,
      }),
    );
    expect(error.reason).toBe("redirects");
  });

  it("caps the body", async () => {
    const error = await failure(
      safeFetch(`http://${PUBLIC_STAND_IN}:${port}/`, { classify: testPolicy, maxBytes: 3 }),
    );
    expect(error.message).toBe(`the document at ${PUBLIC_STAND_IN}:${port} is larger than 3 bytes`);
  });
});
