// The address policy against IANA's special-purpose registries (IPv4 and IPv6), the forms that
// carry an IPv4 address inside IPv6, and public addresses that must stay reachable.
import { describe, expect, it } from "vitest";
import { classifyAddress, isPublicAddress } from "../../shared/net/address-policy.js";

/** [address, the range it is refused as]. */
const REFUSED_V4: [string, string][] = [
  ["0.0.0.0", "unspecified"], // 0.0.0.0/8 "this network"
  ["0.1.2.3", "unspecified"],
  ["10.0.0.1", "private"],
  ["10.255.255.255", "private"],
  ["100.64.0.1", "carrierGradeNat"],
  ["100.127.255.254", "carrierGradeNat"],
  ["127.0.0.1", "loopback"],
  ["127.255.255.254", "loopback"],
  ["169.254.169.254", "linkLocal"], // cloud metadata
  ["172.16.0.1", "private"],
  ["172.31.255.255", "private"],
  ["192.0.0.1", "reserved"], // IETF protocol assignments 192.0.0.0/24
  ["192.0.0.8", "reserved"], // IPv4 dummy address
  ["192.0.0.9", "reserved"], // PCP anycast
  ["192.0.0.10", "reserved"], // TURN anycast
  ["192.0.0.170", "reserved"], // NAT64/DNS64 discovery
  ["192.0.0.171", "reserved"],
  ["192.0.2.1", "reserved"], // TEST-NET-1
  ["192.31.196.1", "as112"],
  ["192.52.193.1", "amt"],
  ["192.88.99.1", "reserved"], // deprecated 6to4 relay anycast
  ["192.168.1.1", "private"],
  ["192.175.48.1", "as112"],
  ["198.18.0.1", "reserved"], // benchmarking 198.18.0.0/15
  ["198.19.255.254", "reserved"],
  ["198.51.100.7", "reserved"], // TEST-NET-2
  ["203.0.113.9", "reserved"], // TEST-NET-3
  ["224.0.0.1", "multicast"],
  ["239.255.255.250", "multicast"],
  ["240.0.0.1", "reserved"], // reserved for future use
  ["255.255.255.255", "broadcast"],
];

const REFUSED_V6: [string, string][] = [
  ["::", "unspecified"],
  ["::1", "loopback"],
  ["[::1]", "loopback"], // as a URL writes it
  ["::ffff:127.0.0.1", "ipv4Mapped"],
  ["::ffff:7f00:1", "ipv4Mapped"],
  ["::ffff:8.8.8.8", "ipv4Mapped"], // even a public IPv4 inside: refused
  ["::ffff:0:7f00:1", "rfc6145"], // IPv4-translated
  ["::7f00:1", "notGlobalUnicast"], // IPv4-compatible (deprecated)
  ["::127.0.0.1", "ipv4Mapped"], // ipaddr.js reads this dotted form as mapped: refused either way
  ["64:ff9b::7f00:1", "rfc6052"], // NAT64 well-known prefix
  ["64:ff9b::8.8.8.8", "rfc6052"],
  ["64:ff9b:1::a00:1", "rfc6052"], // NAT64 local-use 64:ff9b:1::/48
  ["100::1", "discard"], // discard-only 100::/64
  ["2001::1", "teredo"], // 2001::/32
  ["2001:1::1", "reserved"], // 2001::/23 IETF protocol assignments
  ["2001:2::1", "benchmarking"],
  ["2001:3::1", "amt"],
  ["2001:4:112::1", "as112v6"],
  ["2001:10::1", "deprecatedOrchid"],
  ["2001:20::1", "orchid2"],
  ["2001:30::1", "droneRemoteIdProtocolEntityTags"],
  ["2001:db8::1", "reserved"], // documentation 2001:db8::/32
  ["2001:db8:ffff::1", "reserved"],
  ["2002::1", "6to4"], // 2002::/16
  ["2002:7f00:1::1", "6to4"],
  ["2620:4f:8000::1", "as112v6"],
  ["3fff::1", "reserved"], // documentation 3fff::/20
  ["5f00::1", "segmentRouting"],
  ["fc00::1", "uniqueLocal"],
  ["fd12:3456::1", "uniqueLocal"],
  ["fe80::1", "linkLocal"],
  ["fe80::1%eth0", "zoned"],
  ["fec0::1", "deprecatedSiteLocal"], // site-local fec0::/10
  ["ff02::1", "multicast"],
  ["4000::1", "notGlobalUnicast"], // outside 2000::/3
  ["1::1", "notGlobalUnicast"],
];

const PUBLIC: string[] = [
  "8.8.8.8",
  "1.1.1.1",
  "93.184.215.14",
  "172.15.255.255", // just below 172.16.0.0/12
  "172.32.0.1", // just above
  "100.63.255.255", // just below carrier-grade NAT
  "100.128.0.1",
  "192.0.1.1", // between 192.0.0.0/24 and 192.0.2.0/24
  "198.17.255.255",
  "198.20.0.1",
  "223.255.255.254",
  "2001:4860:4860::8888",
  "2606:4700:4700::1111",
  "2a00:1450:4001:82b::200e",
  "2001:200::1", // just past 2001::/23
];

const INVALID = ["", "localhost", "127.1", "0x7f.0.0.1", "1.2.3.4.5", "::g", "not an ip"];

describe("classifyAddress", () => {
  it.each([...REFUSED_V4, ...REFUSED_V6])("refuses %s (%s)", (address, range) => {
    expect(classifyAddress(address)).toMatchObject({ address, range, public: false });
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(PUBLIC)("accepts %s", (address) => {
    expect(classifyAddress(address)).toMatchObject({ range: "unicast", public: true });
    expect(isPublicAddress(address)).toBe(true);
  });

  it.each(INVALID)("refuses %j, which is not an IP address", (address) => {
    expect(classifyAddress(address)).toEqual({
      address,
      version: null,
      range: "invalid",
      public: false,
    });
  });

  it("names the IP version", () => {
    expect(classifyAddress("8.8.8.8").version).toBe(4);
    expect(classifyAddress("::1").version).toBe(6);
  });
});
