// The signed-in user's private calendar of followed tracks (issue 21): GET, POST and DELETE
// /api/v1/events/:slug/calendar. Browser-safe; the widget imports the type only.
import { Type, type Static } from "typebox";

export const CalendarTokenReplySchema = Type.Object(
  {
    active: Type.Boolean({ description: "Whether the user has a private calendar link" }),
    createdAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()], {
      description: "When the current link was made",
    }),
    url: Type.Union([Type.String(), Type.Null()], {
      description:
        "The private calendar's URL: only in the answer to POST (it is shown once; only its hash is kept)",
    }),
  },
  { additionalProperties: false },
);
export type CalendarTokenReply = Static<typeof CalendarTokenReplySchema>;
