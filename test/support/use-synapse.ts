// One Synapse for the tests of a file or describe block: started before them, stopped after.
// A Synapse that cannot start fails every test that asks for it (a throwing beforeAll would
// only mark them skipped).
import { afterAll, beforeAll } from "vitest";
import {
  ensureSynapseInstalled,
  startSynapse,
  type StartSynapseOptions,
  type SynapseHandle,
} from "./synapse.js";

export function useSynapse(options: StartSynapseOptions = {}): () => SynapseHandle {
  let synapse: SynapseHandle | undefined;
  let setupError: unknown;
  beforeAll(async () => {
    try {
      await ensureSynapseInstalled(); // a first install takes about half a minute
      synapse = await startSynapse(options);
    } catch (error) {
      setupError = error;
    }
  }, 15 * 60_000);
  afterAll(async () => {
    await synapse?.stop();
  }, 30_000);
  return () => {
    if (synapse === undefined) {
      throw setupError instanceof Error ? setupError : new Error("Synapse did not start");
    }
    return synapse;
  };
}
