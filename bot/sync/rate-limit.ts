// Rate limits: matrix-bot-sdk 0.7.1's MatrixClient does not retry a 429 itself (its MatrixError
// only carries `retryAfterMs`), so every request the bot makes goes through this: a 429 /
// M_LIMIT_EXCEEDED is retried after the time the homeserver asks for (`retry_after_ms` in the
// body, or a `Retry-After` header), a few times, then given up.
import { setTimeout as sleep } from "node:timers/promises";
import { isObject } from "../matrix/matrix-events.js";

export const MAX_RATE_LIMIT_RETRIES = 5;
/** The longest wait the bot accepts from a homeserver before retrying. */
const MAX_WAIT_MS = 5 * 60_000;

/** How long a rate-limited request asks to wait, or null when the error is not a rate limit. */
export function rateLimitWaitMs(error: unknown, attempt: number): number | null {
  if (!isObject(error)) return null;
  const status = error.statusCode;
  const body = isObject(error.body) ? error.body : {};
  const limited =
    status === 429 || error.errcode === "M_LIMIT_EXCEEDED" || body.errcode === "M_LIMIT_EXCEEDED";
  if (!limited) return null;
  const fromBody = error.retryAfterMs ?? body.retry_after_ms;
  if (typeof fromBody === "number" && fromBody >= 0) return Math.min(fromBody, MAX_WAIT_MS);
  const headers = isObject(error.headers) ? error.headers : {};
  const header = headers["retry-after"];
  if (typeof header === "string" && /^\d+$/.test(header.trim())) {
    return Math.min(Number(header.trim()) * 1000, MAX_WAIT_MS);
  }
  return Math.min(500 * 2 ** attempt, MAX_WAIT_MS);
}

export async function retryRateLimited<T>(
  request: () => Promise<T>,
  onWait: (waitMs: number, attempt: number) => void = () => undefined,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await request();
    } catch (error) {
      const waitMs = rateLimitWaitMs(error, attempt);
      if (waitMs === null || attempt >= MAX_RATE_LIMIT_RETRIES) throw error;
      onWait(waitMs, attempt + 1);
      await sleep(waitMs);
    }
  }
}
