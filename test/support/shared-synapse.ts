// vitest globalSetup: the run's one plain Synapse, shared by every test file that asks
// `useSynapse()` for one without options of its own. Starting a Synapse costs seconds of CPU, and
// most suites only need users and rooms of their own, which unique localparts give them
// (use-synapse.ts), so one server serves them all.
//
// It starts on the first request, not with the run: a run of files that need no homeserver
// (`vitest run test/core`) pays nothing. Test files run in worker processes and globalSetup in
// the main one, so the main process answers a small HTTP endpoint on 127.0.0.1: POST /synapse
// starts the server once (later requests wait for that start) and answers its address, or 500
// with why it did not start — every suite that asked then fails with that message.
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { TestProject } from "vitest/node";
import {
  startSynapse,
  synapseAddress,
  type StartSynapseOptions,
  type SynapseHandle,
} from "./synapse.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The URL of the endpoint that starts, once, and names the run's shared Synapse. */
    sharedSynapse?: string;
  }
}

export const SHARED_SYNAPSE_PATH = "/synapse";

/** The shared server's options: the OpenID resource, which the widget sign-in suites need. */
export const SHARED_SYNAPSE_OPTIONS: StartSynapseOptions = { extraResources: ["openid"] };

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let starting: Promise<SynapseHandle> | undefined;
  const reply = (response: ServerResponse, status: number, body: unknown): void => {
    response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  };
  const endpoint = createServer((request, response) => {
    request.resume();
    if (request.method !== "POST" || request.url !== SHARED_SYNAPSE_PATH) {
      reply(response, 404, { error: "not found" });
      return;
    }
    starting ??= startSynapse(SHARED_SYNAPSE_OPTIONS);
    starting.then(
      (hs) => {
        reply(response, 200, synapseAddress(hs));
      },
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        reply(response, 500, { error: `The shared Synapse did not start: ${message}` });
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    endpoint.once("error", reject);
    endpoint.listen(0, "127.0.0.1", resolve);
  });
  const { port } = endpoint.address() as AddressInfo;
  project.provide("sharedSynapse", `http://127.0.0.1:${String(port)}${SHARED_SYNAPSE_PATH}`);

  return async () => {
    endpoint.closeAllConnections();
    await new Promise<void>((resolve) => {
      endpoint.close(() => {
        resolve();
      });
    });
    const hs = await starting?.catch(() => undefined);
    await hs?.stop();
  };
}
