// The widget ignores postMessage traffic that is not its client's: messages from a sibling
// frame (same origin as the client, or another), from a parent on another origin than the
// widget URL names, and malformed ones (`data: null` must not throw). A stand-in client page
// (served from another site than the widget) frames the widget next to two sibling frames and
// speaks the widget API by hand. A recorder installed before any page script (capture phase,
// registered before the widget's own filter) shows when each message has been dispatched: by
// then every listener, the library's included, has run, so the theme can be checked.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SLUG, useBrowserSuite, watch } from "./support.js";

const suite = useBrowserSuite();
const WIDGET_ID = "ptg_widget_test";

/** The client's page: the widget (src from the query) and two sibling frames. */
const HOST_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>client stand-in</title></head>
<body>
<iframe id="widget" width="900" height="500"></iframe>
<iframe id="sibling-same" src="/sibling.html"></iframe>
<iframe id="sibling-other"></iframe>
<script>
  const params = new URLSearchParams(location.search);
  const widget = document.getElementById("widget");
  window.__fromWidget = [];
  window.addEventListener("message", (e) => {
    if (e.source === widget.contentWindow) window.__fromWidget.push(e.data);
  });
  window.__send = (message) => widget.contentWindow.postMessage(message, "*");
  document.getElementById("sibling-other").src = params.get("otherSibling");
  widget.src = params.get("src");
</script>
</body></html>
`;

/** A sibling frame: it posts to the widget, the parent's first frame. */
const SIBLING_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>sibling</title></head><body>
<script>window.__sendToWidget = (message) => parent.frames[0].postMessage(message, "*");</script>
</body></html>
`;

/** Runs in every frame before its scripts: in the widget, records each message dispatched. */
const RECORDER = `
  if (location.pathname.startsWith("/widget/")) {
    window.__seen = [];
    window.addEventListener("message", (e) => {
      const data = e.data;
      window.__seen.push(data !== null && typeof data === "object" && typeof data.requestId === "string"
        ? data.requestId : JSON.stringify(data));
    }, { capture: true });
  }
`;

let hostServer: Server | null = null;
let port = 0;
/** The client's origin: another site than the widget's 127.0.0.1. */
const hostOrigin = () => `http://localhost:${port}`;
/** Same server, another origin (and site): a sibling that is not the client. */
const otherOrigin = () => `http://127.0.0.1:${port}`;

beforeAll(async () => {
  hostServer = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const page = path === "/host.html" ? HOST_PAGE : path === "/sibling.html" ? SIBLING_PAGE : null;
    if (path === "/favicon.ico") res.writeHead(204).end();
    else if (page === null) res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    else res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page);
  });
  const server = hostServer;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  const server = hostServer;
  if (server === null) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
});

const request = (requestId: string, action: string, data: unknown) => ({
  api: "toWidget",
  widgetId: WIDGET_ID,
  requestId,
  action,
  data,
});

interface Opened {
  page: Page;
  problems: string[];
  widget: Frame;
  frameAt: (origin: string) => Frame;
}

/** Opens the client page framing the widget, which expects its client at `parentUrl`. */
async function openClient(parentUrl: string): Promise<Opened> {
  const context = await suite.newContext();
  await context.addInitScript({ content: RECORDER });
  const { page, problems } = watch(await context.newPage());
  const src = new URL(`${suite.origin}/widget/`);
  src.search = new URLSearchParams({
    event: SLUG,
    widgetId: WIDGET_ID,
    theme: "light",
    parentUrl,
  }).toString();
  const query = new URLSearchParams({
    src: src.toString(),
    otherSibling: `${otherOrigin()}/sibling.html`,
  });
  await page.goto(`${hostOrigin()}/host.html?${query.toString()}`);
  const frameAt = (origin: string): Frame => {
    const frame = page.frames().find((f) => f.url().startsWith(origin) && f !== page.mainFrame());
    if (frame === undefined) throw new Error(`no frame from ${origin}`);
    return frame;
  };
  await page
    .frameLocator("#widget")
    .locator("html[data-widget-api='started']")
    .waitFor({ state: "attached" });
  for (const sibling of ["#sibling-same", "#sibling-other"]) {
    await page.frameLocator(sibling).locator("script").waitFor({ state: "attached" });
  }
  return { page, problems, widget: frameAt(`${suite.origin}/widget/`), frameAt };
}

