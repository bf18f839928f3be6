// Which IP addresses a fetch triggered from outside (a chat command, a Matrix homeserver
// lookup) may connect to: public unicast only. Ranges come from ipaddr.js, which follows
// IANA's IPv4 and IPv6 special-purpose address registries; on top of it:
// - IPv6 must be global unicast (2000::/3, IANA's IPv6 address space), which also refuses
//   IPv4-compatible (`::7f00:1`), `100::/64`, `fec0::/10`, `5f00::/16` and the rest of the
//   reserved space;
// - IPv4 also refuses 192.0.0.0/24 as a whole (IETF protocol assignments).
// An IPv6 address that carries an IPv4 one (mapped `::ffff:…`, translated `::ffff:0:…`,
// NAT64 `64:ff9b::/96` and `64:ff9b:1::/48`, 6to4 `2002::/16`, Teredo) is refused whatever
// IPv4 address it carries: a public server has a plain address of its own.
import ipaddr from "ipaddr.js";

export interface AddressClass {
  /** The address as given. */
  address: string;
  version: 4 | 6 | null;
  /**
   * "unicast" for a public address; else the special range it is in, as ipaddr.js names it
   * ("loopback", "private", "linkLocal", "reserved", "ipv4Mapped", "rfc6052", "6to4", …),
   * "notGlobalUnicast" for IPv6 outside 2000::/3, or "invalid" for something that is not an IP.
   */
  range: string;
  /** True when the address is on the public internet. */
  public: boolean;
}

const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR("2000::/3");
const IETF_PROTOCOL_V4 = ipaddr.IPv4.parseCIDR("192.0.0.0/24");

/** Strips the brackets of a URL's IPv6 host (`[::1]`) and an IPv6 zone (`fe80::1%eth0`). */
function bare(address: string): string {
  return address.replace(/^\[(.*)\]$/, "$1");
}

/** Classifies one IP address (IPv4 dotted quad or IPv6, in any notation ipaddr.js accepts). */
export function classifyAddress(address: string): AddressClass {
  const text = bare(address.trim());
  // isValid accepts IPv4 shorthands ("127.1"), which URL hosts never carry: only the full forms.
  if (!ipaddr.IPv4.isValidFourPartDecimal(text) && !ipaddr.IPv6.isValid(text)) {
    return { address, version: null, range: "invalid", public: false };
  }
  const parsed = ipaddr.parse(text);
  if (parsed.kind() === "ipv4") {
    const v4 = parsed as ipaddr.IPv4;
    let range = v4.range() as string;
    if (range === "unicast" && v4.match(IETF_PROTOCOL_V4)) range = "reserved";
    return { address, version: 4, range, public: range === "unicast" };
  }
  const v6 = parsed as ipaddr.IPv6;
  if (v6.zoneId !== undefined) return { address, version: 6, range: "zoned", public: false };
  let range = v6.range() as string;
  if (range === "unicast" && !v6.match(GLOBAL_UNICAST_V6)) range = "notGlobalUnicast";
  return { address, version: 6, range, public: range === "unicast" };
}

/** True for an address on the public internet. */
export function isPublicAddress(address: string): boolean {
  return classifyAddress(address).public;
}
