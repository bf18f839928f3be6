// One error shape for every failure: `{ error: { code, message } }` with the right status.
// Internals (stack traces, SQL, file paths) never reach the client: a 5xx says only that
// something failed, and the details go to the log.
import type { FastifyInstance } from "fastify";

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    /** Extra response headers, e.g. Retry-After. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export interface ErrorBody {
  error: { code: string; message: string };
}

export const errorBody = (code: string, message: string): ErrorBody => ({
  error: { code, message },
});

const CODES: Record<number, string> = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  406: "not_acceptable",
  408: "request_timeout",
  413: "payload_too_large",
  414: "uri_too_long",
  415: "unsupported_media_type",
  429: "rate_limited",
  431: "headers_too_large",
  500: "internal",
  503: "unavailable",
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null;

function statusOf(error: unknown): number {
  if (!isRecord(error)) return 500;
  const status = error.statusCode ?? error.status;
  return typeof status === "number" && status >= 400 && status <= 599 ? status : 500;
}

/** Maps anything thrown to a status and a body that is safe to send. */
export function toErrorResponse(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof HttpError) {
    return { status: error.statusCode, body: errorBody(error.code, error.message) };
  }
  const status = statusOf(error);
  if (isRecord(error) && error.validation !== undefined) {
    const message = typeof error.message === "string" ? error.message : "Invalid request";
    return { status: 400, body: errorBody("bad_request", message) };
  }
  if (status >= 500) {
    const message =
      status === 503
        ? "The service is unavailable for a moment; please try again"
        : "The server could not handle this request";
    return { status, body: errorBody(CODES[status] ?? "internal", message) };
  }
  const message =
    isRecord(error) && typeof error.message === "string" && error.message !== ""
      ? error.message
      : "Request failed";
  return { status, body: errorBody(CODES[status] ?? "error", message) };
}

/** Installs the JSON error and not-found handlers on the root instance (inherited by plugins). */
export function installErrorHandlers(
  app: FastifyInstance,
  onNotFound: (method: string) => void = () => undefined,
): void {
  app.setErrorHandler((error: unknown, request, reply) => {
    const { status, body } = toErrorResponse(error);
    if (status >= 500) request.log.error({ err: error }, "request failed");
    if (error instanceof HttpError) void reply.headers(error.headers);
    return reply.code(status).type("application/json; charset=utf-8").send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    onNotFound(request.method);
    const path = request.url.split("?")[0] ?? "";
    const shown = path.length > 200 ? `${path.slice(0, 200)}…` : path;
    return reply
      .code(404)
      .type("application/json; charset=utf-8")
      .send(errorBody("not_found", `Nothing at ${request.method} ${shown}`));
  });
}
