// A PostgreSQL LISTEN on its own connection that survives the connection being lost, and the
// server being down when it starts: it (re)connects with a short, capped back-off and listens
// again. Notifications sent while it was down are lost, so `onReconnect` lets the caller catch
// up (e.g. re-read versions) as soon as it listens again.
import pg from "pg";

/** The application_name of listener connections, to tell them apart in pg_stat_activity. */
export const LISTENER_APPLICATION = "ptg-listener";

/** First retry delay; doubled after each failed attempt up to MAX_RETRY_MS. */
const FIRST_RETRY_MS = 250;
/** Short, so that live pages catch up within about a second of the database being back. */
const MAX_RETRY_MS = 1_000;

export interface ListenerOptions {
  url: string;
  channel: string;
  onPayload: (payload: string) => void;
  /** Called each time the listener listens again after its connection was lost. */
  onReconnect?: () => void;
  log?: (message: string) => void;
  /** Cap of the reconnect back-off (default 1 s). */
  maxRetryMs?: number;
}

const message = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/**
 * Starts listening. Resolves once the first LISTEN is in place, or at once (listening in the
 * background as soon as it can) when the server cannot be reached.
 */
export async function listenPostgres(options: ListenerOptions): Promise<() => Promise<void>> {
  const { url, channel, onPayload } = options;
  const maxRetryMs = options.maxRetryMs ?? MAX_RETRY_MS;
  const log =
    options.log ??
    ((m: string) => {
      console.error(m);
    });
  let client: pg.Client | null = null;
  let stopped = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let delayMs = FIRST_RETRY_MS;
  /** Whether a connection was lost (or never made), so that the next LISTEN must catch up. */
  let missed = false;
  let failures = 0;

  async function connect(): Promise<pg.Client> {
    const next = new pg.Client({
      connectionString: url,
      application_name: LISTENER_APPLICATION,
      connectionTimeoutMillis: 5_000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    const lost = (why: string): void => {
      if (stopped || client !== next) return;
      log(`PostgreSQL listener lost its connection (${why}); listening again shortly`);
      client = null;
      missed = true;
      delayMs = FIRST_RETRY_MS;
      schedule();
      void next.end().catch(() => undefined);
    };
    next.on("notification", (note) => {
      if (note.channel === channel) onPayload(note.payload ?? "");
    });
    next.on("error", (error) => {
      lost(error.message);
    });
    next.on("end", () => {
      lost("connection closed");
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    } catch (error) {
      await next.end().catch(() => undefined);
      throw error;
    }
    return next;
  }

  async function attempt(): Promise<void> {
    try {
      const fresh = await connect();
      if (stopped) {
        await fresh.end().catch(() => undefined);
        return;
      }
      client = fresh;
      delayMs = FIRST_RETRY_MS;
      if (failures > 0) log(`PostgreSQL listener is listening again on ${channel}`);
      failures = 0;
      if (missed) {
        missed = false;
        options.onReconnect?.();
      }
    } catch (error) {
      if (stopped) return;
      failures++;
      // Say it once, then every ~30 attempts, rather than every second of an outage.
      if (failures === 1 || failures % 30 === 0) {
        log(
          `PostgreSQL listener is waiting for the database (${message(error)}); retrying every ${maxRetryMs} ms at most`,
        );
      }
      missed = true;
      delayMs = Math.min(delayMs * 2, maxRetryMs);
      schedule();
    }
  }

  function schedule(): void {
    if (stopped || retryTimer !== undefined) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void attempt();
    }, delayMs);
  }

  await attempt();
  return async () => {
    stopped = true;
    clearTimeout(retryTimer);
    const current = client;
    client = null;
    await current?.end().catch(() => undefined);
  };
}
