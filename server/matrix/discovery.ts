// Finds the homeserver of a Matrix server name the way federation does: IP literals and names
// with an explicit port are used as they are; otherwise `https://NAME/.well-known/matrix/server`
// may delegate to another host (and port); otherwise port 8448. (SRV records are not looked up:
// modern deployments use .well-known.) Names the operator mapped (PTG_MATRIX_SERVERS) are taken
// from the map, private addresses included; every discovered host goes through the given fetch,
// which refuses private addresses.
import { anyHostFetch, publicOnlyFetch, readSmallJson, type MatrixFetch } from "./fetch.js";
import { hostPort, parseServerName } from "../../shared/matrix/server-name.js";

export const DEFAULT_FEDERATION_PORT = 8448;
const MAX_REDIRECTS = 3;
const MAX_WELL_KNOWN_BYTES = 16 * 1024;
/** Server names remembered at most (the oldest are forgotten first). */
const MAX_CACHED = 1000;

export interface Homeserver {
  /** The server name, lower-cased. */
  serverName: string;
  /** Where its federation API answers, e.g. `https://matrix.example.org:8448`. */
  baseUrl: URL;
  /** How to reach it: the operator's own mappings may be private, discovered hosts may not. */
  fetch: MatrixFetch;
}

export class DiscoveryError extends Error {
  override name = "DiscoveryError";
}

export interface DiscoveryOptions {
  /** Server name → base URL, from PTG_MATRIX_SERVERS. */
  servers?: ReadonlyMap<string, string>;
  /** For discovered hosts; default: refuses private addresses (as ~fetchdb does), then fetches. */
  fetch?: MatrixFetch;
  /** Time limit of the .well-known request (default 5 s). */
  timeoutMs?: number;
  /** How long a discovered delegation is remembered (default 1 hour). */
  cacheMs?: number;
  now?: () => number;
}

export class HomeserverDiscovery {
  private readonly cache = new Map<string, { homeserver: Homeserver; until: number }>();
  private readonly fetch: MatrixFetch;
  private readonly now: () => number;

  constructor(private readonly options: DiscoveryOptions = {}) {
    this.fetch = options.fetch ?? publicOnlyFetch;
    this.now = options.now ?? Date.now;
  }

  /** The homeserver of `serverName`; throws DiscoveryError for a name that is no server name. */
  async find(serverName: string): Promise<Homeserver> {
    const parsed = parseServerName(serverName);
    if (parsed === null) {
      throw new DiscoveryError(`'${serverName.slice(0, 80)}' is not a Matrix server name`);
    }
    const { name } = parsed;
    const configured = this.options.servers?.get(name);
    if (configured !== undefined) {
      return { serverName: name, baseUrl: new URL(configured), fetch: anyHostFetch };
    }
    const at = (host: string, port: number | null): Homeserver => ({
      serverName: name,
      baseUrl: new URL(`https://${hostPort(host, port ?? DEFAULT_FEDERATION_PORT)}`),
      fetch: this.fetch,
    });
    if (parsed.ipLiteral || parsed.port !== null) return at(parsed.host, parsed.port);

    const cached = this.cache.get(name);
    if (cached !== undefined && cached.until > this.now()) return cached.homeserver;
    const delegated = await this.wellKnown(parsed.host);
    const homeserver =
      delegated === null ? at(parsed.host, null) : at(delegated.host, delegated.port);
    this.cache.delete(name);
    if (this.cache.size >= MAX_CACHED) {
      const oldest = this.cache.keys().next();
      if (oldest.done !== true) this.cache.delete(oldest.value);
    }
    this.cache.set(name, { homeserver, until: this.now() + (this.options.cacheMs ?? 3_600_000) });
    return homeserver;
  }

  /** `m.server` of the host's .well-known, or null when there is no usable one. */
  private async wellKnown(host: string): Promise<{ host: string; port: number | null } | null> {
    const signal = AbortSignal.timeout(this.options.timeoutMs ?? 5_000);
    let url = new URL(`https://${host}/.well-known/matrix/server`);
    try {
      for (let redirects = 0; ; redirects++) {
        const response = await this.fetch(url, {
          redirect: "manual",
          signal,
          headers: { accept: "application/json" },
        });
        const location = response.headers.get("location");
        if (response.status >= 300 && response.status < 400 && location !== null) {
          await response.body?.cancel().catch(() => undefined);
          if (redirects >= MAX_REDIRECTS) return null;
          url = new URL(location, url);
          if (url.protocol !== "https:") return null;
          continue;
        }
        if (response.status !== 200) {
          await response.body?.cancel().catch(() => undefined);
          return null;
        }
        const body = await readSmallJson(response, MAX_WELL_KNOWN_BYTES);
        const server =
          typeof body === "object" && body !== null
            ? (body as Record<string, unknown>)["m.server"]
            : undefined;
        const target = typeof server === "string" ? parseServerName(server) : null;
        return target === null ? null : { host: target.host, port: target.port };
      }
    } catch {
      // No .well-known (unreachable, refused, not JSON): the name itself, on the default port.
      return null;
    }
  }
}
