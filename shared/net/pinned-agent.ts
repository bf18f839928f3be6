// An undici dispatcher whose sockets only go to checked addresses: IP literals are classified
// before connecting, host names are resolved once by checkedLookup, and the socket connects to
// the address that was checked. Redirects are followed by the caller, one hop at a time, each
// through this same dispatcher, so every hop is checked at its socket too.
import { isIP } from "node:net";
import { Agent, buildConnector } from "undici";
import { checkedLookup, refusal, type AddressGate } from "./checked-lookup.js";

export interface PinnedAgentOptions extends AddressGate {
  /** Time limit to open a connection, in ms. */
  connectTimeoutMs: number;
}

export function pinnedAgent(options: PinnedAgentOptions): Agent {
  const base = buildConnector({
    lookup: checkedLookup(options),
    timeout: options.connectTimeoutMs,
  });
  const connect: buildConnector.connector = (connectOptions, callback) => {
    const host = connectOptions.hostname.replace(/^\[(.*)\]$/, "$1");
    if (isIP(host) !== 0) {
      // net.connect does not call lookup for an IP literal: check it here.
      const refused = refusal(options, host, host);
      if (refused !== null) {
        callback(refused, null);
        return;
      }
      options.onConnectAddress?.(host, host);
    }
    base(connectOptions, callback);
  };
  return new Agent({ connect, connections: 4, pipelining: 0 });
}
