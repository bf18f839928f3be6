// A PostgreSQL LISTEN on its own connection that survives the connection being lost: it
// reconnects with back-off and listens again. Notifications sent while it was down are lost,
// so `onReconnect` lets the caller catch up (e.g. re-read versions).
import pg from "pg";

/** The application_name of listener connections, to tell them apart in pg_stat_activity. */
export const LISTENER_APPLICATION = "ptg-listener";

export interface ListenerOptions {
  url: string;
  channel: string;
  onPayload: (payload: string) => void;
  onReconnect?: () => void;
  log?: (message: string) => void;
}

export async function listenPostgres(options: ListenerOptions): Promise<() => Promise<void>> {
  const { url, channel, onPayload } = options;
  const log =
    options.log ??
    ((m: string) => {
      console.error(m);
    });
  let client: pg.Client | null = null;
  let stopped = false;
  let retryTimer: NodeJS.Timeout | undefined;

  async function connect(): Promise<pg.Client> {
    const next = new pg.Client({ connectionString: url, application_name: LISTENER_APPLICATION });
    next.on("notification", (message) => {
      if (message.channel === channel) onPayload(message.payload ?? "");
    });
    next.on("error", (error) => {
      log(`PostgreSQL listener lost its connection: ${error.message}`);
      scheduleReconnect(next, 500);
    });
    next.on("end", () => {
      scheduleReconnect(next, 500);
    });
    await next.connect();
    await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    return next;
  }

  function scheduleReconnect(lost: pg.Client, delayMs: number): void {
    if (stopped || client !== lost || retryTimer !== undefined) return;
    client = null;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      connect().then(
        (fresh) => {
          if (stopped) {
            void fresh.end();
            return;
          }
          client = fresh;
          options.onReconnect?.();
        },
        (error: unknown) => {
          log(
            `PostgreSQL listener could not reconnect: ${error instanceof Error ? error.message : String(error)}`,
          );
          client = lost;
          scheduleReconnect(lost, Math.min(delayMs * 2, 10_000));
        },
      );
    }, delayMs);
  }

  client = await connect();
  return async () => {
    stopped = true;
    clearTimeout(retryTimer);
    const current = client;
    client = null;
    await current?.end().catch(() => undefined);
  };
}
