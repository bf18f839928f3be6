// Name resolution that checks what it resolved: a host name is resolved ONCE, every address it
// resolves to is classified, and the socket is handed exactly those addresses. Passed to
// net/tls.connect as `lookup`, so nothing resolves the name a second time (no DNS rebinding
// between the check and the connection).
import { lookup as dnsLookup } from "node:dns/promises";
import type { LookupAddress, LookupOptions } from "node:dns";
import { isIP } from "node:net";
import { classifyAddress, type AddressClass } from "./address-policy.js";

/** Resolves a host name to its IP addresses (injectable: tests answer without DNS). */
export type Resolver = (hostname: string) => Promise<string[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/** A connection refused by the address policy. */
export class BlockedAddressError extends Error {
  readonly code = "ERR_PTG_BLOCKED_ADDRESS";
  constructor(
    readonly hostname: string,
    readonly verdict: AddressClass,
  ) {
    super(
      hostname === verdict.address
        ? `${hostname} is a non-public address (${verdict.range})`
        : `${hostname} resolves to ${verdict.address}, a non-public address (${verdict.range})`,
    );
    this.name = "BlockedAddressError";
  }
}

export interface AddressGate {
  allowPrivate: boolean;
  resolver: Resolver;
  /** The address policy (default classifyAddress); tests treat a loopback address as public. */
  classify?: (address: string) => AddressClass;
  /** Called with each address a connection is about to be made to, after the check. */
  onConnectAddress?: (hostname: string, address: string) => void;
}

/** The policy's verdict on one address: null when it may be connected to. */
export function refusal(
  gate: AddressGate,
  hostname: string,
  address: string,
): BlockedAddressError | null {
  const verdict = (gate.classify ?? classifyAddress)(address);
  if (verdict.version === null) return new BlockedAddressError(hostname, verdict);
  return gate.allowPrivate || verdict.public ? null : new BlockedAddressError(hostname, verdict);
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** A `lookup` for net.connect / tls.connect that resolves once and refuses special addresses. */
export function checkedLookup(gate: AddressGate) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    gate.resolver(hostname).then(
      (found) => {
        const family =
          options.family === "IPv4" ? 4 : options.family === "IPv6" ? 6 : options.family;
        const addresses = found.filter((a) => !family || isIP(a) === family);
        if (addresses.length === 0) {
          const error: NodeJS.ErrnoException = new Error(`could not find the host ${hostname}`);
          error.code = "ENOTFOUND";
          callback(error, []);
          return;
        }
        // One special address is enough to refuse the name: a public host has none.
        for (const address of addresses) {
          const refused = refusal(gate, hostname, address);
          if (refused !== null) {
            callback(refused, []);
            return;
          }
        }
        for (const address of addresses) gate.onConnectAddress?.(hostname, address);
        if (options.all === true) {
          callback(
            null,
            addresses.map((address) => ({ address, family: isIP(address) })),
          );
        } else {
          const first = addresses[0] ?? "";
          callback(null, first, isIP(first));
        }
      },
      (error: unknown) => {
        const failure: NodeJS.ErrnoException =
          error instanceof Error ? error : new Error(String(error));
        callback(failure, []);
      },
    );
  };
}
