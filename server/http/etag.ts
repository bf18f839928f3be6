// ETags are derived from the event's version, which PostgreSQL bumps on every change, so every
// server process computes the same tag for the same content.

/** The ETag of a representation of an event at a version, e.g. `"DEN-ptg-42"`. */
export function versionEtag(slug: string, version: number, variant?: string): string {
  return variant === undefined ? `"${slug}-${version}"` : `"${slug}-${version}-${variant}"`;
}

/** True when an If-None-Match header lists one of the tags (weak comparison, as RFC 9110 asks). */
export function etagMatches(ifNoneMatch: string | undefined, ...etags: string[]): boolean {
  if (ifNoneMatch === undefined || ifNoneMatch === "") return false;
  for (const raw of ifNoneMatch.split(",")) {
    const tag = raw.trim();
    if (tag === "*") return true;
    const opaque = tag.startsWith("W/") ? tag.slice(2) : tag;
    if (etags.includes(opaque)) return true;
  }
  return false;
}

/** True when the client accepts a gzip-encoded body. */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (acceptEncoding === undefined) return false;
  for (const part of acceptEncoding.split(",")) {
    const [coding = "", ...params] = part.trim().toLowerCase().split(";");
    if (coding.trim() !== "gzip") continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    return q === undefined || Number(q.slice(2)) > 0;
  }
  return false;
}
