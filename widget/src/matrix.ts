// The Matrix widget handshake, when a Matrix client (Element) embeds the page. The widget asks for
// no capabilities: it completes the handshake, follows the client's theme, and once the client is
// ready asks it for an OpenID token (which needs no capability; the client asks the user) to sign
// in (session.ts). The library is loaded on demand so that the public page and signage never
// download it.
import type { IThemeChangeActionRequest } from "matrix-widget-api";
import { installMessageFilter } from "./message-filter.js";
import { parseTheme, type Params, type Theme } from "./params.js";
import { signIn } from "./session.js";

/** Whether the page is inside a frame (cross-origin parents make the comparison throw in old browsers). */
export function isFramed(): boolean {
  try {
    return window.parent !== window;
  } catch {
    return true;
  }
}

export async function startMatrixWidget(
  params: Params,
  onTheme: (theme: Theme | null) => void,
): Promise<void> {
  if (params.widgetId === null || !isFramed()) return;
  // A client that waits for the iframe's load event (Element's default) asks for capabilities
  // as soon as it fires, and the load event does not wait for the library loaded below: keep
  // what the client says meanwhile, and replay it once the library listens. (Registered before
  // the first await, so while main.tsx still runs, long before the load event.)
  // Only well-formed messages from our parent, on its origin, get past this filter (to the
  // hold below, then to the library): message-filter.ts.
  installMessageFilter({ widgetId: params.widgetId, parentOrigin: params.parentOrigin });
  const early: MessageEvent[] = [];
  const hold = (event: MessageEvent): void => {
    early.push(event);
  };
  window.addEventListener("message", hold);
  // Destructured in .then (or in `const { … } = await import()`): the bundler then keeps only
  // what is used. Holding the module object, even in a try/catch, keeps ~6 KB gzipped more.
  const WidgetApi = await import("matrix-widget-api")
    .then(({ WidgetApi }) => WidgetApi)
    .finally(() => {
      window.removeEventListener("message", hold);
    });
  const api = new WidgetApi(params.widgetId, params.parentOrigin);
  api.on("action:theme_change", (event: CustomEvent<IThemeChangeActionRequest>) => {
    event.preventDefault();
    const name = (event.detail.data as { name?: unknown } | null | undefined)?.name;
    const theme = parseTheme(typeof name === "string" ? name : null);
    if (theme !== null) onTheme(theme);
    api.transport.reply(event.detail, {});
  });
  // Only where actions could happen: a widget of an event room.
  if (params.matrixRoomId !== null) {
    api.once("ready", () => {
      void signIn({ slug: params.slug, roomId: params.matrixRoomId }, () =>
        api.requestOpenIDConnectToken(),
      );
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
