// Outgoing fetches to URLs that someone else chose, closed against SSRF: the address policy
// and a fetch whose sockets only reach checked addresses.
export { classifyAddress, isPublicAddress, type AddressClass } from "./address-policy.js";
export { BlockedAddressError, systemResolver, type Resolver } from "./checked-lookup.js";
export {
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_REDIRECTS,
  DEFAULT_TIMEOUT_MS,
  SafeFetchError,
  safeFetch,
  type ResponseHead,
  type SafeFetchOptions,
  type SafeFetchReason,
  type SafeResponse,
} from "./safe-fetch.js";
