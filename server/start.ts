// Starts the HTTP server on the configured address (used by `ptg start`).
import type { FastifyInstance } from "fastify";
import type { Config } from "../shared/config.js";
import type { Store } from "../shared/db/open.js";
import { buildServer } from "./app.js";
import type { BuildServerOptions } from "./http/options.js";

export interface RunningServer {
  app: FastifyInstance;
  /** Where it listens, e.g. `http://127.0.0.1:8080` (the real port when config.port is 0). */
  url: string;
  /** Ends live streams and stops listening. The store stays open: its owner closes it. */
  close(): Promise<void>;
}

export async function startServer(
  store: Store,
  config: Pick<Config, "host" | "port" | "publicUrl"> &
    Partial<
      Pick<Config, "logLevel" | "matrixServers" | "publishSubscriptions" | "powerMaxAgeSeconds">
    >,
  options: Omit<BuildServerOptions, "store" | "config"> = {},
): Promise<RunningServer> {
  const app = await buildServer({ logger: true, ...options, store, config });
  try {
    const url = await app.listen({ host: config.host, port: config.port });
    return { app, url, close: () => app.close() };
  } catch (error) {
    await app.close();
    throw error;
  }
}
