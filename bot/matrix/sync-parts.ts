// What a /sync response carries for the crypto, outside the rooms: to-device messages (room keys
// and Olm messages), device-list changes, one-time key counts and unused fallback keys. Parsed
// here so that bot-crypto.ts hands them to the OlmMachine as they came.
import { isObject, type Json } from "./matrix-events.js";

export interface CryptoSyncParts {
  /** The to-device events, as sent (JSON objects). */
  toDevice: Json[];
  /** Users whose devices changed, and users the bot no longer shares an encrypted room with. */
  changed: string[];
  left: string[];
  /** Algorithm → count of the bot's unclaimed one-time keys on the server. */
  oneTimeKeyCounts: Record<string, number>;
  /** The fallback key algorithms still unused; undefined when the server did not say. */
  unusedFallbackKeyTypes: string[] | undefined;
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];

export function parseCryptoSync(raw: Json): CryptoSyncParts {
  const toDeviceSection = isObject(raw.to_device) ? raw.to_device : {};
  const toDevice = Array.isArray(toDeviceSection.events)
    ? toDeviceSection.events.filter(isObject)
    : [];
  const lists = isObject(raw.device_lists) ? raw.device_lists : {};
  const counts: Record<string, number> = {};
  if (isObject(raw.device_one_time_keys_count)) {
    for (const [algorithm, count] of Object.entries(raw.device_one_time_keys_count)) {
      if (typeof count === "number") counts[algorithm] = count;
    }
  }
  const fallback = raw.device_unused_fallback_key_types;
  return {
    toDevice,
    changed: strings(lists.changed),
    left: strings(lists.left),
    oneTimeKeyCounts: counts,
    unusedFallbackKeyTypes: Array.isArray(fallback) ? strings(fallback) : undefined,
  };
}
