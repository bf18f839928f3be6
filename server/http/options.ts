// What buildServer needs, and the defaults of its tunables.
import type { Store } from "../../shared/db/open.js";
import type { Config } from "../../shared/config.js";
import type { MatrixFetch } from "../matrix/fetch.js";
import { projectFile } from "../../shared/project-files.js";

export interface ServerLimits {
  /** Open live streams allowed per client address; more get 429. */
  streamsPerClient: number;
  /** Length of the rate-limit window, in ms. */
  rateWindowMs: number;
  /** Stream connections per client address per window (0: unlimited). */
  streamConnectsPerWindow: number;
  /** A stream whose unsent data grows past this many bytes is dropped (its client resumes). */
  maxStreamBufferBytes: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  // Generous: a whole venue may share one address behind NAT.
  streamsPerClient: 500,
  rateWindowMs: 60_000,
  streamConnectsPerWindow: 1_000,
  maxStreamBufferBytes: 1024 * 1024,
};

export interface BuildServerOptions {
  store: Store;
  config: Pick<Config, "publicUrl"> &
    Partial<
      Pick<
        Config,
        | "logLevel"
        | "matrixServers"
        | "publishSubscriptions"
        | "bridgedUsers"
        | "powerMaxAgeSeconds"
      >
    >;
  /** The built widget (default: widget/dist of this checkout). */
  widgetDir?: string;
  /** Log requests and errors (at config.logLevel). Default: off. */
  logger?: boolean;
  /** Interval of stream heartbeats, in ms. Default: 15 s. */
  heartbeatMs?: number;
  /** Change messages kept per event for resuming streams. Default: 500. */
  historySize?: number;
  /** How often cached versions are checked against the database, in ms (0: never). Default: 30 s. */
  verifyIntervalMs?: number;
  limits?: Partial<ServerLimits>;
  /** Fastify's trustProxy: set it when behind a reverse proxy, so client addresses are right. */
  trustProxy?: boolean | string;
  /** Widget sign-in: homeserver mappings, the clock, session lifetime, limits (tests set them). */
  widgetAuth?: WidgetAuthOptions;
}

export const DEFAULT_WIDGET_DIR = projectFile("widget/dist");
export const DEFAULT_HEARTBEAT_MS = 15_000;

/** How the widget API signs people in and limits them (routes/widget-api.ts). */
export interface WidgetAuthOptions {
  /** Server name → homeserver base URL (PTG_MATRIX_SERVERS): no discovery, private allowed. */
  matrixServers?: ReadonlyMap<string, string>;
  /** How discovered homeservers are fetched (default: public addresses only). */
  matrixFetch?: MatrixFetch;
  /** The clock sessions are made and checked by (tests set it). */
  now?: () => Date;
  sessionTtlMs?: number;
  /** Length of the rate-limit windows, in ms (default 60 s). */
  rateWindowMs?: number;
  /** Sign-ins per client address per window (default 60; 0: unlimited). */
  signInsPerWindow?: number;
  /** Requests per signed-in user per window (default 300; 0: unlimited). */
  requestsPerUserPerWindow?: number;
  /** Time limit of a homeserver's userinfo answer, body included, in ms (default 10 s). */
  homeserverTimeoutMs?: number;
}
