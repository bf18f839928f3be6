// The Synapse for the tests of a file or describe block, with the users they need registered (as
// clients). A Synapse that cannot start fails every test that asks for it (a throwing beforeAll
// would only mark them skipped).
//
// By default that is the run's shared Synapse (shared-synapse.ts, started once for the whole run
// on the first request). The suite's users are its own all the same: every localpart it registers
// gets a suffix unique to this `useSynapse` call (`mod` becomes `mod-k3x9q2`, display name still
// `mod`), so suites never see each other's users, and rooms are private to those who made them.
// A suite that needs a server of its own — another config, an application service registered,
// or a server it stops — asks for one with `own`; that one is started before its tests and
// stopped after them.
import { request } from "node:http";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, inject } from "vitest";
import { MatrixClient } from "./matrix-client.js";
import { SHARED_SYNAPSE_OPTIONS } from "./shared-synapse.js";
import {
  connectSynapse,
  ensureSynapseInstalled,
  startSynapse,
  type StartSynapseOptions,
  type SynapseAddress,
  type SynapseHandle,
} from "./synapse.js";

export interface UseSynapseOptions<User extends string> {
  /** Localparts to register once Synapse runs (each with its localpart as display name). */
  users?: readonly User[];
  /**
   * A Synapse of the suite's own, started with these options (or with what the function
   * returns, computed in the set-up: e.g. an application service registration made first).
   * Localparts are then registered as given. Default: the run's shared Synapse.
   */
  own?: StartSynapseOptions | (() => StartSynapseOptions | Promise<StartSynapseOptions>);
}

/** The running Synapse, with a client for each user the suite asked for. */
export type SynapseSuite<User extends string = never> = SynapseHandle & {
  users: Record<User, MatrixClient>;
};

export function useSynapse<User extends string = never>(
  options: UseSynapseOptions<User> = {},
): () => SynapseSuite<User> {
  const { users: localparts = [], own } = options;
  let suite: SynapseSuite<User> | undefined;
  let started: SynapseHandle | undefined;
  let setupError: unknown;
  beforeAll(async () => {
    try {
      const shared = inject("sharedSynapse");
      let hs: SynapseHandle;
      if (own !== undefined) {
        await ensureSynapseInstalled(); // a first install takes about half a minute
        started = await startSynapse(typeof own === "function" ? await own() : own);
        hs = started;
      } else if (shared !== undefined) {
        hs = suffixedUsers(connectSynapse(await sharedSynapse(shared), stopShared));
      } else {
        // A run without the globalSetup (another config): a server like the shared one.
        await ensureSynapseInstalled();
        started = await startSynapse(SHARED_SYNAPSE_OPTIONS);
        hs = suffixedUsers(started);
      }
      const users = {} as Record<User, MatrixClient>;
      for (const localpart of localparts) {
        const user = await hs.registerUser(localpart, { displayName: localpart });
        users[localpart] = new MatrixClient(hs.baseUrl, user.accessToken, user.userId);
      }
      suite = { ...hs, users };
    } catch (error) {
      setupError = error;
    }
  }, 15 * 60_000);
  afterAll(async () => {
    await started?.stop();
  }, 30_000);
  return () => {
    if (suite === undefined) {
      throw setupError instanceof Error ? setupError : new Error("Synapse did not start");
    }
    return suite;
  };
}

/** Whether the suite's Synapse runs: a set-up that needs it returns early (its tests then fail). */
export function synapseStarted(suite: () => unknown): boolean {
  try {
    suite();
    return true;
  } catch {
    return false;
  }
}

function stopShared(): Promise<void> {
  return Promise.reject(
    new Error("The shared Synapse stops with the run: ask useSynapse for `own` to stop one"),
  );
}

/**
 * The handle with every localpart made unique to it (`mod` → `mod-<tag>`), and by default the
 * display name the plain localpart (what Synapse would have given the unsuffixed user).
 */
function suffixedUsers(hs: SynapseHandle): SynapseHandle {
  const tag = randomBytes(5).toString("hex");
  return {
    ...hs,
    registerUser: (localpart, userOptions = {}) =>
      hs.registerUser(`${localpart}-${tag}`, {
        ...userOptions,
        displayName: userOptions.displayName ?? localpart,
      }),
  };
}

/** Asks the run's coordinator (shared-synapse.ts) for the shared Synapse, starting it if need be. */
function sharedSynapse(url: string): Promise<SynapseAddress> {
  return new Promise((resolve, reject) => {
    // No timeout here: a first start may install Synapse (the hook's timeout bounds the wait).
    const asking = request(url, { method: "POST" }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => {
        try {
          const parsed = JSON.parse(body) as SynapseAddress | { error: string };
          if ("error" in parsed) reject(new Error(parsed.error));
          else resolve(parsed);
        } catch {
          reject(new Error(`The shared Synapse's coordinator answered ${body.slice(0, 200)}`));
        }
      });
      response.on("error", reject);
    });
    asking.on("error", (error) => {
      reject(new Error(`The shared Synapse's coordinator did not answer: ${error.message}`));
    });
    asking.end();
  });
}
