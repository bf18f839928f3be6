// The operator contract: settings from the environment, validated at start-up. A bad value is
// a one-line error that names the setting.
import path from "node:path";
import { isSlug } from "./domain/slug.js";
import { parseUserId } from "./matrix/user-id.js";

export interface Config {
  databaseUrl: string | null;
  dataDir: string;
  matrix: { homeserverUrl: string; accessToken: string } | null;
  defaultEvent: string;
  host: string;
  port: number;
  publicUrl: string;
  /** The message type of the bot's replies: m.notice (Matrix convention) or m.text (for IRC bridges that drop notices). */
  replyMsgtype: "m.notice" | "m.text";
  /** Homeservers (`example.org`) or users (`@ann:example.org`) whose room invites the bot accepts; empty = its own homeserver. */
  allowedInviters: string[];
  /** Matrix ids of bridged users who cannot receive direct messages (IRC puppets); null = none. */
  bridgedUsers: RegExp | null;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** Behind a reverse proxy: trust its X-Forwarded-For (true, or the proxy addresses/CIDRs), so per-client limits see clients. */
  trustProxy: boolean | string;
  /** May `~fetchdb` fetch from loopback, private or link-local addresses? */
  fetchPrivate: boolean;
  /** Does the public ptg.json include attendees' subscriptions (`subscriptions`)? Backups always do. */
  publishSubscriptions: boolean;
  /** Load a demo schedule into the default event when it is created on the embedded database. */
  demo: boolean;
  /**
   * Matrix server names whose homeserver is at a fixed base URL (tests, private networks):
   * widget sign-in asks these directly instead of discovering them, private addresses included.
   */
  matrixServers: ReadonlyMap<string, string>;
  /** Minutes before a followed track's booked slot starts when its followers are reminded (0: never). */
  reminderMinutes: number;
  /** Matrix users who are admins of every event (PTG_ADMINS): they may bind rooms to any event. */
  admins: string[];
  /** Widget actions need a bot sync at most this many seconds old (stored power is fresh). */
  powerMaxAgeSeconds: number;
  /** Read and answer end-to-end encrypted rooms (PTG_E2EE=on, the default); off: say it cannot. */
  e2ee: boolean;
  /**
   * The most background requests per second the bot makes to its homeserver: rooms' state read
   * at start, missed events fetched, direct rooms opened ahead of time. Replies and
   * notifications are not held back.
   */
  matrixRequestsPerSecond: number;
  /**
   * How many destinations' messages the bot sends at the same time (PTG_MATRIX_SENDS_IN_FLIGHT;
   * each destination's one after the other): a homeserver with workers takes more at once.
   */
  matrixSendsInFlight?: number;
  /** A schedule URL polled into the default event (PTG_SCHEDULE_URL), and how often. */
  schedulePoll?: { url: string; minutes: number } | null;
  /** How often schedule URLs are polled (PTG_SCHEDULE_POLL_MINUTES), `~schedule`'s too. */
  schedulePollMinutes?: number;
  /** The Jitsi server that `#TRACK url jitsi` makes rooms on (PTG_JITSI_URL); null: none. */
  jitsiUrl?: string | null;
}

/** Destinations the bot sends to at the same time unless PTG_MATRIX_SENDS_IN_FLIGHT says. */
export const DEFAULT_SENDS_IN_FLIGHT = 16;

export class ConfigError extends Error {
  constructor(setting: string, problem: string) {
    super(`${setting}: ${problem}`);
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

function httpUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(name, `'${value}' is not a URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigError(name, `'${value}' must be an http:// or https:// URL`);
  }
  return value.replace(/\/+$/, "");
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(name, `'${value}' should be one of ${allowed.join(", ")}`);
  }
  return value as T;
}

/** A regular expression; an empty one means none. */
function regExp(name: string, value: string): RegExp | null {
  if (value === "") return null;
  try {
    return new RegExp(value);
  } catch (error) {
    // "Invalid regular expression: /(/: Unterminated group"
    throw new ConfigError(name, error instanceof Error ? error.message : String(error));
  }
}

