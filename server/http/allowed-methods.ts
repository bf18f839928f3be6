// Which methods a path answers: every route is recorded (onRoute) in a second router of the
// same kind as Fastify's (find-my-way, same matching rules), so that a request whose path is
// known but whose method is not gets 405 with an Allow header instead of 404.
import type { FastifyInstance } from "fastify";
import FindMyWay, { type HTTPMethod } from "find-my-way";

export type AllowedMethods = (path: string) => string[];

/** Records the routes added from now on (call before registering them). */
export function recordRoutes(app: FastifyInstance): AllowedMethods {
  const router = FindMyWay({ maxParamLength: Number.MAX_SAFE_INTEGER });
  const methods = new Set<HTTPMethod>();
  app.addHook("onRoute", (route) => {
    const list = (Array.isArray(route.method) ? route.method : [route.method]) as HTTPMethod[];
    for (const method of list) {
      if (router.hasRoute(method, route.url)) continue;
      router.on(method, route.url, () => undefined);
      methods.add(method);
    }
  });
  return (path) => {
    const bare = path.split("?")[0] ?? "";
    return [...methods].filter((method) => router.find(method, bare) !== null).sort();
  };
}
