// fetchPtgbotJson against a real HTTP server on a loopback port: what it accepts, and each way
// a URL can be refused.
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchPtgbotJson } from "../../shared/ptgbot/fetch.js";
import { findFreePort } from "../support/free-port.js";
import { readDenver } from "../support/denver.js";

/** The test server is on loopback, which chat-triggered fetches refuse by default. */
const LOCAL = { allowPrivateAddresses: true } as const;

const FIXTURE_TEXT = JSON.stringify(readDenver());

/** A route that answers 200 with this content type (none when null) and body. */
const send =
  (type: string | null, body: string) =>
  (res: ServerResponse): void => {
    if (type !== null) res.setHeader("content-type", type);
    res.end(body);
  };

/** Streams chunks of spaces (no Content-Length) until the client goes away. */
function endless(res: ServerResponse) {
  res.writeHead(200, { "content-type": "application/json" });
  const chunk = Buffer.alloc(64 * 1024, " ");
  const pump = () => {
    while (!res.destroyed && res.write(chunk));
    if (!res.destroyed) res.once("drain", pump);
  };
  res.write("[");
  pump();
}

const routes: Record<string, (res: ServerResponse) => void> = {
  "/ok.json": send("application/json; charset=utf-8", FIXTURE_TEXT),
  "/raw": send("text/plain; charset=utf-8", FIXTURE_TEXT),
  "/vendor": send("application/vnd.ptg+json", '{"eventid":"x"}'),
  "/bom": send("application/json", '\ufeff{"voice":1}'),
  "/big": endless,
  "/declared-big": (res) => {
    res.writeHead(200, { "content-type": "application/json", "content-length": "99999999" });
    res.write("{");
  },
  "/html": send("text/html", "<html>{}</html>"),
  "/untyped": send(null, "{}"),
  "/invalid": send("application/json", '{"eventid": "x",\n oops}'),
  "/latin1": (res) => {
    res.setHeader("content-type", "application/json");
    res.end(Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d]));
  },
  "/hang": () => undefined,
  "/slow-body": (res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.write('{"eventid":');
  },
  "/to-file": (res) => {
    res.writeHead(302, { location: "file:///etc/passwd" });
    res.end();
  },
  "/to-ftp": (res) => {
    res.writeHead(301, { location: "ftp://127.0.0.1/ptg.json" });
    res.end();
  },
  "/to-ok": (res) => {
    res.writeHead(307, { location: "/ok.json" });
    res.end();
  },
  "/loop": (res) => {
    res.writeHead(302, { location: "/loop" });
    res.end();
  },
  "/missing": (res) => {
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("no such file");
  },
};