/** `name=url,name=url`: Matrix server names (`example.org`, `example.org:8448`) → base URLs. */
function matrixServers(value: string): Map<string, string> {
  const NAME = "PTG_MATRIX_SERVERS";
  const servers = new Map<string, string>();
  for (const entry of value.split(",").map((s) => s.trim())) {
    if (entry === "") continue;
    const equals = entry.indexOf("=");
    const name = equals < 0 ? entry : entry.slice(0, equals).trim().toLowerCase();
    if (equals < 0 || !/^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/.test(name)) {
      throw new ConfigError(
        NAME,
        `'${entry}' should be SERVER_NAME=URL (e.g. example.org=https://matrix.example.org)`,
      );
    }
    servers.set(name, httpUrl(NAME, entry.slice(equals + 1).trim()));
  }
  return servers;
}

/**
 * The Matrix ids of IRC bridges' puppets under their usual templates: heisenbridge's
 * `@irc_<network>_<nick>` (and matrix-appservice-irc's sample `@irc_$NICK`), matrix.org-style
 * `@_oftc_<nick>` (`@_<network>_$NICK`), and matrix-appservice-irc's default `@$SERVER_$NICK`
 * (`@irc.oftc.net_<nick>`: a host name of three labels or more, then `_`).
 */
export const DEFAULT_BRIDGED_USERS = String.raw`^@(?:irc_|_[a-z0-9-]+_|[a-z0-9-]+(?:\.[a-z0-9-]+){2,}_)`;

