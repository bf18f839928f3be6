// A filter in front of matrix-widget-api's postMessage transport. The library accepts a
// message from any window and any origin (its origin check, when on, compares with the
// widget's own origin), so a sibling frame or a parent on another origin could drive the
// widget, and a request with `data: null` reaches handlers that expect an object. This
// listener runs first (capture phase, registered before the library's) and stops every
// message that does not come from our parent, on its origin, in the widget API's shape.

export interface FilterOptions {
  widgetId: string;
  /** The client's origin, from the widget URL (parentUrl) or the referrer; "*" when unknown. */
  parentOrigin: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A widget API message (a request to the widget, or the answer to one of its requests). */
export function isWidgetApiMessage(data: unknown, widgetId: string): boolean {
  if (!isObject(data)) return false;
  const { api, requestId, action } = data;
  if (api !== "toWidget" && api !== "fromWidget") return false;
  if (data.widgetId !== widgetId) return false;
  if (typeof requestId !== "string" || requestId === "" || requestId.length > 200) return false;
  if (typeof action !== "string" || action === "" || action.length > 200) return false;
  if ("response" in data) return api === "fromWidget" && isObject(data.response);
  // A request to the widget: its data is an object (the library's handlers read fields of it).
  return api === "toWidget" && isObject(data.data);
}

/**
 * Installs the filter; returns the check it applies (for messages held before the library
 * started). When the parent's origin is unknown, the first accepted message pins it.
 */
export function installMessageFilter(
  options: FilterOptions,
  target: Window = window,
): (event: MessageEvent) => boolean {
  let origin = options.parentOrigin;
  const accepts = (event: MessageEvent): boolean => {
    if (event.source === null || event.source !== target.parent) return false;
    if (origin !== "*" && event.origin !== origin) return false;
    if (!isWidgetApiMessage(event.data, options.widgetId)) return false;
    origin = event.origin;
    return true;
  };
  target.addEventListener(
    "message",
    (event: MessageEvent) => {
      if (!accepts(event)) event.stopImmediatePropagation();
    },
    { capture: true },
  );
  return accepts;
}
