// A counting pass-through between the bot and its homeserver: every request is forwarded
// unchanged, and counted per wall-clock second, so that a benchmark can report the peak rate
// of requests the bot sends (e.g. during a cold start). The pacer (bot/sync/pacing.ts) holds back
// only background requests: the sync long-polls and the sends (replies, notifications) are not
// paced, so the report gives the busiest second both in all and without those.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface RequestMeter {
  /** The URL to give the bot as its homeserver. */
  url: string;
  /** Forgets the counts so far. */
  reset(): void;
  /**
   * Requests counted since the last reset, the busiest second's count (and what it was made of),
   * and the busiest second's count of background requests (neither /sync nor a send).
   */
  report(): { total: number; peakPerSecond: number; peakKinds: string; peakBackground: number };
  /**
   * The busiest sliding 1-second window of background requests since the last reset (a wall-clock
   * second can split a burst in two), with what its requests were.
   */
  busiestBackgroundWindow(leaveOut?: (request: MeteredRequest) => boolean): {
    count: number;
    kinds: string;
  };
  /** Every request since the last reset: when it arrived (ms), its kind, and whether background. */
  requests(): readonly MeteredRequest[];
  /** Requests in the last `seconds` whole seconds (this one excluded). */
  recent(seconds: number): number;
  close(): Promise<void>;
}

export interface MeteredRequest {
  at: number;
  /** The path as sent (ids encoded), without the query. */
  path: string;
  kind: string;
  background: boolean;
}

/** Neither a /sync nor a message sent (a reply or a notification): what the pace holds. */
export const isBackground = (kind: string): boolean => !/\/sync$|\/send\//.test(kind);

/** The largest number of `times` (ms, ascending) within any window of `windowMs`, and where. */
export function busiestWindow(
  times: readonly number[],
  windowMs = 1000,
): { count: number; first: number } {
  let best = { count: 0, first: 0 };
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while ((times[end] ?? 0) - (times[start] ?? 0) >= windowMs) start++;
    if (end - start + 1 > best.count) best = { count: end - start + 1, first: start };
  }
  return best;
}

export async function startRequestMeter(target: string): Promise<RequestMeter> {
  const upstream = new URL(target);
  let perSecond = new Map<number, number>();
  let background = new Map<number, number>();
  /** What each second's requests were (method and path, ids collapsed), for the busiest one. */
  let kinds = new Map<number, Map<string, number>>();
  let log: MeteredRequest[] = [];
  // A bounded number of connections to the homeserver: a bot starting in thousands of rooms at a
  // lifted pace would otherwise open one per request in flight, two descriptors each with its
  // own side, and run this process out of them (EMFILE, seen at FOSDEM scale).
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const server = http.createServer((req, res) => {
    const at = Date.now();
    const second = Math.floor(at / 1000);
    perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
    const kind = `${req.method ?? ""} ${(req.url ?? "").split("?")[0]?.replace(/\/[!@$%][^/]*/g, "/…") ?? ""}`;
    const path = (req.url ?? "").split("?")[0] ?? "";
    log.push({ at, path, kind, background: isBackground(kind) });
    if (isBackground(kind)) background.set(second, (background.get(second) ?? 0) + 1);
    const ofSecond = kinds.get(second) ?? new Map<string, number>();
    ofSecond.set(kind, (ofSecond.get(kind) ?? 0) + 1);
    kinds.set(second, ofSecond);
    const forward = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
        agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on("error", () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(forward);
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}`,
    reset() {
      perSecond = new Map();
      background = new Map();
      kinds = new Map();
      log = [];
    },
    report() {
      const counts = [...perSecond.values()];
      const peakPerSecond = counts.length === 0 ? 0 : Math.max(...counts);
      const peak = [...perSecond].find(([, n]) => n === peakPerSecond)?.[0];
      const peakKinds = [...(kinds.get(peak ?? -1) ?? new Map<string, number>())]
        .sort((a, b) => b[1] - a[1])
        .map(([kind, n]) => `${String(n)}× ${kind}`)
        .join(", ");
      const peakBackground = Math.max(0, ...background.values());
      return { total: counts.reduce((a, b) => a + b, 0), peakPerSecond, peakKinds, peakBackground };
    },
    busiestBackgroundWindow(leaveOut = () => false) {
      const background = log.filter((r) => r.background && !leaveOut(r));
      const { count, first } = busiestWindow(background.map((r) => r.at));
      const tally = new Map<string, number>();
      for (const r of background.slice(first, first + count)) {
        tally.set(r.kind, (tally.get(r.kind) ?? 0) + 1);
      }
      const kinds = [...tally]
        .sort((a, b) => b[1] - a[1])
        .map(([kind, n]) => `${String(n)}× ${kind}`)
        .join(", ");
      return { count, kinds };
    },
    requests: () => log,
    recent(seconds) {
      const now = Math.floor(Date.now() / 1000);
      let n = 0;
      for (let s = now - seconds; s < now; s++) n += perSecond.get(s) ?? 0;
      return n;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        agent.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}
