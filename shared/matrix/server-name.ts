// Matrix server names (`example.org`, `example.org:8448`, `1.2.3.4`, `[::1]:8448`), as the
// specification's grammar has them, parsed into host and optional port. Pure.
import { isIP } from "node:net";

export interface ServerName {
  /** As given, lower-cased: what user ids carry after the first colon. */
  name: string;
  /** The host part; IPv6 literals without brackets. */
  host: string;
  /** True for IPv4 and IPv6 literals. */
  ipLiteral: boolean;
  port: number | null;
}

const DNS_NAME = /^[a-z0-9](?:[a-z0-9-]{0,62})(?:\.[a-z0-9](?:[a-z0-9-]{0,62}))*\.?$/;

/** The server name, or null when it does not follow the grammar. */
export function parseServerName(value: string): ServerName | null {
  const name = value.trim().toLowerCase();
  if (name === "" || name.length > 255) return null;
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(name);
  if (match === null) return null;
  const rawHost = match[1] ?? "";
  const portText = match[2];
  const port = portText === undefined ? null : Number(portText);
  if (port !== null && (port < 1 || port > 65535)) return null;
  if (rawHost.startsWith("[")) {
    const host = rawHost.slice(1, -1);
    return isIP(host) === 6 ? { name, host, ipLiteral: true, port } : null;
  }
  if (isIP(rawHost) === 4) return { name, host: rawHost, ipLiteral: true, port };
  // A dotted quad that is not a valid address (e.g. 999.1.1.1) is no DNS name either.
  if (/^[\d.]+$/.test(rawHost) || !DNS_NAME.test(rawHost)) return null;
  return { name, host: rawHost, ipLiteral: false, port };
}

/** `host:port` for a URL, bracketing IPv6 literals. */
export function hostPort(host: string, port: number): string {
  return `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
}

/** The server part of a Matrix user id (`@alice:example.org:8448` → `example.org:8448`). */
export function serverOfUserId(userId: string): string | null {
  const match = /^@[^:]+:(.+)$/.exec(userId);
  return match?.[1] ?? null;
}
