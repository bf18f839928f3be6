// An onSend hook that compresses the documents routes keep in memory and send as Buffers
// (ptg.json, calendars). The encoded form is computed once per buffer (content-coding.ts),
// so that a cached read stays a cached read. Streams, 304s and small bodies pass through.
import type { FastifyReply, FastifyRequest } from "fastify";
import { encoded, preferredCoding } from "./content-coding.js";

/** Below this, compression saves less than it costs. */
const MIN_BYTES = 1024;
const COMPRESSIBLE = /^(application\/(json|xml)|text\/)/i;

function addVary(reply: FastifyReply): void {
  const vary = reply.getHeader("vary");
  const current = Array.isArray(vary) ? vary.join(", ") : String(vary ?? "");
  if (!/\baccept-encoding\b/i.test(current)) {
    void reply.header("vary", current === "" ? "Accept-Encoding" : `${current}, Accept-Encoding`);
  }
}

export function compressCachedBody(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  done: (error: Error | null, payload: unknown) => void,
): void {
  if (
    !Buffer.isBuffer(payload) ||
    payload.length < MIN_BYTES ||
    reply.statusCode !== 200 ||
    reply.hasHeader("content-encoding") ||
    !COMPRESSIBLE.test(String(reply.getHeader("content-type") ?? ""))
  ) {
    done(null, payload);
    return;
  }
  addVary(reply);
  const coding = preferredCoding(request.headers["accept-encoding"]);
  if (coding === null) {
    done(null, payload);
    return;
  }
  // The encoded form is the same document: its validator becomes weak (as nginx does), so
  // that If-None-Match with it still gets a 304.
  const etag = reply.getHeader("etag");
  if (typeof etag === "string" && !etag.startsWith("W/")) void reply.header("etag", `W/${etag}`);
  void reply.header("content-encoding", coding);
  done(null, encoded(payload, coding));
}
