// Path parameters and query fields that several API routes share. Browser-safe.
import { Type, type Static } from "typebox";
import { SLUG_PATTERN } from "../../shared/domain/slug.js";

export const SlugSchema = Type.String({
  pattern: SLUG_PATTERN,
  description: "The event's slug (e.g. `DEN-ptg`)",
});

export const SlugParamsSchema = Type.Object({ slug: SlugSchema }, { additionalProperties: false });
export type SlugParams = Static<typeof SlugParamsSchema>;

/** A Matrix room id, as the widget gets it (`$matrix_room_id`). */
export const MatrixRoomIdSchema = Type.String({
  pattern: "^![\\x21-\\x7e]+$",
  maxLength: 255,
  description: "The Matrix room the widget is shown in (`$matrix_room_id`)",
});

export const RoomQuerySchema = Type.Object(
  { room: MatrixRoomIdSchema },
  { additionalProperties: false },
);
export type RoomQuery = Static<typeof RoomQuerySchema>;
