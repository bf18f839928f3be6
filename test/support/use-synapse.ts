// One Synapse for the tests of a file or describe block: started before them (with the users
// they need registered, as clients), stopped after. A Synapse that cannot start fails every
// test that asks for it (a throwing beforeAll would only mark them skipped).
import { afterAll, beforeAll } from "vitest";
import { MatrixClient } from "./matrix-client.js";
import {
  ensureSynapseInstalled,
  startSynapse,
  type StartSynapseOptions,
  type SynapseHandle,
} from "./synapse.js";

export interface UseSynapseOptions<User extends string> extends StartSynapseOptions {
  /** Localparts to register once Synapse runs (each with its localpart as display name). */
  users?: readonly User[];
}

/** The running Synapse, with a client for each user the suite asked for. */
export type SynapseSuite<User extends string = never> = SynapseHandle & {
  users: Record<User, MatrixClient>;
};

export function useSynapse<User extends string = never>(
  options: UseSynapseOptions<User> = {},
): () => SynapseSuite<User> {
  const { users: localparts = [], ...startOptions } = options;
  let suite: SynapseSuite<User> | undefined;
  let synapse: SynapseHandle | undefined;
  let setupError: unknown;
  beforeAll(async () => {
    try {
      await ensureSynapseInstalled(); // a first install takes about half a minute
      synapse = await startSynapse(startOptions);
      const hs = synapse;
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
    await synapse?.stop();
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
