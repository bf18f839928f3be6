// Each route's schemas compile on its first request (server/http/lazy-schema-compilers.ts): the
// server starts without compiling them, and requests are validated and serialized as with
// Fastify's own compilers.
import Fastify, { type FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import {
  compiledOnFirstCall,
  lazySchemaCompilers,
} from "../../server/http/lazy-schema-compilers.js";

describe("compiledOnFirstCall", () => {
  it("compiles on the first call only, and shows the compiled function's errors", () => {
    let compiles = 0;
    const validate = compiledOnFirstCall(() => {
      compiles++;
      const fn = (data: unknown): boolean => {
        fn.errors = data === 1 ? null : [{ message: "must be 1" }];
        return data === 1;
      };
      fn.errors = null as unknown;
      return fn;
    });
    expect(compiles).toBe(0);
    expect(validate.errors).toBeUndefined();
    expect(validate(2)).toBe(false);
    expect(validate.errors).toEqual([{ message: "must be 1" }]);
    expect(validate(1)).toBe(true);
    expect(validate.errors).toBeNull();
    expect(compiles).toBe(1);
  });
});

describe("lazy schema compilers in Fastify", () => {
  let app: FastifyInstance | null = null;
  afterEach(async () => {
    await app?.close();
    app = null;
  });

  function build(): FastifyInstance {
    const server = Fastify({
      ajv: { customOptions: { removeAdditional: false } },
      schemaController: { compilersFactory: lazySchemaCompilers() },
    });
    server.post(
      "/things/:id",
      {
        schema: {
          params: {
            type: "object",
            properties: { id: { type: "integer" } },
            required: ["id"],
          },
          body: {
            type: "object",
            properties: { name: { type: "string", minLength: 1 } },
            required: ["name"],
            additionalProperties: false,
          },
          response: {
            200: {
              type: "object",
              properties: { id: { type: "integer" }, name: { type: "string" } },
            },
          },
        },
      },
      (request) => ({
        ...(request.body as object),
        id: (request.params as { id: number }).id,
        secret: "never sent",
      }),
    );
    // A schema Ajv cannot compile: with eager compilers, ready() would fail.
    server.get("/broken", { schema: { querystring: { type: "no-such-type" } } }, () => "ok");
    return server;
  }

  it("starts without compiling any route's schema", async () => {
    app = build();
    await expect(app.ready()).resolves.toBeDefined();
    const broken = await app.inject({ method: "GET", url: "/broken" });
    expect(broken.statusCode).toBe(500);
  });

  it("validates bodies and params and serializes responses as Fastify's own compilers do", async () => {
    app = build();
    const ok = await app.inject({ method: "POST", url: "/things/7", payload: { name: "a" } });
    expect(ok.statusCode).toBe(200);
    // Params coerced to an integer; the field outside the response schema left out.
    expect(ok.json()).toEqual({ id: 7, name: "a" });

    const unknownField = await app.inject({
      method: "POST",
      url: "/things/7",
      payload: { name: "a", extra: 1 },
    });
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.json<{ message: string }>().message).toContain("additional properties");

    const empty = await app.inject({ method: "POST", url: "/things/7", payload: { name: "" } });
    expect(empty.statusCode).toBe(400);
    expect(empty.json<{ message: string }>().message).toBe(
      "body/name must NOT have fewer than 1 characters",
    );

    const badId = await app.inject({ method: "POST", url: "/things/x", payload: { name: "a" } });
    expect(badId.statusCode).toBe(400);
    expect(badId.json<{ message: string }>().message).toBe("params/id must be integer");
  });
});
