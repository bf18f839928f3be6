// The widget's action routes, generated from the registry: one POST
// /events/:slug/actions/ACTION per kind that declares a `widget` action, validated and
// documented (OpenAPI) with the action's body schema (shared/operations/action-bodies.ts), and
// run as the kind's operation by action-run.ts (which refuses, with the chat's words, those
// without the standing the chat would need).
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyPluginCallback } from "fastify";
import { ACTION_BODIES, type ActionName } from "../../shared/operations/action-bodies.js";
import type { WidgetCall } from "../../shared/operations/kind.js";
import type { Operation } from "../../shared/operations/operation.js";
import { KINDS } from "../../shared/operations/registry.js";
import { sessionOf } from "../auth/bearer.js";
import { runAction } from "./action-run.js";
import { actionErrors, actionReply, slugParams } from "./action-schemas.js";
import type { ActionRoutesOptions } from "./actions-attendee.js";

/** A kind's widget action, seen without its kind's types. */
interface ExposedAction {
  action: ActionName;
  summary: string;
  /** Takes the body its action's schema validated. */
  call: (body: never) => WidgetCall<Operation>;
}

/** Every widget action, with the kind that declares it. */
export const WIDGET_ACTIONS: readonly ExposedAction[] = KINDS.flatMap((def) =>
  def.widget === null ? [] : [def.widget as ExposedAction],
);

export const actionRoutes: FastifyPluginCallback<ActionRoutesOptions> = (app, options, done) => {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  const guard = {
    onRequest: app.requireWidgetSession,
    ...(options.userLimiter === undefined ? {} : { preHandler: options.userLimiter }),
  };
  for (const { action, summary, call } of WIDGET_ACTIONS) {
    const body = ACTION_BODIES[action];
    typed.post(
      `/events/:slug/actions/${action}`,
      {
        ...guard,
        schema: {
          tags: ["widget"],
          summary,
          params: slugParams,
          body,
          response: { 200: actionReply, ...actionErrors },
        },
      },
      (request) => {
        // The body passed this action's schema: it is the body `call` takes.
        const { room, requestId } = request.body;
        const { operation, text } = (call as (body: unknown) => WidgetCall<Operation>)(
          request.body,
        );
        return runAction(options, {
          session: sessionOf(request),
          slug: request.params.slug,
          roomId: room,
          requestId,
          operation,
          text,
        });
      },
    );
  }
  done();
};
