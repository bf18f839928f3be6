// The schema of a live-stream change message (`event: change`, shared/api/stream.ts): what
// changed between two versions of an event's state. Kept apart from state-change.ts, which the
// widget imports as values, so that TypeBox stays out of the widget's bundle.
import { Type, type Static } from "typebox";
import { EventStateSchema, TrackStateSchema } from "./event-state.js";
import { IsoTime } from "./schema-helpers.js";

/** Top-level fields that a change replaces whole. */
export const ReplacedFieldsSchema = Type.Omit(EventStateSchema, [
  "slug",
  "version",
  "updatedAt",
  "tracks",
]);
export type ReplacedFields = Static<typeof ReplacedFieldsSchema>;

export const StateChangeSchema = Type.Object(
  {
    version: Type.Integer({ description: "The version this change brings the state to" }),
    from: Type.Integer({ description: "The version this change applies on top of" }),
    updatedAt: IsoTime,
    set: Type.Partial(ReplacedFieldsSchema, { description: "Top-level fields replaced whole" }),
    tracks: Type.Optional(
      Type.Object(
        { upsert: Type.Array(TrackStateSchema), remove: Type.Array(Type.String()) },
        { description: "Tracks added or changed (whole), and names of tracks removed" },
      ),
    ),
  },
  { description: "What changed between two versions of an event's state" },
);
export type StateChange = Static<typeof StateChangeSchema>;
