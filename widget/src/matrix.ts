// The Matrix widget handshake, when a Matrix client (Element) embeds the page. The widget asks for
// no capabilities: it only completes the handshake and follows the client's theme. The library is
// loaded on demand so that the public page and signage never download it.
import type { IThemeChangeActionRequest } from "matrix-widget-api";
import { parseTheme, type Params, type Theme } from "./params.js";

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
  const { WidgetApi } = await import("matrix-widget-api");
  const api = new WidgetApi(params.widgetId, params.parentOrigin);
  api.on("action:theme_change", (event: CustomEvent<IThemeChangeActionRequest>) => {
    event.preventDefault();
    const name = event.detail.data.name;
    const theme = parseTheme(typeof name === "string" ? name : null);
    if (theme !== null) onTheme(theme);
    api.transport.reply(event.detail, {});
  });
  api.start();
  // Needed when the client waits for it (waitForIframeLoad: false); refused harmlessly otherwise.
  api.sendContentLoaded().catch(() => undefined);
}
