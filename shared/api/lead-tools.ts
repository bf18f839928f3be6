// What the signed-in widget reads for leads and admins (server/routes/lead-tools.ts): the open
// requests to lead a track, and the conflict warnings on booked slots. Browser-safe; the widget
// imports the types only.
import { Type, type Static } from "typebox";

export const LeadRequestsReply = Type.Object(
  {
    admin: Type.Boolean({ description: "True: every open request; false: the user's own" }),
    requests: Type.Array(
      Type.Object(
        {
          number: Type.Integer({ description: "As `~leads approve N` names it" }),
          track: Type.String(),
          nick: Type.String({ description: "How the room named the requester" }),
          text: Type.String(),
          mine: Type.Boolean({ description: "Asked by the signed-in user" }),
          askedAt: Type.String({ format: "date-time" }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const SlotWarningsReply = Type.Object(
  {
    warnings: Type.Array(
      Type.Object(
        {
          track: Type.String(),
          room: Type.String({ description: "The schedule's room (not a Matrix room)" }),
          slot: Type.String(),
          text: Type.String({ description: "The booking reply's warning, in the chat's words" }),
          reason: Type.Union([Type.Literal("lead"), Type.Literal("followers")], {
            description: "lead: the tracks share a lead; followers: over a third of its followers",
          }),
          other: Type.String({ description: "The other track booked then" }),
          shared: Type.Integer({ description: "Followers of both (reason followers; else 0)" }),
          followers: Type.Integer({ description: "The track's followers" }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export type LeadRequestsReply = Static<typeof LeadRequestsReply>;
export type SlotWarningsReply = Static<typeof SlotWarningsReply>;
export type SlotWarning = SlotWarningsReply["warnings"][number];
