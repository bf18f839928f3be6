// A real OpenID token from a test homeserver's client-server API, as Element gets one for a
// widget (what the widget sends to POST /api/v1/sessions).
import type { MatrixClient } from "./matrix-client.js";

export interface OpenIdToken {
  access_token: string;
  expires_in: number;
  matrix_server_name: string;
  token_type: string;
}

export function openIdToken(user: MatrixClient): Promise<OpenIdToken> {
  return user.request<OpenIdToken>(
    "POST",
    `/user/${encodeURIComponent(user.userId)}/openid/request_token`,
    { body: {} },
  );
}
