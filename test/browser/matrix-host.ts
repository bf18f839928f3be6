// A Matrix client stand-in that can vouch for its user: like the one in widget-matrix.test.ts, it
// frames the widget at the URL the bot installs and drives it with matrix-widget-api's client
// side (ClientWidgetApi, from the package's own browser bundle), and it also answers the widget's
// OpenID request, as Element does after asking the user: with a real token that the test's
// `openIdToken` gets from the test homeserver, or, with `openid=decline`, with a refusal.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const WIDGET_API_BUNDLE = join(
  dirname(createRequire(import.meta.url).resolve("matrix-widget-api/package.json")),
  "dist/api.js",
);

/**
 * Query: `template` (the widget URL), `id` (widget id), `room` (the room id the widget is in),
 * `user` (the viewer's user id), `openid` ("allow" or "decline"), and optionally `width` and
 * `height`: the frame's size in px, as Element's panels give it (default: the whole page), and
 * `language`: the client's language (default: en).
 */
const HOST_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Matrix client stand-in</title>
<script src="/matrix-widget-api.js"></script></head>
<body>
<script>
  const params = new URLSearchParams(location.search);
  const { ClientWidgetApi, Widget, WidgetDriver, OpenIDRequestState } = window.mxwidgets;
  const host = (window.__host = { requested: null, openid: [], errors: [] });
  class Driver extends WidgetDriver {
    validateCapabilities(requested) {
      host.requested = [...requested];
      return Promise.resolve(new Set());
    }
    askOpenID(observer) {
      if (params.get("openid") === "decline") {
        host.openid.push("declined");
        observer.update({ state: OpenIDRequestState.Blocked });
        return;
      }
      fetch("/openid-token", { method: "POST" })
        .then((r) => r.json())
        .then((token) => {
          host.openid.push("allowed");
          observer.update({ state: OpenIDRequestState.Allowed, token });
        })
        .catch((e) => host.errors.push(String(e)));
    }
  }
  const widget = new Widget({
    id: params.get("id"),
    creatorUserId: "@mod:example.org",
    type: "m.custom",
    name: "PTG",
    url: params.get("template"),
    data: {},
    waitForIframeLoad: true,
  });
  const src = new URL(
    widget.getCompleteUrl({
      widgetRoomId: params.get("room"),
      currentUserId: params.get("user"),
      clientTheme: "light",
      clientLanguage: params.get("language") ?? "en",
    }),
  );
  src.searchParams.set("widgetId", widget.id);
  src.searchParams.set("parentUrl", location.href.split("#", 2)[0]);
  const iframe = document.createElement("iframe");
  iframe.id = "widget";
  iframe.style.width = params.has("width") ? params.get("width") + "px" : "100%";
  iframe.style.height = params.has("height") ? params.get("height") + "px" : "95vh";
  iframe.style.border = "0";
  iframe.sandbox =
    "allow-forms allow-popups allow-popups-to-escape-sandbox allow-same-origin " +
    "allow-scripts allow-presentation allow-downloads";
  iframe.src = src.toString();
  document.body.style.margin = "0";
  document.body.append(iframe);
  const api = new ClientWidgetApi(widget, iframe, new Driver());
  api.on("error:preparing", (e) => host.errors.push(String(e)));
</script>
</body>
</html>
`;

export interface MatrixHost {
  /** e.g. `http://localhost:40123` (another site than the widget's 127.0.0.1). */
  origin: string;
  close(): Promise<void>;
}

/** Serves the stand-in; `openIdToken` is asked for a fresh token each time the widget asks. */
export async function startMatrixHost(openIdToken: () => Promise<unknown>): Promise<MatrixHost> {
  const bundle = readFileSync(WIDGET_API_BUNDLE);
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path === "/element.html") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(HOST_PAGE);
    } else if (path === "/matrix-widget-api.js") {
      res.writeHead(200, { "content-type": "text/javascript; charset=utf-8" }).end(bundle);
    } else if (path === "/favicon.ico") {
      res.writeHead(204).end();
    } else if (path === "/openid-token" && req.method === "POST") {
      openIdToken().then(
        (token) => {
          res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(token));
        },
        (error: unknown) => {
          res.writeHead(500, { "content-type": "text/plain" }).end(String(error));
        },
      );
    } else {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://localhost:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
