// Every widget-exposed operation kind has its action route in the OpenAPI document, with the
// body schema the server validates with (shared/operations/action-bodies.ts).
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer } from "../../server/app.js";
import { WIDGET_ACTIONS } from "../../server/routes/actions.js";
import { ACTION_BODIES, type ActionName } from "../../shared/operations/action-bodies.js";
import { openTestStore, type TestStore } from "../support/stores.js";

describe("the widget's action routes in the OpenAPI document", () => {
  let store: TestStore;
  let app: FastifyInstance;
  beforeAll(async () => {
    store = await openTestStore("pglite");
    app = await buildServer({ store, config: { publicUrl: "http://ptg.test" }, widgetAuth: {} });
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it.each(WIDGET_ACTIONS.map((w) => [w.action] as const))(
    "documents POST /api/v1/events/{slug}/actions/%s with its body schema",
    async (action: ActionName) => {
      const doc = (await app.inject("/docs/json")).json<{
        paths: Record<string, { post?: { requestBody?: { content: Record<string, unknown> } } }>;
      }>();
      const post = doc.paths[`/api/v1/events/{slug}/actions/${action}`]?.post;
      expect(post).toBeDefined();
      const schema = post?.requestBody?.content["application/json"] as
        { schema: { properties: Record<string, unknown>; required?: string[] } } | undefined;
      const body = ACTION_BODIES[action];
      expect(Object.keys(schema?.schema.properties ?? {})).toEqual(Object.keys(body.properties));
      expect(schema?.schema.required ?? []).toEqual(body.required);
    },
  );
});
