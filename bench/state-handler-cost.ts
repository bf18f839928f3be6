// The state endpoint's own CPU time per request against the plain route's, in one process and
// without sockets: each request is handed to the server's request listener on a response whose
// socket discards what it is given. What it measures is what the two routes do differently
// (routing, the handler, the head), without the kernel's and the load generator's share, so that
// it still tells a change apart on a busy machine, where bench/run.sh --only state cannot.
// Usage: npx tsx bench/state-handler-cost.ts (env: N requests a round, ROUNDS, ENCS=identity,br,
// ONLY=state|plain, MIN=1 for the fastest round instead of the median).
import { Duplex } from "node:stream";
import { IncomingMessage, ServerResponse } from "node:http";
import { BENCH_SLUG, benchServer } from "./bench-server.js";
import { PLAIN_PATH, plainServer } from "./plain-route.js";

const SLUG = BENCH_SLUG;
const { store, app, state } = await benchServer("pglite", 44);
const baseline = plainServer(state);
await baseline.ready();
await app.ready();

class Sink extends Duplex {
  bytes = 0;
  override _write(chunk: Buffer, _e: BufferEncoding, cb: () => void) {
    this.bytes += chunk.length;
    cb();
  }
  override _writev(chunks: { chunk: Buffer }[], cb: () => void) {
    for (const c of chunks) this.bytes += c.chunk.length;
    cb();
  }
  override _read() {}
}
type Handler = (req: IncomingMessage, res: ServerResponse) => void;
const handlerOf = (s: { server: { listeners(e: string): unknown[] } }) =>
  s.server.listeners("request")[0] as Handler;
const stateHandler = handlerOf(app);
const plainHandler = handlerOf(baseline);

function one(handler: Handler, url: string, enc: string, socket: Sink): Promise<void> {
  const req = new IncomingMessage(socket as never);
  req.method = "GET";
  req.url = url;
  req.httpVersionMajor = 1;
  req.httpVersionMinor = 1;
  req.httpVersion = "1.1";
  req.headers = { host: "localhost:3000", "accept-encoding": enc };
  req.rawHeaders = ["host", "localhost:3000", "accept-encoding", enc];
  req.complete = true;
  req.push(null);
  const res = new ServerResponse(req);
  res.assignSocket(socket as never);
  return new Promise((resolve) => {
    res.on("finish", () => {
      res.detachSocket(socket as never);
      resolve();
    });
    handler(req, res);
  });
}
const N = Number(process.env.N ?? 50000);
async function measure(
  handler: Handler,
  url: string,
  enc: string,
): Promise<{ us: number; bytes: number }> {
  const socket = new Sink();
  const cpu = process.cpuUsage();
  for (let i = 0; i < N; i++) await one(handler, url, enc, socket);
  const used = process.cpuUsage(cpu);
  return { us: (used.user + used.system) / N, bytes: socket.bytes / N };
}
const med = (a: number[]) =>
  process.env.MIN
    ? Math.min(...a)
    : ([...a].sort((x, y) => x - y)[Math.floor(a.length / 2)] ?? NaN);
for (const enc of (process.env.ENCS ?? "identity,br").split(",")) {
  const s: number[] = [],
    p: number[] = [];
  let sb = 0,
    pb = 0;
  for (let r = 0; r < Number(process.env.ROUNDS ?? 7); r++) {
    if (process.env.ONLY !== "state") {
      const a = await measure(plainHandler, PLAIN_PATH, enc);
      p.push(a.us);
      pb = a.bytes;
    }
    if (process.env.ONLY !== "plain") {
      const b = await measure(stateHandler, `/api/v1/events/${SLUG}`, enc);
      s.push(b.us);
      sb = b.bytes;
    }
  }
  console.log(
    `${enc}: state ${med(s).toFixed(2)} µs (${sb.toFixed(0)} B), plain ${med(p).toFixed(2)} µs (${pb.toFixed(0)} B), delta ${(med(s) - med(p)).toFixed(2)} µs; state rounds ${s.map((x) => x.toFixed(2)).join(" ")}; plain ${p.map((x) => x.toFixed(2)).join(" ")}`,
  );
}
await app.close();
await baseline.close();
await store.close();
