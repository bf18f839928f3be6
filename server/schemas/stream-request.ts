// What a client may send when it opens the live stream (shared/api/stream.ts): the version it
// has, in the query or in the Last-Event-ID header. Apart from stream.ts, which the widget
// imports as values, so that TypeBox stays out of the widget's bundle.
import { Type, type Static } from "typebox";

export const StreamQuerySchema = Type.Object({
  lastEventId: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: 999_999_999_999_999,
      description: "The last version the client has (like the Last-Event-ID header)",
    }),
  ),
});
export type StreamQuery = Static<typeof StreamQuerySchema>;

export const StreamHeadersSchema = Type.Object({ "last-event-id": Type.Optional(Type.String()) });
export type StreamHeaders = Static<typeof StreamHeadersSchema>;
