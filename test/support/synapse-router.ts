/**
 * The front door of a Synapse with workers (synapse-workers.ts), in place of a reverse proxy:
 * an HTTP pass-through on 127.0.0.1 that sends `PUT /_matrix/client/{v3,r0}/rooms/{roomId}/send/…`
 * to the event persister of that room and every other request to the main process.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

import { persisterOfRoom } from "./synapse-workers.js";

const SEND = /^\/_matrix\/client\/(?:v3|r0)\/rooms\/([^/]+)\/send\//;

export interface SynapseRouter {
  url: string;
  /** Requests sent to each persister so far, by index. */
  readonly sends: number[];
  close(): Promise<void>;
}

/** The port a request for `url` goes to: a room's persister for a send, else the main one. */
export function routeOf(url: string, main: number, persisters: readonly number[]): number {
  const match = SEND.exec(url.split("?")[0] ?? "");
  if (match === null || persisters.length === 0) return main;
  let roomId: string;
  try {
    roomId = decodeURIComponent(match[1] ?? "");
  } catch {
    return main;
  }
  return persisters[persisterOfRoom(roomId, persisters.length)] ?? main;
}

export async function startSynapseRouter(
  mainPort: number,
  persisterPorts: readonly number[],
): Promise<SynapseRouter> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const sends = persisterPorts.map(() => 0);
  const server = http.createServer((req, res) => {
    const port = routeOf(req.url ?? "/", mainPort, persisterPorts);
    const index = persisterPorts.indexOf(port);
    if (index >= 0) sends[index] = (sends[index] ?? 0) + 1;
    const upstream = http.request(
      {
        host: "127.0.0.1",
        port,
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", (error) => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "application/json" });
      res.end(JSON.stringify({ errcode: "M_UNKNOWN", error: `router: ${error.message}` }));
    });
    req.pipe(upstream);
  });
  // Long-polls (/sync) must not be cut.
  server.requestTimeout = 0;
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}`,
    sends,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
      agent.destroy();
    },
  };
}
