// What a failed homeserver request tells: its HTTP status and Matrix error code, when it has them.
import { isObject } from "./matrix-events.js";

export function httpStatusOf(error: unknown): number | null {
  return isObject(error) && typeof error.statusCode === "number" ? error.statusCode : null;
}

export function errcodeOf(error: unknown): string | null {
  if (!isObject(error)) return null;
  if (typeof error.errcode === "string") return error.errcode;
  const body = isObject(error.body) ? error.body : {};
  return typeof body.errcode === "string" ? body.errcode : null;
}

export function isNotFound(error: unknown): boolean {
  return httpStatusOf(error) === 404 || errcodeOf(error) === "M_NOT_FOUND";
}

/**
 * A refusal that trying again will not change (403, 400, ...), as opposed to a homeserver that
 * is down or overloaded (network errors, 5xx, 429 after its retries).
 */
export function isPermanent(error: unknown): boolean {
  const status = httpStatusOf(error);
  return status !== null && status >= 400 && status < 500 && status !== 429 && status !== 408;
}
