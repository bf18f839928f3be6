// Sends a document derived from a snapshot (ptg.json, calendars) with its ETag, or 304.
import type { FastifyReply, FastifyRequest } from "fastify";
import { allowAnyOrigin } from "../http/cors.js";
import { etagMatches } from "../http/etag.js";
import type { Derived } from "../live/snapshot.js";

export function sendDerived(
  request: FastifyRequest,
  reply: FastifyReply,
  doc: Derived,
  contentType: string,
): FastifyReply {
  allowAnyOrigin(reply);
  void reply.header("etag", doc.etag).header("cache-control", "no-cache");
  if (etagMatches(request.headers["if-none-match"], doc.etag)) return reply.code(304).send();
  return reply.type(contentType).send(doc.body);
}
