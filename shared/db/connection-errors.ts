// Tells a database that cannot be reached (down, restarting, failing over, connection cut)
// from a real error (bad SQL, a failed migration, wrong credentials): the first is waited out,
// the second is reported.

/** Node socket errors of a server that is not there or went away. */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EHOSTDOWN",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
]);

/**
 * SQLSTATEs of a server going away or not accepting connections yet: class 08 (connection
 * exception), 57P01-57P03 (admin/crash shutdown, cannot connect now), 53300 (too many
 * connections).
 */
const isUnavailableState = (code: string): boolean =>
  code.startsWith("08") || ["57P01", "57P02", "57P03", "53300"].includes(code);

export function isConnectionError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (NETWORK_CODES.has(code) || isUnavailableState(code))) {
      return true;
    }
    if (
      /Connection terminated|connection timeout|timeout expired|Client has encountered a connection error/i.test(
        e.message,
      )
    ) {
      return true;
    }
    if (e instanceof AggregateError && e.errors.some(isConnectionError)) return true;
    e = e.cause;
  }
  return false;
}

/**
 * A short reason that is safe to show to anyone (no host, no SQL): the error's code when it has
 * one (ECONNREFUSED, 57P03), else a word for what happened, else null.
 */
export function shortReason(error: unknown): string | null {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[A-Z0-9_]{3,20}$/.test(code)) return code;
    if (/timeout|timed out/i.test(e.message)) return "timed out";
    if (/Connection terminated/i.test(e.message)) return "connection lost";
    e = e.cause;
  }
  return null;
}

/** "The database is not reachable", with the short reason when there is one. */
export function unreachableMessage(error: unknown): string {
  const reason = shortReason(error);
  return reason === null
    ? "The database is not reachable"
    : `The database is not reachable (${reason})`;
}
