// Test helper: a tiny node:http stand-in for the real server, enough for the widget: the built
// files under /widget/ (and /events/:slug), the state API and its SSE stream, all with the
// production Content-Security-Policy. To be replaced by the real server in the browser tests.
import { readFile } from "node:fs/promises";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";
import type { EventState } from "../../shared/api/event-state.js";
import type { StateChange } from "../../shared/api/state-change.js";
import { STREAM_CHANGE, STREAM_STATE } from "../../shared/api/stream.js";

export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; frame-ancestors *";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
};

export interface WidgetServer {
  /** e.g. "http://127.0.0.1:40123" */
  origin: string;
  /** How many times GET /api/v1/events/:slug was served. */
  stateRequests: (slug: string) => number;
  /** Replaces the state the API serves (without telling streams). */
  setState: (state: EventState) => void;
  /** Sends a `change` message to every open stream of the change's event. */
  pushChange: (slug: string, change: StateChange) => void;
  /** Ends every open stream (the widget should reconnect). */
  dropStreams: () => void;
  /** While down, the stream answers 503 (EventSource gives up; the widget must retry itself). */
  setStreamsDown: (down: boolean) => void;
  /** Serves HTML at a path (e.g. a page that frames the widget), without the CSP. */
  addPage: (path: string, html: string) => void;
  close: () => Promise<void>;
}

function sse(res: ServerResponse, event: string, id: number, data: unknown): void {
  res.write(`event: ${event}\nid: ${id}\ndata: ${JSON.stringify(data)}\n\n`);
}

export async function startWidgetServer(
  distDir: string,
  states: readonly EventState[],
): Promise<WidgetServer> {
  const bySlug = new Map(states.map((s) => [s.slug, s]));
  const streams = new Map<string, Set<ServerResponse>>();
  const requests = new Map<string, number>();
  const pages = new Map<string, string>();
  let streamsDown = false;

  const sendFile = async (res: ServerResponse, relative: string): Promise<void> => {
    const path = normalize(join(distDir, relative));
    if (!path.startsWith(distDir + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(path);
      res.writeHead(200, {
        "content-type": TYPES[extname(path)] ?? "application/octet-stream",
        "content-security-policy": CSP,
        "cache-control": "no-store",
      });
      res.end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = url.pathname;
    const api = /^\/api\/v1\/events\/([^/]+)(\/stream)?$/.exec(path);
    if (api?.[1] !== undefined) {
      const slug = decodeURIComponent(api[1]);
      const state = bySlug.get(slug);
      if (state === undefined) {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { code: "not_found", message: `No event ${slug}` } }));
        return;
      }
      if (api[2] === undefined) {
        requests.set(slug, (requests.get(slug) ?? 0) + 1);
        res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
        res.end(JSON.stringify(state));
        return;
      }
      if (streamsDown) {
        res.writeHead(503, { "content-type": "text/plain" }).end("down");
        return;
      }
      res.writeHead(200, {
        "content-type": "text/event-stream",
        "cache-control": "no-store",
        connection: "keep-alive",
      });
      res.write("retry: 300\n\n");
      sse(res, STREAM_STATE, state.version, state);
      const set = streams.get(slug) ?? new Set<ServerResponse>();
      streams.set(slug, set);
      set.add(res);
      req.on("close", () => set.delete(res));
      return;
    }
    const page = pages.get(path);
    if (page !== undefined) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page);
      return;
    }
    if (path === "/widget/" || /^\/events\/[^/]+\/?$/.test(path)) {
      void sendFile(res, "index.html");
      return;
    }
    if (path.startsWith("/widget/")) {
      void sendFile(res, decodeURIComponent(path.slice("/widget/".length)));
      return;
    }
    res.writeHead(404, { "content-type": "text/plain" }).end("not found");
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    stateRequests: (slug) => requests.get(slug) ?? 0,
    setState: (state) => bySlug.set(state.slug, state),
    pushChange: (slug, change) => {
      for (const res of streams.get(slug) ?? []) sse(res, STREAM_CHANGE, change.version, change);
    },
    dropStreams: () => {
      for (const set of streams.values()) for (const res of set) res.destroy();
    },
    setStreamsDown: (down) => {
      streamsDown = down;
    },
    addPage: (path, html) => pages.set(path, html),
    close: async () => {
      for (const set of streams.values()) for (const res of set) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}
