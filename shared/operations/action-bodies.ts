// The request bodies of the widget's action routes (POST /api/v1/events/:slug/actions/ACTION),
// as TypeBox schemas: the server validates with them and documents them (OpenAPI), and the
// widget's typed client (widget/src/actions.ts) takes its request types from them. Which kind
// each action runs is declared in the kind's module (kinds/*.ts, `widget`). Browser-safe: only
// typebox and types.
import { Type, type Static } from "typebox";
import { BANNER_LEVELS, type BannerLevel } from "../api/event-state.js";

export const matrixRoom = Type.String({
  pattern: "^![\\x21-\\x7e]+$",
  maxLength: 255,
  description: "The Matrix room the widget is shown in (`$matrix_room_id`)",
});

const requestId = Type.String({
  pattern: "^[A-Za-z0-9_-]{8,64}$",
  description:
    "Chosen by the widget for each action: the same id again (a retry) is answered with the " +
    "first answer and changes nothing more",
});

const track = Type.String({
  minLength: 1,
  maxLength: 100,
  description: "A track's name, with or without `#`",
});

/** The text of a now/next topic or banner (the core refuses what is too long, in its words). */
const text = Type.String({ maxLength: 2000 });

/** A body: the Matrix room, an optional request id, and the action's own fields. */
const body = <P extends Record<string, Parameters<typeof Type.Object>[0][string]>>(fields: P) =>
  Type.Object(
    { room: matrixRoom, requestId: Type.Optional(requestId), ...fields },
    { additionalProperties: false },
  );

const trackBody = body({ track });
const topicBody = body({ track, topic: text });
const slotBody = body({
  track,
  venueRoom: Type.String({
    minLength: 1,
    maxLength: 255,
    description: "The room of the schedule (not a Matrix room)",
  }),
  slot: Type.String({ minLength: 1, maxLength: 64, description: "The slot's code" }),
});

const leadRequestBody = body({
  number: Type.Integer({
    minimum: 1,
    maximum: 999999,
    description: "The lead request's number, as `~leads` lists it",
  }),
});

export const ACTION_BODIES = {
  "check-in": body({
    place: Type.String({
      minLength: 1,
      maxLength: 1000,
      description: "A track (`#nova`) or any place",
    }),
  }),
  "check-out": body({}),
  seen: body({ nick: Type.String({ minLength: 1, maxLength: 255, pattern: "^\\S+$" }) }),
  follow: trackBody,
  unfollow: trackBody,
  now: topicBody,
  next: topicBody,
  clean: trackBody,
  book: slotBody,
  unbook: slotBody,
  banner: body({
    // An enum, as the API has always documented it (not TypeBox's union of literals).
    level: Type.Unsafe<BannerLevel>({ type: "string", enum: [...BANNER_LEVELS] }),
    message: text,
  }),
  "remove-banner": body({
    number: Type.Integer({
      minimum: 1,
      maximum: 999999,
      description: "The banner's number, counting from 1 as shown",
    }),
  }),
  "request-lead": body({
    track,
    text: Type.String({ maxLength: 2000, description: "One line: why the user would lead it" }),
  }),
  "approve-lead": leadRequestBody,
  "refuse-lead": leadRequestBody,
} as const;

export type ActionName = keyof typeof ACTION_BODIES;

/** The body of one action, as the server receives it. */
export type ActionBody<A extends ActionName> = Static<(typeof ACTION_BODIES)[A]>;

/** What the widget fills in for an action (the room and request id are added for it). */
export type ActionFields<A extends ActionName> = Omit<ActionBody<A>, "room" | "requestId">;
