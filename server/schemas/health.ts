// The probes' answer (GET /healthz, /readyz): `{ status }`. Browser-safe.
import { Type, type Static } from "typebox";

export const HealthStatusSchema = Type.Object({ status: Type.String() });
export type HealthStatus = Static<typeof HealthStatusSchema>;