const theme = (widget: Frame) => widget.locator("html").getAttribute("data-theme");

/** Waits until the widget has dispatched a message with this request id (or JSON text). */
async function dispatched(widget: Frame, key: string): Promise<void> {
  await expect
    .poll(() => widget.evaluate<string[]>("window.__seen"), { timeout: 5000 })
    .toContain(key);
}

const repliesTo = async (page: Page, requestId: string): Promise<unknown[]> =>
  (await page.evaluate<{ requestId?: string; response?: unknown }[]>("window.__fromWidget"))
    .filter((m) => m.requestId === requestId && "response" in m)
    .map((m) => m.response);

describe("messages to the widget once matrix-widget-api runs", () => {
  it("ignores sibling frames and malformed messages, and follows its client", async () => {
    const { page, problems, widget, frameAt } = await openClient(`${hostOrigin()}/host.html`);
    expect(await theme(widget)).toBe("light");

    // Siblings: one on the client's own origin (only the source tells it apart), one elsewhere.
    const siblings: [string, Frame][] = [
      ["sibling-same", frameAt(`${hostOrigin()}/sibling.html`)],
      ["sibling-other", frameAt(`${otherOrigin()}/sibling.html`)],
    ];
    for (const [name, sibling] of siblings) {
      const message = request(name, "theme_change", { name: "dark" });
      await sibling.evaluate(`window.__sendToWidget(${JSON.stringify(message)})`);
      await dispatched(widget, name);
      expect(await theme(widget), name).toBe("light");
      expect(await repliesTo(page, name)).toEqual([]);
    }

    // Malformed messages from the client itself: ignored, and nothing throws.
    const malformed: [string, unknown][] = [
      ["null-data", request("null-data", "theme_change", null)],
      ["string-data", request("string-data", "theme_change", "dark")],
      [
        "other-widget",
        { ...request("other-widget", "theme_change", { name: "dark" }), widgetId: "x" },
      ],
      ["no-api", { requestId: "no-api", widgetId: WIDGET_ID, action: "theme_change", data: {} }],
      ["null", null],
      ['"dark"', "dark"],
      ["[1,2]", [1, 2]],
    ];
    for (const [key, message] of malformed) {
      await page.evaluate(`window.__send(${JSON.stringify(message)})`);
      await dispatched(widget, key);
      expect(await theme(widget), key).toBe("light");
      expect(await repliesTo(page, key), key).toEqual([]);
    }

    // The client itself is heard: the same theme change from it switches the theme.
    await page.evaluate(
      `window.__send(${JSON.stringify(request("client", "theme_change", { name: "dark" }))})`,
    );
    await expect.poll(() => repliesTo(page, "client"), { timeout: 5000 }).toEqual([{}]);
    expect(await theme(widget)).toBe("dark");
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it("ignores a parent on another origin than the one its URL names", async () => {
    // The widget was told its client is on another port: the real parent is not it.
    const elsewhere = `http://localhost:${port + 1}/element.html`;
    const { page, problems, widget } = await openClient(elsewhere);
    expect(await theme(widget)).toBe("light");
    const attempts: [string, string][] = [
      ["wrong-origin-1", "dark"],
      ["wrong-origin-2", "dark-high-contrast"],
    ];
    for (const [key, name] of attempts) {
      await page.evaluate(
        `window.__send(${JSON.stringify(request(key, "theme_change", { name }))})`,
      );
      await dispatched(widget, key);
      expect(await theme(widget), key).toBe("light");
    }
    await page.evaluate(
      `window.__send(${JSON.stringify(request("wrong-null", "theme_change", null))})`,
    );
    await dispatched(widget, "wrong-null");
    expect(await theme(widget)).toBe("light");
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
