/**
 * A real Synapse homeserver for end-to-end tests.
 *
 * `ensureSynapseInstalled()` puts a pinned matrix-synapse (and its pinned dependencies, wheels
 * only) into `<repo>/.cache/synapse-venv`, once. `startSynapse()` runs a throwaway server on
 * 127.0.0.1 with a SQLite database in a fresh temp dir (or, with `postgres`, a scratch database
 * on a PostgreSQL server: benchmarks), rate limits lifted, and registration only through the
 * shared-secret admin API.
 */
import { spawn } from "node:child_process";
import { createHmac, generateKeyPairSync, randomBytes } from "node:crypto";
import { closeSync, openSync, rmSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

import type { AppServiceRegistration } from "./appservice.js";
import { killOnExit, stopChild, tail } from "./child-process.js";
import { findFreePort } from "./free-port.js";
import { matrixRequest } from "./matrix-client.js";
import { ensurePinnedVenv } from "./python-venv.js";
import { startRedis, type RedisHandle } from "./redis-server.js";
import { createSynapseDatabase, postgresDatabaseConfig } from "./synapse-postgres.js";
import { startSynapseRouter, type SynapseRouter } from "./synapse-router.js";
import {
  ensureRedisDriver,
  mainWorkerConfig,
  persisterConfig,
  persisterName,
  type WorkerPorts,
} from "./synapse-workers.js";

export const SYNAPSE_VERSION = "1.163.2";

/**
 * Everything pip installed for SYNAPSE_VERSION on Python 3.11, used as a constraints file so that
 * a new release of some dependency cannot change the test server under us.
 */
const PINNED_DEPENDENCIES = [
  "annotated-types==0.8.0",
  "attrs==26.1.0",
  "Automat==25.4.16",
  "bcrypt==5.0.0",
  "bleach==6.4.0",
  "canonicaljson==2.0.0",
  "certifi==2026.10.18",
  "cffi==2.1.1",
  "charset-normalizer==3.5.2",
  "constantly==23.10.4",
  "cryptography==50.0.2",
  "hyperlink==21.0.0",
  "idna==3.20",
  "ijson==3.6.0",
  "immutabledict==4.3.1",
  "Incremental==24.11.0",
  "Jinja2==3.1.6",
  "jsonschema==4.26.0",
  "jsonschema-specifications==2025.9.1",
  "MarkupSafe==3.0.4",
  "matrix-common==1.3.0",
  `matrix-synapse==${SYNAPSE_VERSION}`,
  "msgpack==1.2.4",
  "multipart==2.0.1",
  "netaddr==1.3.0",
  "packaging==26.3",
  "phonenumbers==9.0.43",
  "pillow==13.0.0",
  "prometheus_client==0.26.0",
  "pyasn1==0.6.5",
  "pyasn1_modules==0.4.2",
  "pycparser==3.12",
  "pydantic==2.14.3",
  "pydantic_core==2.50.4",
  "pymacaroons==0.13.0",
  "PyNaCl==1.6.2",
  "pyOpenSSL==26.4.0",
  "pyparsing==3.3.3",
  "pyrsistent==0.20.0",
  "python-multipart==0.0.34",
  "PyYAML==6.0.3",
  "referencing==0.37.0",
  "requests==2.34.2",
  "rpds-py==2026.9.1",
  "semantic-version==2.10.0",
  "service-identity==26.1.0",
  "setuptools-rust==1.13.0",
  "signedjson==1.1.4",
  "six==1.17.0",
  "sortedcontainers==2.4.0",
  "treq==26.7.0",
  "Twisted==26.10.0",
  "typing-inspection==0.4.5",
  "typing_extensions==4.16.0",
  "unpaddedbase64==2.1.0",
  "urllib3==2.8.0",
  "webencodings==0.6.1",
  "zope.interface==8.7",
];

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const SYNAPSE_VENV = path.join(REPO_ROOT, ".cache", "synapse-venv");

/**
 * Makes sure the pinned Synapse is installed in `.cache/synapse-venv` and returns the venv's
 * python. Safe to call from several test files at once (an install lock serialises them). Throws
 * with pip's output if the install fails; set SYNAPSE_PYTHON to choose the base interpreter.
 */
export function ensureSynapseInstalled(): Promise<string> {
  return ensurePinnedVenv({
    dir: SYNAPSE_VENV,
    distribution: "matrix-synapse",
    version: SYNAPSE_VERSION,
    constraints: PINNED_DEPENDENCIES,
    markerFile: "ptg-synapse-installed",
    label: "Synapse",
    pythonEnvVar: "SYNAPSE_PYTHON",
    timeoutMs: 15 * 60_000,
  });
}

// ---------------------------------------------------------------------------------------------
// Running a server
// ---------------------------------------------------------------------------------------------

export interface StartSynapseOptions {
  /** Defaults to "localhost", so user ids look like `@alice:localhost`. */
  serverName?: string;
  /** Application service registration files (e.g. for an IRC bridge). */
  appServiceConfigFiles?: string[];
  /** Listener resources besides "client", e.g. "openid" (federation's OpenID userinfo). */
  extraResources?: string[];
  /**
   * Application service registrations (e.g. a `TestAppService`'s), written into the server's
   * temp dir and registered alongside `appServiceConfigFiles`.
   */
  appServices?: AppServiceRegistration[];
  /** Merged over the generated homeserver config (top-level keys replace). */
  extraConfig?: Record<string, unknown>;
  /** How long to wait for the client API to answer; default 60 s. */
  startupTimeoutMs?: number;
  /** Keep the temp dir (config, database, logs) after `stop()`; also PTG_SYNAPSE_KEEP=1. */
  keepDataDir?: boolean;
  /**
   * A PostgreSQL server (a URL whose user may create databases) to run Synapse's database on,
   * instead of SQLite: a scratch database is created there and dropped by `stop()`. SQLite stores
   * about 10–25 messages a second, too few for the FOSDEM-size benchmark; the tests keep SQLite.
   */
  postgres?: string;
  /**
   * Benchmarks only (needs `postgres` and redis-server): run this many event persisters beside
   * the main process, each also serving the client API, replicating through a private Redis
   * (synapse-workers.ts). `baseUrl` is then a pass-through (synapse-router.ts) that sends each
   * room's `/send` requests to that room's persister and the rest to the main process.
   */
  workers?: number;
  /**
   * The root log level; default "INFO" (what the tests' assertion messages show). "WARNING"
   * drops the few lines Synapse logs per request, as an operator of a big server may.
   */
  logLevel?: "INFO" | "WARNING";
}

export interface RegisterUserOptions {
  admin?: boolean;
  displayName?: string;
  /** Defaults to a random password, returned in the result. */
  password?: string;
  /**
   * By default the user's message rate limit is also lifted through the admin API; pass true to
   * keep the (already very high) server-wide limits only.
   */
  keepRateLimits?: boolean;
}

export interface RegisteredUser {
  userId: string;
  accessToken: string;
  deviceId: string;
  password: string;
}

export interface SynapseHandle {
  /** e.g. `http://127.0.0.1:40123`, without a trailing slash. */
  baseUrl: string;
  serverName: string;
  sharedSecret: string;
  /** The temp dir with homeserver.yaml, the SQLite database and the logs. */
  dataDir: string;
  logFile: string;
  /** The URL of Synapse's PostgreSQL database, when it runs on one (else SQLite, in dataDir). */
  databaseUrl?: string;
  /** The server's process id, when this process started it (e.g. to read its CPU time). */
  pid?: number;
  /** Every Synapse process this process started (the main one first, then its workers). */
  pids?: number[];
  /** With `workers`: how many `/send` requests the router sent to each event persister. */
  persisterSends?: readonly number[];
  registerUser(localpart: string, options?: RegisterUserOptions): Promise<RegisteredUser>;
  /** Lifts Synapse's per-user message rate limit for `userId`. */
  overrideRateLimit(userId: string): Promise<void>;
  /** The last lines of Synapse's log, for assertion messages. */
  logTail(lines?: number): Promise<string>;
  /** SIGTERM, SIGKILL after 5 s, then removes the temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

const UNLIMITED = { per_second: 100_000, burst_count: 100_000 };
const PORT_ATTEMPTS = 3;

/** Starts a fresh Synapse (installing it first if needed) and waits until it answers. */
export async function startSynapse(options: StartSynapseOptions = {}): Promise<SynapseHandle> {
  const python = await ensureSynapseInstalled();
  const serverName = options.serverName ?? "localhost";
  const dataDir = await mkdtemp(path.join(tmpdir(), "ptg-synapse-"));
  const keepDataDir = options.keepDataDir === true || process.env.PTG_SYNAPSE_KEEP === "1";
  const sharedSecret = randomBytes(24).toString("hex");
  const logFile = path.join(dataDir, "homeserver.log");
  const stdioFile = path.join(dataDir, "stdio.log");
  let database: Awaited<ReturnType<typeof createSynapseDatabase>> | null = null;

  try {
    if (options.postgres !== undefined)
      database = await createSynapseDatabase(python, options.postgres);
    await writeFile(path.join(dataDir, "signing.key"), signingKeyLine() + "\n");
    const logLevel = options.logLevel ?? "INFO";
    await writeFile(
      path.join(dataDir, "log.yaml"),
      JSON.stringify(logConfig(logFile, logLevel), null, 2),
    );
    const appServiceFiles = [...(options.appServiceConfigFiles ?? [])];
    for (const [i, registration] of (options.appServices ?? []).entries()) {
      const file = path.join(dataDir, `appservice-${String(i)}.yaml`);
      await writeFile(file, JSON.stringify(registration, null, 2));
      appServiceFiles.push(file);
    }

    for (let attempt = 1; ; attempt++) {
      const port = await findFreePort();
      const baseUrl = `http://127.0.0.1:${port}`;
      const configPath = path.join(dataDir, "homeserver.yaml");
      if (options.workers !== undefined) await ensureRedisDriver(python);
      const redis = options.workers === undefined ? null : await startRedis();
      const workers =
        redis === null ? null : await workerPorts(options.workers ?? 0, database !== null, redis);
      const generated = homeserverConfig({
        serverName,
        port,
        baseUrl,
        dataDir,
        sharedSecret,
        appServiceFiles,
        extraResources: options.extraResources ?? [],
      });
      const config = {
        ...generated,
        ...(database === null ? {} : { database: postgresDatabaseConfig(database.url) }),
        ...(workers === null ? {} : mainWorkerConfig(workers, generated.listeners as unknown[])),
        ...options.extraConfig,
      };
      // YAML is a superset of JSON, so no YAML writer is needed.
      await writeFile(configPath, JSON.stringify(config, null, 2));

      const server = launch(python, "homeserver", [configPath], dataDir, stdioFile);
      const servers = [server];
      let router: SynapseRouter | null = null;
      try {
        await waitUntilUp(baseUrl, server, options.startupTimeoutMs ?? 60_000);
        if (workers !== null) {
          router = await startWorkers({
            python,
            configPath,
            dataDir,
            logLevel,
            ports: workers,
            mainPort: port,
            servers,
            timeoutMs: options.startupTimeoutMs ?? 60_000,
          });
        }
      } catch (error) {
        await router?.close();
        await Promise.all(servers.map((s) => s.kill()));
        await redis?.stop();
        const logs = await readLogs(logFile, stdioFile, 40);
        if (attempt < PORT_ATTEMPTS && logs.includes("Address already in use")) continue;
        throw new Error(
          `Synapse did not start on ${baseUrl}: ${error instanceof Error ? error.message : String(error)}\n` +
            `--- log tail (${dataDir}) ---\n${logs}`,
          { cause: error },
        );
      }
      return makeHandle({
        baseUrl: router?.url ?? baseUrl,
        serverName,
        sharedSecret,
        dataDir,
        logFile,
        servers,
        keepDataDir,
        database,
        ...(router === null ? {} : { persisterSends: router.sends }),
        after: async () => {
          await router?.close();
          await redis?.stop();
        },
      });
    }
  } catch (error) {
    if (!keepDataDir) await rm(dataDir, { recursive: true, force: true });
    await database?.drop();
    throw error;
  }
}

function homeserverConfig(args: {
  serverName: string;
  port: number;
  baseUrl: string;
  dataDir: string;
  sharedSecret: string;
  appServiceFiles: string[];
  extraResources: string[];
}): Record<string, unknown> {
  const { dataDir } = args;
  return {
    server_name: args.serverName,
    public_baseurl: `${args.baseUrl}/`,
    pid_file: path.join(dataDir, "homeserver.pid"),
    listeners: [
      {
        port: args.port,
        bind_addresses: ["127.0.0.1"],
        type: "http",
        tls: false,
        x_forwarded: false,
        // "client" also serves /_synapse/admin; no federation resource.
        resources: [{ names: ["client", ...args.extraResources], compress: false }],
      },
    ],
    database: { name: "sqlite3", args: { database: path.join(dataDir, "homeserver.db") } },
    log_config: path.join(dataDir, "log.yaml"),
    media_store_path: path.join(dataDir, "media"),
    signing_key_path: path.join(dataDir, "signing.key"),
    registration_shared_secret: args.sharedSecret,
    enable_registration: false,
    bcrypt_rounds: 4, // password hashing at the default 12 rounds costs ~250 ms per user
    macaroon_secret_key: randomBytes(24).toString("hex"),
    form_secret: randomBytes(24).toString("hex"),
    report_stats: false,
    enable_metrics: false,
    trusted_key_servers: [],
    suppress_key_server_warning: true,
    url_preview_enabled: false,
    presence: { enabled: false },
    app_service_config_files: args.appServiceFiles,

    rc_message: UNLIMITED,
    rc_registration: UNLIMITED,
    rc_registration_token_validity: UNLIMITED,
    rc_login: { address: UNLIMITED, account: UNLIMITED, failed_attempts: UNLIMITED },
    rc_admin_redaction: UNLIMITED,
    rc_joins: { local: UNLIMITED, remote: UNLIMITED },
    rc_joins_per_room: UNLIMITED,
    rc_key_requests: UNLIMITED,
    rc_3pid_validation: UNLIMITED,
    rc_invites: { per_room: UNLIMITED, per_user: UNLIMITED, per_issuer: UNLIMITED },
    rc_third_party_invite: UNLIMITED,
    rc_media_create: UNLIMITED,
    rc_presence: { per_user: UNLIMITED },
    rc_delayed_event_mgmt: UNLIMITED,
    rc_room_creation: UNLIMITED,
    rc_reports: UNLIMITED,
    rc_user_directory: UNLIMITED,
    rc_profile: UNLIMITED,
    rc_federation: {
      window_size: 1000,
      sleep_limit: 100_000,
      sleep_delay: 1,
      reject_limit: 100_000,
      concurrent: 1000,
    },
  };
}

/** Free ports for the main process's replication listener, the persisters and Redis. */
async function workerPorts(
  count: number,
  onPostgres: boolean,
  redis: RedisHandle,
): Promise<WorkerPorts> {
  if (!onPostgres || count < 1) {
    await redis.stop();
    throw new Error("startSynapse: workers (1 or more) need a PostgreSQL database (postgres)");
  }
  const persisters: number[] = [];
  for (let i = 0; i < count; i++) persisters.push(await findFreePort());
  return { mainReplication: await findFreePort(), persisters, redis: redis.port };
}

/**
 * Starts the event persisters once the main process answers, waits until each answers, and
 * opens the router in front of them all.
 */
async function startWorkers(args: {
  python: string;
  configPath: string;
  dataDir: string;
  logLevel: "INFO" | "WARNING";
  ports: WorkerPorts;
  mainPort: number;
  /** The processes started so far; the workers are added (to be stopped with them). */
  servers: RunningServer[];
  timeoutMs: number;
}): Promise<SynapseRouter> {
  const { dataDir, ports } = args;
  const started = ports.persisters.map((port, i) => {
    const name = persisterName(i);
    return (async () => {
      const logYaml = path.join(dataDir, `log-${name}.yaml`);
      const log = path.join(dataDir, `${name}.log`);
      await writeFile(logYaml, JSON.stringify(logConfig(log, args.logLevel), null, 2));
      const workerConfig = path.join(dataDir, `${name}.yaml`);
      await writeFile(workerConfig, JSON.stringify(persisterConfig(i, port, dataDir), null, 2));
      const worker = launch(
        args.python,
        "generic_worker",
        [args.configPath, workerConfig],
        dataDir,
        path.join(dataDir, `${name}.stdio.log`),
      );
      args.servers.push(worker);
      await waitUntilUp(`http://127.0.0.1:${String(port)}`, worker, args.timeoutMs);
    })();
  });
  await Promise.all(started);
  return startSynapseRouter(args.mainPort, ports.persisters);
}

function logConfig(logFile: string, level: "INFO" | "WARNING"): Record<string, unknown> {
  return {
    version: 1,
    formatters: {
      precise: { format: "%(asctime)s - %(name)s - %(lineno)d - %(levelname)s - %(message)s" },
    },
    handlers: {
      file: {
        class: "logging.FileHandler",
        formatter: "precise",
        filename: logFile,
        encoding: "utf8",
      },
    },
    loggers: {
      "synapse.storage.SQL": { level: "WARNING" },
      "synapse.access.http": { level: "WARNING" },
    },
    root: { level, handlers: ["file"] },
    disable_existing_loggers: false,
  };
}

/** A Synapse signing key line, `ed25519 <key id> <unpadded base64 seed>`, made by node:crypto. */
function signingKeyLine(): string {
  const { privateKey } = generateKeyPairSync("ed25519");
  const jwk = privateKey.export({ format: "jwk" });
  if (jwk.d === undefined) throw new Error("node:crypto returned an ed25519 JWK without a seed");
  const seed = Buffer.from(jwk.d, "base64url").toString("base64").replace(/=+$/, "");
  return `ed25519 a_${randomBytes(3).toString("hex")} ${seed}`;
}

interface RunningServer {
  pid: number | undefined;
  /** Set once the process has exited. */
  exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  kill(): Promise<void>;
}

function launch(
  python: string,
  app: "homeserver" | "generic_worker",
  configPaths: string[],
  dataDir: string,
  stdioFile: string,
): RunningServer {
  const stdio = openSync(stdioFile, "a");
  const args = ["-m", `synapse.app.${app}`, ...configPaths.flatMap((c) => ["-c", c])];
  const child = spawn(python, args, {
    cwd: dataDir,
    stdio: ["ignore", stdio, stdio],
    env: { ...process.env, PYTHONUNBUFFERED: "1" },
  });
  closeSync(stdio);

  // If the test process dies without calling stop(), do not leave a server behind.
  const unguard = killOnExit(child);
  const server: RunningServer = {
    pid: child.pid,
    exited: undefined,
    async kill() {
      await stopChild(child, { graceMs: 5_000 });
      unguard();
    },
  };
  child.once("exit", (code, signal) => {
    server.exited = { code, signal };
  });
  child.once("error", (error) => {
    server.exited ??= { code: null, signal: null };
    void writeFile(stdioFile, `spawn failed: ${error.message}\n`, { flag: "a" });
  });
  return server;
}

async function waitUntilUp(
  baseUrl: string,
  server: RunningServer,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = "no answer yet";
  while (Date.now() < deadline) {
    if (server.exited !== undefined) {
      const { code, signal } = server.exited;
      throw new Error(`the process exited early (code ${String(code)}, signal ${String(signal)})`);
    }
    try {
      await matrixRequest(baseUrl, "GET", "/_matrix/client/versions", { timeoutMs: 2_000 });
      return;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await sleep(100);
  }
  throw new Error(`no answer from /_matrix/client/versions within ${timeoutMs} ms (${lastError})`);
}

async function readLogs(logFile: string, stdioFile: string, lines: number): Promise<string> {
  const log = await readFile(logFile, "utf8").catch(() => "");
  const stdio = await readFile(stdioFile, "utf8").catch(() => "");
  return [
    `[homeserver.log]\n${tail(log, lines) || "(empty)"}`,
    `[stdout/stderr]\n${tail(stdio, lines) || "(empty)"}`,
  ].join("\n");
}

function makeHandle(args: {
  baseUrl: string;
  serverName: string;
  sharedSecret: string;
  dataDir: string;
  logFile: string;
  /** The main process first, then its workers. */
  servers: RunningServer[];
  keepDataDir: boolean;
  database: { url: string; drop(): Promise<void> } | null;
  /** Run once the processes have stopped (the router, Redis). */
  after: () => Promise<void>;
  persisterSends?: readonly number[];
}): SynapseHandle {
  const { dataDir, servers, database } = args;
  const [server] = servers;
  if (server === undefined) throw new Error("makeHandle: no Synapse process");
  let stopping: Promise<void> | undefined;

  const removeOnExit = (): void => {
    if (!args.keepDataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  process.once("exit", removeOnExit);

  const handle = connectSynapse(args, () => {
    stopping ??= (async () => {
      // The workers first: the main process answers their last replication requests.
      await Promise.all(servers.slice(1).map((s) => s.kill()));
      await server.kill();
      await args.after();
      process.removeListener("exit", removeOnExit);
      if (!args.keepDataDir) await rm(dataDir, { recursive: true, force: true });
      await database?.drop();
    })();
    return stopping;
  });
  return {
    ...handle,
    ...(server.pid === undefined ? {} : { pid: server.pid }),
    pids: servers.flatMap((s) => (s.pid === undefined ? [] : [s.pid])),
    ...(args.persisterSends === undefined ? {} : { persisterSends: args.persisterSends }),
    ...(database === null ? {} : { databaseUrl: database.url }),
  };
}

/** What a process needs to use a Synapse that another process started (and will stop). */
export type SynapseAddress = Pick<
  SynapseHandle,
  "baseUrl" | "serverName" | "sharedSecret" | "dataDir" | "logFile"
>;

/** The address of a running Synapse, as plain data (e.g. to send to another process). */
export function synapseAddress(hs: SynapseAddress): SynapseAddress {
  const { baseUrl, serverName, sharedSecret, dataDir, logFile } = hs;
  return { baseUrl, serverName, sharedSecret, dataDir, logFile };
}

/**
 * A handle on a running Synapse, from its address: registering users (through the shared
 * secret) and reading its log work from any process; `stop` is what the caller makes of it.
 */
export function connectSynapse(address: SynapseAddress, stop: () => Promise<void>): SynapseHandle {
  const { baseUrl, sharedSecret, dataDir } = address;
  const stdioFile = path.join(dataDir, "stdio.log");
  let adminToken: Promise<string> | undefined;

  async function register(localpart: string, options: RegisterUserOptions) {
    const password = options.password ?? randomBytes(12).toString("hex");
    const admin = options.admin === true;
    const { nonce } = await matrixRequest<{ nonce: string }>(
      baseUrl,
      "GET",
      "/_synapse/admin/v1/register",
    );
    const mac = createHmac("sha1", sharedSecret)
      .update([nonce, localpart, password, admin ? "admin" : "notadmin"].join("\0"))
      .digest("hex");
    const result = await matrixRequest<{
      user_id: string;
      access_token: string;
      device_id: string;
    }>(baseUrl, "POST", "/_synapse/admin/v1/register", {
      body: {
        nonce,
        username: localpart,
        password,
        admin,
        displayname: options.displayName,
        mac,
      },
    });
    return {
      userId: result.user_id,
      accessToken: result.access_token,
      deviceId: result.device_id,
      password,
    };
  }

  async function overrideRateLimit(userId: string): Promise<void> {
    adminToken ??= register(`ptg-harness-admin-${randomBytes(3).toString("hex")}`, {
      admin: true,
    }).then((user) => user.accessToken);
    await matrixRequest(
      baseUrl,
      "POST",
      `/_synapse/admin/v1/users/${encodeURIComponent(userId)}/override_ratelimit`,
      { accessToken: await adminToken, body: { messages_per_second: 0, burst_count: 0 } },
    );
  }

  return {
    ...synapseAddress(address),
    async registerUser(localpart, options = {}) {
      const user = await register(localpart, options);
      if (options.keepRateLimits !== true) await overrideRateLimit(user.userId);
      return user;
    },
    overrideRateLimit,
    logTail: (lines = 40) => readLogs(address.logFile, stdioFile, lines),
    stop,
  };
}
