// Attendees' subscriptions stay out of the public ptg.json (served with CORS *) unless the
// operator publishes them; the export used for backups keeps them.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportPtgbot } from "../../shared/ptgbot/export.js";
import { findEvent } from "../../shared/store/events.js";
import { storeKinds, type TestStore } from "../support/stores.js";
import { command, serverFor, SLUG, storeWithFixture } from "./support.js";

describe.each(storeKinds())("subscriptions in ptg.json (%s)", (kind) => {
  let store: TestStore;
  let hidden: FastifyInstance;
  let published: FastifyInstance;

  beforeAll(async () => {
    store = await storeWithFixture(kind);
    await command(store, "+subscribe swift|nova");
    hidden = await serverFor(store);
    published = await serverFor(store, {
      config: { publicUrl: "http://ptg.test", publishSubscriptions: true },
    });
  });
  afterAll(async () => {
    await hidden.close();
    await published.close();
    await store.close();
  });

  const subscriptions = async (app: FastifyInstance) => {
    const res = await app.inject(`/events/${SLUG}/ptg.json`);
    expect(res.statusCode).toBe(200);
    return res.json<{ subscriptions: Record<string, string> }>().subscriptions;
  };

  it("leaves them out by default (the key stays, empty)", async () => {
    expect(await subscriptions(hidden)).toEqual({});
  });

  it("publishes them when the operator sets PTG_PUBLISH_SUBSCRIPTIONS", async () => {
    expect(await subscriptions(published)).toEqual({ mod: "swift|nova" });
  });

  it("keeps them in the export used by the console and the CLI", async () => {
    const event = await findEvent(store.db, SLUG);
    if (event === undefined) throw new Error("the event is missing");
    expect((await exportPtgbot(store.db, event.id)).subscriptions).toEqual({ mod: "swift|nova" });
  });
});
