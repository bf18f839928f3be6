// JSON schemas of the widget's action routes (routes/actions-*.ts): every body names the Matrix
// room the widget is in, and may carry a request id that makes a retry harmless.
import { errorSchema, slugParams } from "../schemas/common.js";

export { slugParams };

export const matrixRoomProperty = {
  type: "string",
  pattern: "^![\\x21-\\x7e]+$",
  maxLength: 255,
  description: "The Matrix room the widget is shown in (`$matrix_room_id`)",
} as const;

export const requestIdProperty = {
  type: "string",
  pattern: "^[A-Za-z0-9_-]{8,64}$",
  description:
    "Chosen by the widget for each action: the same id again (a retry) is answered with the " +
    "first answer and changes nothing more",
} as const;

export const trackProperty = {
  type: "string",
  minLength: 1,
  maxLength: 100,
  description: "A track's name, with or without `#`",
} as const;

/** The text of a now/next topic or banner (the core refuses what is too long, in its words). */
export const textProperty = { type: "string", maxLength: 2000 } as const;

export const roomQuery = {
  type: "object",
  required: ["room"],
  properties: { room: matrixRoomProperty },
  additionalProperties: false,
} as const;

/** The properties every action body has. */
export const actionProperties = {
  room: matrixRoomProperty,
  requestId: requestIdProperty,
} as const;

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
