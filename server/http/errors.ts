// One error shape for every failure: `{ error: { code, message } }` with the right status and
// the security headers, or an HTML page for a browser (error-page.ts).
// Internals (stack traces, SQL, file paths) never reach the client: a 5xx says only that
// something failed, and the details go to the log.
import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import Negotiator from "negotiator";
import type { ErrorBody } from "../../shared/api/error.js";
import type { AllowedMethods } from "./allowed-methods.js";
import { errorPage } from "./error-page.js";
import { PAGE_HEADERS } from "./security-headers.js";
import { validationMessage } from "./validation-message.js";

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

/** An HttpError its route has already logged (in one line): the error handler logs it no more. */
export class LoggedHttpError extends HttpError {}

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
    const message =
      validationMessage(error.validation, error.validationContext) ??
      (typeof error.message === "string" ? error.message : "Invalid request");
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

/** Does the client prefer an HTML page (a browser) to JSON (an API client, or no preference)? */
export function prefersHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept;
  if (accept === undefined || accept === "") return false;
  const negotiator = new Negotiator({ headers: { accept } });
  return negotiator.mediaType(["application/json", "text/html"]) === "text/html";
}

export interface ErrorHandlerOptions {
  /** The headers every response carries (security-headers.ts). */
  baseHeaders: Record<string, string>;
  /** Methods each path answers, for 405 (allowed-methods.ts); none known: 404 only. */
  allowedMethods?: AllowedMethods;
  /** Told of each request that matched no route (404), for the metrics. */
  onNotFound?: (method: string) => void;
}

/**
 * Sends an error: `{ error: { code, message } }` as JSON, or an HTML page to a browser, always
 * with the security headers (also on errors raised before the request hooks ran).
 */
export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  baseHeaders: Record<string, string>,
  status: number,
  body: ErrorBody,
): FastifyReply {
  void reply.headers(baseHeaders).code(status);
  if (prefersHtml(request)) {
    const page = errorPage(status, body.error.code, body.error.message);
    return reply
      .headers(PAGE_HEADERS)
      .header("cache-control", "no-store")
      .type("text/html; charset=utf-8")
      .send(page);
  }
  return reply.type("application/json; charset=utf-8").send(body);
}

const shownPath = (url: string): string => {
  const path = url.split("?")[0] ?? "";
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
};

/**
 * Installs the error and not-found handlers on the root instance (inherited by plugins): one
 * shape for every error, 405 with Allow for a known path asked with another method.
 */
export function installErrorHandlers(app: FastifyInstance, options: ErrorHandlerOptions): void {
  const { baseHeaders } = options;
  app.setErrorHandler((error: unknown, request, reply) => {
    const { status, body } = toErrorResponse(error);
    if (status >= 500 && !(error instanceof LoggedHttpError)) {
      request.log.error({ err: error }, "request failed");
    }
    if (error instanceof HttpError) void reply.headers(error.headers);
    return sendError(request, reply, baseHeaders, status, body);
  });
  app.setNotFoundHandler((request, reply) => {
    const allowed = options.allowedMethods?.(request.url) ?? [];
    // A route of this method that found nothing (a missing static file) stays a 404.
    if (allowed.length > 0 && !allowed.includes(request.method)) {
      void reply.header("allow", allowed.join(", "));
      const message = `${shownPath(request.url)} does not answer ${request.method.slice(0, 20)}; it answers ${allowed.join(", ")}`;
      return sendError(request, reply, baseHeaders, 405, errorBody("method_not_allowed", message));
    }
    options.onNotFound?.(request.method);
    const message = `Nothing at ${request.method.slice(0, 20)} ${shownPath(request.url)}`;
    return sendError(request, reply, baseHeaders, 404, errorBody("not_found", message));
  });
}

/**
 * Fastify's `frameworkErrors`: the errors its router raises before any hook runs (a path
 * segment over maxParamLength: 414; a path that is not valid percent-encoding: 400). The
 * messages do not echo the path.
 */
export function frameworkErrorHandler(baseHeaders: Record<string, string>) {
  return (error: unknown, request: FastifyRequest, reply: FastifyReply): void => {
    const code = isRecord(error) && typeof error.code === "string" ? error.code : "";
    if (code === "FST_ERR_MAX_PARAM_LENGTH") {
      sendError(
        request,
        reply,
        baseHeaders,
        414,
        errorBody("uri_too_long", "A part of this address is too long (at most 100 characters)"),
      );
    } else if (code === "FST_ERR_BAD_URL") {
      sendError(
        request,
        reply,
        baseHeaders,
        400,
        errorBody("bad_request", "This address is not valid (bad percent-encoding)"),
      );
    } else {
      const { status, body } = toErrorResponse(error);
      sendError(request, reply, baseHeaders, status, body);
    }
  };
}

/** The reasons Node's HTTP parser gives up on a request, as a status. */
function clientErrorStatus(code: string): number {
  if (code === "HPE_HEADER_OVERFLOW") return 431;
  if (code === "ERR_HTTP_REQUEST_TIMEOUT") return 408;
  if (code === "HPE_URI_TOO_LONG") return 414;
  return 400;
}

const CLIENT_ERROR_MESSAGES: Record<number, string> = {
  400: "The request could not be read",
  408: "The request took too long to arrive",
  414: "The address is too long",
  431: "The request's headers are too large",
};

/**
 * Fastify's `clientErrorHandler`: a request Node could not parse (headers too large: 431, a
 * timeout: 408, anything else: 400). No request exists yet, so the answer is written on the
 * socket, in the same JSON shape and with the security headers, and the connection closed.
 */
export function clientErrorHandler(baseHeaders: Record<string, string>) {
  return (error: Error & { code?: string }, socket: Duplex): void => {
    if (error.code === "ECONNRESET" || socket.destroyed) return;
    const status = clientErrorStatus(error.code ?? "");
    if (socket.writable) {
      const body = JSON.stringify(
        errorBody(CODES[status] ?? "bad_request", CLIENT_ERROR_MESSAGES[status] ?? "Bad request"),
      );
      const headers = {
        ...baseHeaders,
        "content-type": "application/json; charset=utf-8",
        "content-length": String(Buffer.byteLength(body)),
        connection: "close",
      };
      const head = Object.entries(headers)
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join("");
      socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Error"}\r\n${head}\r\n${body}`);
    }
    socket.destroy();
  };
}
