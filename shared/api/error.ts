// The one error shape of the HTTP API: `{ error: { code, message } }`, whatever failed.
// Browser-safe: the server sends it, the widget reads its message.
import { Type, type Static } from "typebox";

export const ErrorBodySchema = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: "Stable, machine-readable code, e.g. `not_found`" }),
      message: Type.String({ description: "What went wrong, for people" }),
    }),
  },
  { description: "An error" },
);
export type ErrorBody = Static<typeof ErrorBodySchema>;
