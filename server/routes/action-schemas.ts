// Schemas the widget's action routes share (routes/actions.ts), besides each action's body
// (shared/operations/action-bodies.ts): the path, the answer and the error answers.
import { Type } from "typebox";
import { matrixRoom } from "../../shared/operations/action-bodies.js";
import { errorSchema, slugProperty } from "../schemas/common.js";

export const slugParams = Type.Object(
  { slug: Type.Unsafe<string>(slugProperty) },
  { additionalProperties: false },
);

export const roomQuery = Type.Object({ room: matrixRoom }, { additionalProperties: false });

export const actionReply = {
  type: "object",
  description: "Done: the result in the chat's words",
  required: ["result", "reply", "repeated"],
  properties: {
    result: { type: "string", enum: ["ok"] },
    reply: {
      type: "string",
      description: "What the chat replies to the same command (empty when the chat says nothing)",
    },
    repeated: {
      type: "boolean",
      description: "True when this request id was seen before: nothing was done again",
    },
  },
  additionalProperties: false,
} as const;

export const actionErrors = {
  400: errorSchema,
  401: errorSchema,
  403: errorSchema,
  404: errorSchema,
  409: errorSchema,
  429: errorSchema,
  500: errorSchema,
  503: errorSchema,
} as const;