describe("fetchPtgbotJson", () => {
  let server: Server;
  let base: string;
  let host: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      const route = routes[new URL(req.url ?? "/", "http://x").pathname];
      if (route === undefined) {
        res.writeHead(500);
        res.end();
      } else route(res);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    host = `127.0.0.1:${port}`;
    base = `http://${host}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const refused = async (url: string, opts?: Parameters<typeof fetchPtgbotJson>[1]) => {
    try {
      await fetchPtgbotJson(url, { ...LOCAL, ...opts });
      return "accepted";
    } catch (error) {
      return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
  };

  it("loads JSON served as application/json", async () => {
    expect(await fetchPtgbotJson(`${base}/ok.json`, LOCAL)).toEqual(readDenver());
  });

  it("loads JSON served as text/plain (raw file hosts) or a +json type, without a BOM", async () => {
    expect(await fetchPtgbotJson(`${base}/raw`, LOCAL)).toEqual(readDenver());
    expect(await fetchPtgbotJson(`${base}/vendor`, LOCAL)).toEqual({ eventid: "x" });
    expect(await fetchPtgbotJson(`${base}/bom`, LOCAL)).toEqual({ voice: 1 });
  });

  it("follows a redirect to another http URL", async () => {
    expect(await fetchPtgbotJson(`${base}/to-ok`, LOCAL)).toEqual(readDenver());
  });

  it("refuses a body that grows past the limit, without a Content-Length", async () => {
    expect(await refused(`${base}/big`, { maxBytes: 1_000_000 })).toBe(
      `PtgbotImportError: the document at ${host} is larger than 1000000 bytes`,
    );
    expect(await refused(`${base}/ok.json`, { maxBytes: 1024 })).toBe(
      `PtgbotImportError: the document at ${host} is larger than 1024 bytes`,
    );
  });

  it("refuses a declared Content-Length over the limit before reading", async () => {
    expect(await refused(`${base}/declared-big`)).toBe(
      `PtgbotImportError: the document at ${host} is larger than 5 MB`,
    );
  });

  it("refuses content types that are not JSON", async () => {
    expect(await refused(`${base}/html`)).toBe(
      `PtgbotImportError: ${host} sent "text/html", not JSON (application/json)`,
    );
    expect(await refused(`${base}/untyped`)).toBe(
      `PtgbotImportError: ${host} sent no content type, not JSON (application/json)`,
    );
  });

  it("refuses invalid JSON and text that is not UTF-8", async () => {
    const invalid = await refused(`${base}/invalid`);
    expect(invalid).toMatch(
      new RegExp(`^PtgbotImportError: the document at ${host} is not valid JSON \\(.+\\)$`),
    );
    expect(invalid).not.toContain("\n");
    expect(await refused(`${base}/latin1`)).toBe(
      `PtgbotImportError: the document at ${host} is not UTF-8 text`,
    );
  });

  it("refuses URLs that are not http(s)", async () => {
    expect(await refused("file:///etc/passwd")).toBe(
      'PtgbotImportError: only http:// and https:// URLs can be loaded, not "file:"',
    );
    expect(await refused("ftp://127.0.0.1/ptg.json")).toBe(
      'PtgbotImportError: only http:// and https:// URLs can be loaded, not "ftp:"',
    );
    expect(await refused("javascript:alert(1)")).toBe(
      'PtgbotImportError: only http:// and https:// URLs can be loaded, not "javascript:"',
    );
    expect(await refused("not a url")).toBe('PtgbotImportError: "not a url" is not a URL');
  });

  it("refuses redirects to other schemes, and redirect loops", async () => {
    expect(await refused(`${base}/to-file`)).toBe(
      `PtgbotImportError: ${host} redirected to a "file:" URL; only http:// and https:// are allowed`,
    );
    expect(await refused(`${base}/to-ftp`)).toBe(
      `PtgbotImportError: ${host} redirected to a "ftp:" URL; only http:// and https:// are allowed`,
    );
    expect(await refused(`${base}/loop`)).toBe(
      `PtgbotImportError: more than 5 redirects from ${host}`,
    );
  });

  it("gives up on a server that does not answer, or answers too slowly", async () => {
    expect(await refused(`${base}/hang`, { timeoutMs: 200 })).toBe(
      `PtgbotImportError: no complete answer from ${host} within 0.2 seconds`,
    );
    expect(await refused(`${base}/slow-body`, { timeoutMs: 200 })).toBe(
      `PtgbotImportError: no complete answer from ${host} within 0.2 seconds`,
    );
  });

  it("reports HTTP errors and refused connections", async () => {
    expect(await refused(`${base}/missing`)).toBe(
      `PtgbotImportError: ${host} answered HTTP 404 Not Found`,
    );
    const port = await findFreePort();
    expect(await refused(`http://127.0.0.1:${port}/ptg.json`)).toMatch(
      new RegExp(
        `^PtgbotImportError: could not fetch from 127\\.0\\.0\\.1:${port} \\(.*ECONNREFUSED`,
      ),
    );
  });

  it("resolves a host name with the resolver it is given, once", async () => {
    const asked: string[] = [];
    const resolver = (name: string) => {
      asked.push(name);
      return Promise.resolve(["127.0.0.1"]);
    };
    const port = new URL(base).port;
    expect(await fetchPtgbotJson(`http://ptg.test:${port}/vendor`, { ...LOCAL, resolver })).toEqual(
      { eventid: "x" },
    );
    expect(asked).toEqual(["ptg.test"]);
  });
});

describe("fetchPtgbotJson refuses non-public hosts by default", () => {
  it.each([
    "http://127.0.0.1:8089/ptg.json",
    "http://localhost:8089/ptg.json",
    "http://10.1.2.3/ptg.json",
    "http://169.254.169.254/latest/meta-data",
    "http://[::1]:8089/ptg.json",
    "http://[::ffff:192.168.1.1]/ptg.json",
    "http://[::ffff:0:7f00:1]:8089/ptg.json",
    "http://[::7f00:1]:8089/ptg.json",
    "http://[64:ff9b::7f00:1]:8089/ptg.json",
    "http://0x7f.1:8089/ptg.json",
    "http://2130706433:8089/ptg.json",
    "http://192.0.2.1/ptg.json",
  ])("%s", async (url) => {
    await expect(fetchPtgbotJson(url)).rejects.toThrow(
      /is a private or local address; the bot only fetches from public hosts$/,
    );
  });

  it("refuses a host name that resolves to a loopback address, and one that does not resolve", async () => {
    const resolver = (name: string) =>
      name === "inside.test"
        ? Promise.resolve(["127.0.0.1"])
        : Promise.reject(Object.assign(new Error("not found"), { code: "ENOTFOUND" }));
    await expect(fetchPtgbotJson("http://inside.test:8089/ptg.json", { resolver })).rejects.toThrow(
      "inside.test:8089 is a private or local address; the bot only fetches from public hosts",
    );
    await expect(fetchPtgbotJson("http://nowhere.test/ptg.json", { resolver })).rejects.toThrow(
      "could not find the host nowhere.test",
    );
  });
});
