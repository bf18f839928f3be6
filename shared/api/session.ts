// The widget's sign-in and "who am I here" shapes: POST /api/v1/sessions (an OpenID token in,
// a session token out) and GET /api/v1/events/:slug/me. Browser-safe.
import { Type, type Static } from "typebox";

export const OpenIdBodySchema = Type.Object(
  {
    access_token: Type.String({ minLength: 1, maxLength: 2048 }),
    matrix_server_name: Type.String({ minLength: 1, maxLength: 255 }),
    token_type: Type.Optional(Type.String({ maxLength: 64 })),
    expires_in: Type.Optional(Type.Number()),
  },
  {
    description: "The OpenID token the Matrix client gave the widget (MSC1960)",
    additionalProperties: false,
  },
);
export type OpenIdBody = Static<typeof OpenIdBodySchema>;

export const SessionReplySchema = Type.Object(
  {
    token: Type.String({ description: "Send as `Authorization: Bearer <token>`" }),
    userId: Type.String({ description: "The verified Matrix user id" }),
    expiresAt: Type.String({ format: "date-time" }),
  },
  { additionalProperties: false },
);
export type SessionReply = Static<typeof SessionReplySchema>;

/** The three kinds of command a user may or may not run (shared/auth). */
const MayKindsSchema = Type.Object(
  { user: Type.Boolean(), track: Type.Boolean(), admin: Type.Boolean() },
  { additionalProperties: false },
);

const ReasonsSchema = Type.Object(
  {
    user: Type.Optional(Type.String()),
    track: Type.Optional(Type.String()),
    admin: Type.Optional(Type.String()),
  },
  {
    description: "Why not, in the chat's words, for each kind the user may not do",
    additionalProperties: false,
  },
);

const PowerFreshnessSchema = Type.Object(
  {
    ageSeconds: Type.Union([Type.Number(), Type.Null()]),
    maxAgeSeconds: Type.Number(),
    fresh: Type.Boolean(),
  },
  {
    description:
      "How fresh the stored power level and membership are: seconds since a bot last synced " +
      "(null: never). When not fresh, actions answer 503 until a bot syncs again.",
    additionalProperties: false,
  },
);

const TrackLinksSchema = Type.Record(
  Type.String(),
  Type.Object(
    {
      url: Type.Union([Type.String(), Type.Null()], {
        description: "The track's meeting link (its own, else its room's), or null",
      }),
      etherpad: Type.String(),
    },
    { additionalProperties: false },
  ),
  {
    description:
      "With `~privatelinks on`: each track's meeting link and etherpad, which the public state leaves out (the user is a member of one of the event's rooms); null when the links are public",
  },
);
export type TrackLinks = Static<typeof TrackLinksSchema>;

export const MeReplySchema = Type.Object(
  {
    userId: Type.String(),
    name: Type.String({
      description: "How the room names the user (display name, else localpart), as the chat does",
    }),
    roomId: Type.String(),
    event: Type.String(),
    powerLevel: Type.Integer({
      description: "In that room; room creators in room version 12+ outrank every level",
    }),
    creator: Type.Boolean(),
    may: MayKindsSchema,
    why: ReasonsSchema,
    leads: Type.Array(Type.String(), { description: "The tracks the user leads" }),
    tracks: Type.Union([Type.Literal("all"), Type.Array(Type.String())], {
      description:
        "Whose track commands (now, next, book…) the user may use: every track's, or only " +
        "these (after ~requireleads: the tracks they lead), by the chat's rule",
    }),
    expiresAt: Type.String({ format: "date-time", description: "When the session ends" }),
    powerFreshness: PowerFreshnessSchema,
    links: Type.Union([TrackLinksSchema, Type.Null()]),
  },
  { additionalProperties: false },
);
export type MeReply = Static<typeof MeReplySchema>;
