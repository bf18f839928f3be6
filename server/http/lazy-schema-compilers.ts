// Fastify compiles every route's request and response schemas when the server starts (about
// half of the server's CPU time to ready: issue 23). These compilers are Fastify's own (Ajv
// through @fastify/ajv-compiler, fast-json-stringify through its compiler), each route's schema
// compiled on the first request that needs it instead: same validation, same errors, same
// output; a route never asked for costs nothing, in time or memory.
import { AjvCompiler } from "@fastify/ajv-compiler";
import { SerializerSelector } from "@fastify/fast-json-stringify-compiler";
import type { FastifyServerOptions } from "fastify";

type CompilersFactory = NonNullable<
  NonNullable<FastifyServerOptions["schemaController"]>["compilersFactory"]
>;
type ValidatorFactory = NonNullable<CompilersFactory["buildValidator"]>;
type SerializerFactory = NonNullable<CompilersFactory["buildSerializer"]>;

type Compiled = ((...args: never[]) => unknown) & { errors?: unknown };
type TwoArguments = ((data: unknown, context: unknown) => unknown) & { errors?: unknown };

/**
 * A function that compiles itself with `compile` on its first call. Ajv's validators report
 * their failures in an `errors` property, which Fastify reads after the call: it is the
 * compiled function's.
 */
export function compiledOnFirstCall<F extends Compiled>(compile: () => F): F {
  let compiled: TwoArguments | null = null;
  // Two fixed parameters, the most Fastify passes (the data, and Ajv's data context): rest
  // parameters and a spread cost every validated request an array (issue 23).
  const run = (data: unknown, context?: unknown): unknown => {
    compiled ??= compile() as unknown as TwoArguments;
    return compiled(data, context);
  };
  Object.defineProperty(run, "errors", { get: () => compiled?.errors });
  return run as unknown as F;
}

/** What a compiler gives for one route: a validator (reports in `errors`) or a serializer. */
type RouteCompiler = (route: unknown) => Compiled;

/** A compiler factory whose compilers compile each route's schema on its first use. */
function lazyFactory<O>(
  build: (externalSchemas: unknown, options: O) => RouteCompiler,
): (externalSchemas: unknown, options: O) => RouteCompiler {
  return (externalSchemas, options) => {
    let compiler: RouteCompiler | null = null;
    return (route) =>
      compiledOnFirstCall(() => {
        compiler ??= build(externalSchemas, options);
        return compiler(route);
      });
  };
}

/** Fastify's default compilers, each schema compiled on first use. */
export function lazySchemaCompilers(): Required<CompilersFactory> {
  // The packages' types describe their factories loosely (Ajv's compile signature, not the
  // route definition Fastify passes): the functions are Fastify's own defaults, used as it does.
  const ajv = AjvCompiler() as unknown as (
    externalSchemas: unknown,
    options: unknown,
  ) => RouteCompiler;
  const stringify = SerializerSelector() as unknown as (
    externalSchemas: unknown,
    options: unknown,
  ) => RouteCompiler;
  return {
    buildValidator: lazyFactory(ajv) as unknown as ValidatorFactory,
    buildSerializer: lazyFactory(stringify) as unknown as SerializerFactory,
  };
}
