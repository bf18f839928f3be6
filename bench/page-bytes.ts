// (b) What a first visit to the event's page costs on the wire: Chromium (playwright-core)
// loads /events/:slug from the benchmark server with an empty cache; the DevTools protocol
// reports every response's encoded bytes (headers included), the live stream's until the
// page is quiet (for the stream, Chromium reports its headers; the few bytes of its first
// message, an id without data, may not be counted).
import { chromium } from "playwright-core";

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** The page is loaded when no request but the stream has been made for this long. */
const QUIET_MS = 1000;

export interface PageResource {
  path: string;
  encoding: string;
  bytes: number;
}

export interface PageBytesReport {
  resources: PageResource[];
  totalBytes: number;
}

interface Tracked {
  path: string;
  encoding: string;
  bytes: number;
  finished: boolean;
}

export async function pageBytes(base: string, slug: string): Promise<PageBytesReport> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    const requests = new Map<string, Tracked>();
    let lastRequestAt = performance.now();
    cdp.on("Network.requestWillBeSent", (event) => {
      requests.set(event.requestId, {
        path: new URL(event.request.url).pathname + new URL(event.request.url).search,
        encoding: "",
        bytes: 0,
        finished: false,
      });
      if (!event.request.url.includes("/stream")) lastRequestAt = performance.now();
    });
    cdp.on("Network.responseReceived", (event) => {
      const tracked = requests.get(event.requestId);
      if (tracked === undefined) return;
      const headers = event.response.headers as Record<string, string>;
      const encoding = Object.entries(headers).find(
        ([k]) => k.toLowerCase() === "content-encoding",
      );
      tracked.encoding = encoding?.[1] ?? "identity";
      // The headers' bytes (the live stream's body bytes are not all reported to DevTools).
      tracked.bytes = Math.max(tracked.bytes, event.response.encodedDataLength);
    });
    // Bytes as they arrive (the stream never finishes); replaced by the total when it does.
    cdp.on("Network.dataReceived", (event) => {
      const tracked = requests.get(event.requestId);
      if (tracked !== undefined && !tracked.finished) tracked.bytes += event.encodedDataLength;
    });
    cdp.on("Network.loadingFinished", (event) => {
      const tracked = requests.get(event.requestId);
      if (tracked === undefined) return;
      tracked.finished = true;
      tracked.bytes = event.encodedDataLength;
      lastRequestAt = performance.now();
    });
    await page.goto(`${base}/events/${encodeURIComponent(slug)}`, { waitUntil: "load" });
    const stateFetched = (): boolean =>
      [...requests.values()].some(
        (r) => r.finished && r.path.startsWith("/api/v1/events/") && !r.path.includes("/stream"),
      );
    const streamOpen = (): boolean =>
      [...requests.values()].some((r) => r.path.includes("/stream"));
    const deadline = performance.now() + 30_000;
    while (!(stateFetched() && streamOpen() && performance.now() - lastRequestAt > QUIET_MS)) {
      if (performance.now() > deadline) throw new Error("the page did not finish loading in 30 s");
      await page.waitForTimeout(100);
    }
    const resources = [...requests.values()].map(({ path, encoding, bytes }) => ({
      path,
      encoding,
      bytes,
    }));
    return { resources, totalBytes: resources.reduce((sum, r) => sum + r.bytes, 0) };
  } finally {
    await browser.close();
  }
}