export function loadConfig(env: Env = process.env): Config {
  const get = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === "" ? undefined : value;
  };

  const databaseUrl = get("DATABASE_URL") ?? null;
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(
      "DATABASE_URL",
      "must be a postgres:// or postgresql:// connection string",
    );
  }

  const homeserver = get("MATRIX_HOMESERVER_URL");
  const token = get("MATRIX_ACCESS_TOKEN");
  if (homeserver !== undefined && token === undefined) {
    throw new ConfigError("MATRIX_ACCESS_TOKEN", "is required when MATRIX_HOMESERVER_URL is set");
  }
  if (token !== undefined && homeserver === undefined) {
    throw new ConfigError("MATRIX_HOMESERVER_URL", "is required when MATRIX_ACCESS_TOKEN is set");
  }

  const defaultEvent = get("PTG_DEFAULT_EVENT") ?? "ptg";
  if (!isSlug(defaultEvent)) {
    throw new ConfigError(
      "PTG_DEFAULT_EVENT",
      `'${defaultEvent}' is not a valid event slug (letters, digits, '-', '_', '.')`,
    );
  }

  const host = get("HOST") ?? "127.0.0.1";
  const portText = get("PORT") ?? "8080";
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 0 && port <= 65535)) {
    throw new ConfigError("PORT", `'${portText}' is not a port number (0-65535)`);
  }

  const urlHost = host.includes(":") ? `[${host}]` : host;
  const publicUrl = httpUrl("PUBLIC_URL", get("PUBLIC_URL") ?? `http://${urlHost}:${port}`);

  const allowedInviters = (get("PTG_ALLOWED_INVITERS") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  for (const inviter of allowedInviters) {
    if (!/^(@[^:\s]+:)?[A-Za-z0-9.-]+(:\d+)?$/.test(inviter)) {
      throw new ConfigError(
        "PTG_ALLOWED_INVITERS",
        `'${inviter}' is neither a homeserver name nor a user id`,
      );
    }
  }

  // Unset: the usual IRC puppets (DEFAULT_BRIDGED_USERS); set but empty: nobody.
  const bridgedUsers = regExp(
    "PTG_BRIDGED_USERS",
    env.PTG_BRIDGED_USERS?.trim() ?? DEFAULT_BRIDGED_USERS,
  );

  const trustProxyText = get("PTG_TRUST_PROXY") ?? "false";
  let trustProxy: boolean | string;
  if (trustProxyText === "true" || trustProxyText === "false")
    trustProxy = trustProxyText === "true";
  else if (/^[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*$/.test(trustProxyText))
    trustProxy = trustProxyText;
  else {
    throw new ConfigError(
      "PTG_TRUST_PROXY",
      `'${trustProxyText}' should be true, false, or a comma-separated list of proxy addresses`,
    );
  }

  const reminderText = get("PTG_REMINDER_MINUTES") ?? "10";
  const reminderMinutes = /^\d{1,4}$/.test(reminderText) ? Number(reminderText) : NaN;
  if (!(reminderMinutes >= 0 && reminderMinutes <= 1440)) {
    throw new ConfigError(
      "PTG_REMINDER_MINUTES",
      `'${reminderText}' should be a whole number of minutes from 0 (no reminders) to 1440`,
    );
  }

  const admins = (get("PTG_ADMINS") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  for (const admin of admins) {
    if (parseUserId(admin) === null) {
      throw new ConfigError("PTG_ADMINS", `'${admin}' is not a Matrix user id (@name:server)`);
    }
  }

  const powerMaxAgeSeconds = wholeNumber(
    get,
    "PTG_POWER_MAX_AGE_SECONDS",
    60,
    1,
    86_400,
    "seconds",
  );

  const matrixRequestsPerSecond = wholeNumber(
    get,
    "PTG_MATRIX_REQUESTS_PER_SECOND",
    20,
    1,
    1000,
    "requests per second",
  );

  const matrixSendsInFlight = wholeNumber(
    get,
    "PTG_MATRIX_SENDS_IN_FLIGHT",
    DEFAULT_SENDS_IN_FLIGHT,
    1,
    256,
    "messages",
  );

  const scheduleUrl = get("PTG_SCHEDULE_URL");
  const pollMinutes = wholeNumber(get, "PTG_SCHEDULE_POLL_MINUTES", 10, 1, 1440, "minutes");

  return {
    databaseUrl,
    dataDir: path.resolve(get("PTG_DATA_DIR") ?? "./data"),
    matrix:
      homeserver !== undefined && token !== undefined
        ? { homeserverUrl: httpUrl("MATRIX_HOMESERVER_URL", homeserver), accessToken: token }
        : null,
    defaultEvent,
    host,
    port,
    publicUrl,
    replyMsgtype: oneOf("PTG_REPLY_MSGTYPE", get("PTG_REPLY_MSGTYPE") ?? "m.notice", [
      "m.notice",
      "m.text",
    ] as const),
    allowedInviters,
    bridgedUsers,
    logLevel: oneOf("LOG_LEVEL", get("LOG_LEVEL") ?? "info", LOG_LEVELS),
    trustProxy,
    fetchPrivate:
      oneOf("PTG_FETCH_PRIVATE", get("PTG_FETCH_PRIVATE") ?? "false", [
        "true",
        "false",
      ] as const) === "true",
    publishSubscriptions:
      oneOf("PTG_PUBLISH_SUBSCRIPTIONS", get("PTG_PUBLISH_SUBSCRIPTIONS") ?? "false", [
        "true",
        "false",
      ] as const) === "true",
    demo:
      oneOf("PTG_DEMO", get("PTG_DEMO") ?? "true", ["true", "false"] as const) === "true" &&
      databaseUrl === null,
    matrixServers: matrixServers(get("PTG_MATRIX_SERVERS") ?? ""),
    reminderMinutes,
    admins,
    powerMaxAgeSeconds,
    e2ee: oneOf("PTG_E2EE", get("PTG_E2EE") ?? "on", ["on", "off"] as const) === "on",
    matrixRequestsPerSecond,
    matrixSendsInFlight,
    jitsiUrl: jitsiUrl(get("PTG_JITSI_URL")),
    schedulePoll:
      scheduleUrl === undefined || scheduleUrl === ""
        ? null
        : { url: httpUrl("PTG_SCHEDULE_URL", scheduleUrl), minutes: pollMinutes },
    schedulePollMinutes: pollMinutes,
  };
}

/** PTG_JITSI_URL: an http(s) base URL without query or fragment, kept without a trailing `/`. */
function jitsiUrl(value: string | undefined): string | null {
  if (value === undefined || value.trim() === "") return null;
  const url = httpUrl("PTG_JITSI_URL", value.trim());
  if (url.includes("?") || url.includes("#")) {
    throw new ConfigError(
      "PTG_JITSI_URL",
      `'${value}' should be a server's address, e.g. https://meet.example.org`,
    );
  }
  return url.replace(/\/+$/, "");
}

/** A setting that is a whole number from `min` to `max` (`unit` names it in the error). */
function wholeNumber(
  get: (name: string) => string | undefined,
  name: string,
  fallback: number,
  min: number,
  max: number,
  unit: string,
): number {
  const text = get(name) ?? String(fallback);
  const value = /^\d{1,6}$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= max)) {
    throw new ConfigError(
      name,
      `'${text}' should be a whole number of ${unit} from ${min} to ${max}`,
    );
  }
  return value;
}

/** The full help page's address. */
export function helpUrl(config: Pick<Config, "publicUrl">): string {
  return `${config.publicUrl}/help`;
}
