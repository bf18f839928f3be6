import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULT_BRIDGED_USERS, helpUrl, loadConfig } from "../../shared/config.js";

describe("loadConfig", () => {
  it("gives the documented defaults for an empty environment", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      databaseUrl: null,
      dataDir: path.resolve("./data"),
      matrix: null,
      defaultEvent: "ptg",
      host: "127.0.0.1",
      port: 8080,
      publicUrl: "http://127.0.0.1:8080",
      replyMsgtype: "m.notice",
      allowedInviters: [],
      logLevel: "info",
      trustProxy: false,
      demo: true,
      fetchPrivate: false,
      publishSubscriptions: false,
      admins: [],
      powerMaxAgeSeconds: 60,
      e2ee: true,
    });
    expect(config.bridgedUsers?.source).toBe(DEFAULT_BRIDGED_USERS);
    expect(helpUrl(config)).toBe("http://127.0.0.1:8080/help");
  });

  it("reads every setting", () => {
    const config = loadConfig({
      DATABASE_URL: "postgres://u@db:5432/ptg",
      PTG_DATA_DIR: "/tmp/ptg-data",
      MATRIX_HOMESERVER_URL: "https://matrix.example.org/",
      MATRIX_ACCESS_TOKEN: "syt_secret",
      PTG_DEFAULT_EVENT: "DEN-ptg",
      HOST: "0.0.0.0",
      PORT: "9000",
      PUBLIC_URL: "https://ptg.example.org/",
      PTG_REPLY_MSGTYPE: "m.text",
      PTG_ALLOWED_INVITERS: "example.org, @ann:other.org",
      PTG_BRIDGED_USERS: "^@(irc|oftc)_",
      LOG_LEVEL: "debug",
      PTG_TRUST_PROXY: "10.0.0.1, 192.168.0.0/16",
      PTG_FETCH_PRIVATE: "true",
      PTG_PUBLISH_SUBSCRIPTIONS: "true",
      PTG_ADMINS: "@ann:example.org, @bob:other.org",
      PTG_POWER_MAX_AGE_SECONDS: "120",
      PTG_E2EE: "off",
    });
    expect(config).toMatchObject({
      databaseUrl: "postgres://u@db:5432/ptg",
      dataDir: "/tmp/ptg-data",
      matrix: { homeserverUrl: "https://matrix.example.org", accessToken: "syt_secret" },
      defaultEvent: "DEN-ptg",
      host: "0.0.0.0",
      port: 9000,
      publicUrl: "https://ptg.example.org",
      replyMsgtype: "m.text",
      allowedInviters: ["example.org", "@ann:other.org"],
      logLevel: "debug",
      trustProxy: "10.0.0.1, 192.168.0.0/16",
      demo: false,
      fetchPrivate: true,
      publishSubscriptions: true,
      admins: ["@ann:example.org", "@bob:other.org"],
      powerMaxAgeSeconds: 120,
      e2ee: false,
    });
    expect(config.bridgedUsers?.source).toBe("^@(irc|oftc)_");
  });

  it.each([
    [{ PORT: "eighty" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
    [{ MATRIX_HOMESERVER_URL: "https://m.org" }, "MATRIX_ACCESS_TOKEN"],
    [{ MATRIX_ACCESS_TOKEN: "t" }, "MATRIX_HOMESERVER_URL"],
    [{ MATRIX_HOMESERVER_URL: "ftp://m.org", MATRIX_ACCESS_TOKEN: "t" }, "MATRIX_HOMESERVER_URL"],
    [{ PUBLIC_URL: "not a url" }, "PUBLIC_URL"],
    [{ PTG_DEFAULT_EVENT: "has space" }, "PTG_DEFAULT_EVENT"],
    [{ PTG_REPLY_MSGTYPE: "m.emote" }, "PTG_REPLY_MSGTYPE"],
    [{ PTG_ALLOWED_INVITERS: "not valid!" }, "PTG_ALLOWED_INVITERS"],
    [{ PTG_BRIDGED_USERS: "^@irc_(" }, "PTG_BRIDGED_USERS"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    [{ PTG_TRUST_PROXY: "yes please" }, "PTG_TRUST_PROXY"],
    [{ PTG_DEMO: "maybe" }, "PTG_DEMO"],
    [{ PTG_FETCH_PRIVATE: "1" }, "PTG_FETCH_PRIVATE"],
    [{ PTG_PUBLISH_SUBSCRIPTIONS: "yes" }, "PTG_PUBLISH_SUBSCRIPTIONS"],
    [{ PTG_ADMINS: "example.org" }, "PTG_ADMINS"],
    [{ PTG_ADMINS: "@Ann:example.org" }, "PTG_ADMINS"],
    [{ PTG_POWER_MAX_AGE_SECONDS: "0" }, "PTG_POWER_MAX_AGE_SECONDS"],
    [{ PTG_POWER_MAX_AGE_SECONDS: "1m" }, "PTG_POWER_MAX_AGE_SECONDS"],
    [{ PTG_E2EE: "true" }, "PTG_E2EE"],
    [{ PTG_MATRIX_REQUESTS_PER_SECOND: "0" }, "PTG_MATRIX_REQUESTS_PER_SECOND"],
    [{ PTG_MATRIX_REQUESTS_PER_SECOND: "1001" }, "PTG_MATRIX_REQUESTS_PER_SECOND"],
    [{ PTG_MATRIX_REQUESTS_PER_SECOND: "fast" }, "PTG_MATRIX_REQUESTS_PER_SECOND"],
    [{ PTG_MATRIX_SENDS_IN_FLIGHT: "0" }, "PTG_MATRIX_SENDS_IN_FLIGHT"],
    [{ PTG_MATRIX_SENDS_IN_FLIGHT: "257" }, "PTG_MATRIX_SENDS_IN_FLIGHT"],
  ])("refuses %o with an error naming %s", (env, setting) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^${setting}: [^\\n]*$`));
  });

  it("reads PTG_BRIDGED_USERS as a regular expression, and an empty one as nobody", () => {
    const { bridgedUsers } = loadConfig({});
    expect(bridgedUsers?.test("@irc_ptgnet_kim:example.org")).toBe(true);
    expect(bridgedUsers?.test("@kim:example.org")).toBe(false);
    expect(loadConfig({ PTG_BRIDGED_USERS: "" }).bridgedUsers).toBeNull();
    expect(loadConfig({ PTG_BRIDGED_USERS: "  " }).bridgedUsers).toBeNull();
    expect(() => loadConfig({ PTG_BRIDGED_USERS: "[" })).toThrow(
      /^PTG_BRIDGED_USERS: Invalid regular expression: .*$/,
    );
  });

  it("sends to 16 destinations at a time unless PTG_MATRIX_SENDS_IN_FLIGHT says", () => {
    expect(loadConfig({}).matrixSendsInFlight).toBe(16);
    expect(loadConfig({ PTG_MATRIX_SENDS_IN_FLIGHT: "64" }).matrixSendsInFlight).toBe(64);
  });

  it("paces the bot's background requests at 20 a second unless PTG_MATRIX_REQUESTS_PER_SECOND says", () => {
    expect(loadConfig({}).matrixRequestsPerSecond).toBe(20);
    expect(loadConfig({ PTG_MATRIX_REQUESTS_PER_SECOND: "1" }).matrixRequestsPerSecond).toBe(1);
    expect(loadConfig({ PTG_MATRIX_REQUESTS_PER_SECOND: "1000" }).matrixRequestsPerSecond).toBe(
      1000,
    );
  });
});
