// The Matrix widget handshake, when a Matrix client (Element) embeds the page: a chunk loaded on
// demand (framed.ts), with the parts of matrix-widget-api it uses. The widget asks for no
// capabilities: it completes the handshake, follows the client's theme, and once the client is
// ready loads the sign-in and action chunk (signed-in.tsx) and asks the client for an OpenID
// token (which needs no capability; the client asks the user) to sign in (session.ts).
import { WidgetApi, type IThemeChangeActionRequest } from "matrix-widget-api";
import { installMessageFilter } from "./message-filter.js";
import { parseTheme, type Params, type Theme } from "./params.js";

/**
 * Starts the widget API; `early` holds what the client said before this chunk was loaded
 * (framed.ts), replayed once the library listens.
 */
export function startMatrixWidget(
  params: Params,
  onTheme: (theme: Theme | null) => void,
  early: readonly MessageEvent[],
): void {
  if (params.widgetId === null) return;
  // Only well-formed messages from our parent, on its origin, get past this filter (to the
  // library), the replayed ones included: message-filter.ts.
  installMessageFilter({ widgetId: params.widgetId, parentOrigin: params.parentOrigin });
  const api = new WidgetApi(params.widgetId, params.parentOrigin);
  api.on("action:theme_change", (event: CustomEvent<IThemeChangeActionRequest>) => {
    event.preventDefault();
    const name = (event.detail.data as { name?: unknown } | null | undefined)?.name;
    const theme = parseTheme(typeof name === "string" ? name : null);
    if (theme !== null) onTheme(theme);
    api.transport.reply(event.detail, {});
  });
  // Only where actions could happen: a widget of an event room.
  const roomId = params.matrixRoomId;
  if (roomId !== null) {
    api.once("ready", () => {
      import("./signed-in.js")
        .then(({ startSignedIn }) =>
          startSignedIn({ slug: params.slug, roomId }, () => api.requestOpenIDConnectToken()),
        )
        .catch((e: unknown) => {
          console.warn("Could not load the sign-in", e);
        });
    });
  }
  api.start();
  document.documentElement.dataset.widgetApi = "started";
  for (const event of early) {
    window.dispatchEvent(
      new MessageEvent("message", {
        data: event.data as unknown,
        origin: event.origin,
        source: event.source,
      }),
    );
  }
  // Needed when the client waits for it (waitForIframeLoad: false); refused harmlessly otherwise.
  api.sendContentLoaded().catch(() => undefined);
}
