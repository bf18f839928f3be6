// The widget inside a Matrix client. A stand-in for Element, served from another origin (another
// site, even: `localhost` rather than 127.0.0.1), frames the widget at the URL the bot installs
// (bot/delivery/widget.ts), filled in and extended as Element does, and drives it with the client
// side of matrix-widget-api (ClientWidgetApi, from the package's own browser bundle), as Element
// does.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { widgetId, widgetUrl } from "../../bot/delivery/widget.js";
import { cspViolations, SLUG, useBrowserSuite, watch } from "./support.js";

const suite = useBrowserSuite();

const WIDGET_API_BUNDLE = join(
  dirname(createRequire(import.meta.url).resolve("matrix-widget-api/package.json")),
  // The package's browserify bundle (window.mxwidgets). Not dist/api.min.js: tinyify leaves
  // that one exporting nothing (in 1.19.0).
  "dist/api.js",
);

/**
 * The client's page. Query: `template` (the widget URL from the room state), `theme` (the
 * client's theme), `wait` ("true": the widget's waitForIframeLoad, Element's default).
 */
const HOST_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Matrix client stand-in</title>
<script src="/matrix-widget-api.js"></script></head>
<body>
<script>
  const params = new URLSearchParams(location.search);
  const { ClientWidgetApi, Widget, WidgetDriver } = window.mxwidgets;
  const host = (window.__host = { events: [], requested: null, errors: [] });
  class Driver extends WidgetDriver {
    validateCapabilities(requested) {
      host.requested = [...requested];
      return Promise.resolve(new Set());
    }
  }
  const widget = new Widget({
    id: params.get("id"),
    creatorUserId: "@mod:example.org",
    type: "m.custom",
    name: "PTG",
    url: params.get("template"),
    data: {},
    waitForIframeLoad: params.get("wait") === "true",
  });
  const src = new URL(
    widget.getCompleteUrl({
      widgetRoomId: "!room:example.org",
      currentUserId: "@viewer:example.org",
      clientTheme: params.get("theme"),
      clientLanguage: "en",
    }),
  );
  // What Element adds to the URL of a widget it embeds (StopGapWidget.runUrlTemplate).
  src.searchParams.set("widgetId", widget.id);
  src.searchParams.set("parentUrl", location.href.split("#", 2)[0]);
  const iframe = document.createElement("iframe");
  iframe.id = "widget";
  iframe.width = "1100";
  iframe.height = "800";
  // Element's sandbox for room widgets.
  iframe.sandbox =
    "allow-forms allow-popups allow-popups-to-escape-sandbox allow-same-origin " +
    "allow-scripts allow-presentation allow-downloads";
  iframe.src = src.toString();
  document.body.append(iframe);
  const api = new ClientWidgetApi(widget, iframe, new Driver());
  for (const name of ["preparing", "ready", "capabilitiesNotified"]) {
    api.on(name, () => host.events.push(name));
  }
  api.on("error:preparing", (e) => host.errors.push(String(e)));
  window.__setTheme = (name) => api.updateTheme({ name });
</script>
</body>
</html>
`;

let hostServer: Server | null = null;
let hostOrigin = "";

beforeAll(async () => {
  const bundle = readFileSync(WIDGET_API_BUNDLE);
  hostServer = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path === "/element.html") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(HOST_PAGE);
    } else if (path === "/matrix-widget-api.js") {
      res.writeHead(200, { "content-type": "text/javascript; charset=utf-8" }).end(bundle);
    } else if (path === "/favicon.ico") {
      res.writeHead(204).end();
    } else {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  const server = hostServer;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  hostOrigin = `http://localhost:${(server.address() as AddressInfo).port}`;
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

interface HostLog {
  events: string[];
  requested: string[] | null;
  errors: string[];
}

const hostLog = (page: Page): Promise<HostLog> => page.evaluate<HostLog>("window.__host");
const theme = (frame: Frame): Promise<string | null> =>
  frame.locator("html").getAttribute("data-theme");

describe("inside a Matrix client", () => {
  it.each([
    { clientTheme: "light", wait: true, change: "dark" },
    { clientTheme: "dark", wait: false, change: "light-high-contrast" },
  ])(
    "completes the handshake (waitForIframeLoad: $wait), takes the $clientTheme theme and follows a change",
    async ({ clientTheme, wait, change }) => {
      const context = await suite.newContext();
      const { page, problems } = watch(await context.newPage());
      const query = new URLSearchParams({
        id: widgetId(SLUG),
        template: widgetUrl(suite.origin, SLUG),
        theme: clientTheme,
        wait: String(wait),
      });
      await page.goto(`${hostOrigin}/element.html?${query.toString()}`);
      const frame = page.frameLocator("#widget");
      await frame.locator(".page").waitFor();
      const widgetFrame = page.frames().find((f) => f.url().startsWith(`${suite.origin}/widget/`));
      if (widgetFrame === undefined) throw new Error("the widget's frame is missing");
      const params = new URL(widgetFrame.url()).searchParams;
      expect(params.get("event")).toBe(SLUG);
      expect(params.get("matrix_room_id")).toBe("!room:example.org");
      expect(params.get("widgetId")).toBe(widgetId(SLUG));

      // The theme from the URL, before any message.
      expect(await theme(widgetFrame)).toBe(clientTheme);

      // The client's side of the handshake: capabilities asked (none), granted, ready.
      await expect
        .poll(async () => (await hostLog(page)).events, { timeout: 5000 })
        .toEqual(["preparing", "ready", "capabilitiesNotified"]);
      const log = await hostLog(page);
      expect(log.requested).toEqual([]);
      expect(log.errors).toEqual([]);

      // Element tells the widget its theme changed.
      const reply = await page.evaluate<unknown>(`window.__setTheme(${JSON.stringify(change)})`);
      expect(reply).toEqual({});
      const expected = change.includes("dark") ? "dark" : "light";
      await expect.poll(() => theme(widgetFrame)).toBe(expected);

      // Live inside the frame too.
      await expect.poll(() => frame.locator(".live").textContent()).toBe("Live");
      await suite.command(`#swift now framed in a ${clientTheme} client`);
      await frame
        .locator("main")
        .getByText(`framed in a ${clientTheme} client`)
        .waitFor({ timeout: 5000 });

      expect(await cspViolations(widgetFrame.page())).toEqual([]);
      expect(await widgetFrame.evaluate<string[]>("window.__csp")).toEqual([]);
      expect(problems).toEqual([]);
      await context.close();
    },
  );

  it("does not load matrix-widget-api outside a Matrix client", async () => {
    const context = await suite.newContext();
    const page = await context.newPage();
    const scripts: string[] = [];
    page.on("request", (r) => {
      if (r.resourceType() === "script") scripts.push(r.url());
    });
    await page.goto(`${suite.origin}/widget/?event=${SLUG}&widgetId=${widgetId(SLUG)}`);
    await page.locator(".page").waitFor();
    // The app and its language's message catalog, nothing else.
    expect(scripts.map((url) => /\/assets\/([a-z]+)-/.exec(url)?.[1])).toEqual(["index", "en"]);
    await context.close();
  });
});
