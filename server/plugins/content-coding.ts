// Content codings of bodies kept in memory: which one a request accepts (brotli first, then
// gzip), and the compressed forms of a buffer, computed once and kept as long as the buffer is.
import { Negotiator } from "@fastify/accept-negotiator";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

export type Coding = "br" | "gzip";

/** The Content-Encoding values, in the server's order of preference. */
export const CODINGS: readonly Coding[] = ["br", "gzip"];

/** Browsers send a handful of distinct headers: remember the answers, but at most this many. */
const CACHED_HEADERS = 64;

class BoundedMap extends Map<string, string> {
  override set(key: string, value: string): this {
    if (this.size >= CACHED_HEADERS) this.clear();
    return super.set(key, value);
  }
}

const negotiator = new Negotiator<Coding>({
  supportedValues: [...CODINGS],
  cache: new BoundedMap(),
});

/** The best coding the Accept-Encoding header allows, or null for the identity. */
export function preferredCoding(acceptEncoding: string | string[] | undefined): Coding | null {
  const header = Array.isArray(acceptEncoding) ? acceptEncoding.join(",") : acceptEncoding;
  if (header === undefined || header === "") return null;
  return negotiator.negotiate(header.toLowerCase());
}

/** Brotli at quality 5: about 20% smaller than gzip and as fast, for bodies made at run time. */
export function brotli(body: Buffer): Buffer {
  return brotliCompressSync(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 5,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
}

export function encode(body: Buffer, coding: Coding): Buffer {
  return coding === "br" ? brotli(body) : gzipSync(body);
}

const cache = new WeakMap<Buffer, Partial<Record<Coding, Buffer>>>();

/** `body` in `coding`, computed on first use and kept while `body` is alive. */
export function encoded(body: Buffer, coding: Coding): Buffer {
  let forms = cache.get(body);
  if (forms === undefined) {
    forms = {};
    cache.set(body, forms);
  }
  return (forms[coding] ??= encode(body, coding));
}
