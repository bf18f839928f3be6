// Inside a Matrix client only, the widget API's handshake and, after it, sign-in and the actions
// come in chunks loaded on demand (matrix.ts, then signed-in.tsx), so that the public page and
// signage never download them. This part, in the first load, only notices the frame and holds
// what the client says before the chunk listens.
import type { Params, Theme } from "./params.js";

/** Whether the page is inside a frame (cross-origin parents make the comparison throw in old browsers). */
export function isFramed(): boolean {
  try {
    return window.parent !== window;
  } catch {
    return true;
  }
}

/**
 * Loads and starts the widget API (matrix.ts) when the page is a widget in a Matrix client. A
 * client that waits for the iframe's load event (Element's default) asks for capabilities as
 * soon as it fires, and the load event does not wait for a chunk loaded on demand: what arrives
 * meanwhile is held (from here, while main.tsx still runs, long before the load event) and handed
 * to matrix.ts, which replays it through its message filter once the library listens.
 */
export async function startInMatrixClient(
  params: Params,
  onTheme: (theme: Theme | null) => void,
): Promise<void> {
  if (params.widgetId === null || !isFramed()) return;
  const early: MessageEvent[] = [];
  const hold = (event: MessageEvent): void => {
    early.push(event);
  };
  window.addEventListener("message", hold);
  // Destructured in .then: the bundler keeps only what is used.
  const start = await import("./matrix.js")
    .then(({ startMatrixWidget }) => startMatrixWidget)
    .finally(() => {
      window.removeEventListener("message", hold);
    });
  // (Synchronously after the hold ends: no message falls between.)
  start(params, onTheme, early);
}
