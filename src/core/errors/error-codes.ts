/**
 * Every error code the API can answer with, and the HTTP status it maps to. Codes are part of the public
 * contract: clients branch on them, so a code is never renamed once released.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  CSRF_REJECTED: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  EMAIL_TAKEN: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
  // --- Notion OAuth (src/oauth/oauth.errors.ts) ---
  OAUTH_STATE_INVALID: 400,
  // The code was granted by another Notion user than the one this account connects as (a stolen code).
  OAUTH_GRANT_OWNER_MISMATCH: 403,
  // The Notion user who granted is bound to another account of this service.
  NOTION_USER_BOUND_ELSEWHERE: 409,
  // 409, not 400/401: the request is fine and the session is fine; the account's Notion connection is in a
  // state (missing, or revoked/expired at Notion) that the user resolves at /app. A 401 would read as "your
  // session ended" and make clients sign the user out.
  NOTION_NOT_CONNECTED: 409,
  NOTION_REAUTH_REQUIRED: 409,
  // Notion (or the network to it) failed the token exchange or refresh; the caller may retry.
  OAUTH_EXCHANGE_FAILED: 502,
  // Notion (src/notion/notion.errors.ts).
  NOTION_OBJECT_NOT_FOUND: 404,
  NOTION_ACCESS_DENIED: 403,
  // 422, not 502: what Notion refused is content the client sent (a select option with a comma, too many
  // relations...), so the client can fix it; our own request builders are tested never to break Notion's limits.
  NOTION_VALIDATION_FAILED: 422,
  NOTION_RATE_LIMITED: 429,
  // Markdown nested deeper than the converter reads (lists and quotes; the limit is in the message).
  CONTENT_NESTING_TOO_DEEP: 400,
  NOTION_UNAVAILABLE: 503,
  // The person trashed (or deleted) their "Personal Assistant" page or its Table of Contents in Notion: nothing
  // is written until they choose, in GET /workspace or /app, to restore it or to start a new workspace.
  NOTION_WORKSPACE_TRASHED: 409,
  // POST /workspace/restore on a workspace Notion deleted for good: only starting a new one is left. (Not
  // NOTION_-prefixed: only the two workspace routes answer these, not every route that reaches Notion.)
  WORKSPACE_GONE: 409,
  // POST /workspace/start-new while the workspace is in place: there is nothing to start over from.
  WORKSPACE_ACTIVE: 409,
  // --- Agent tools, API keys, assistant (src/tools/tools.errors.ts, src/auth/api-keys/api-keys.errors.ts,
  // src/assistant/assistant.errors.ts) ---
  TOOL_NOT_FOUND: 404,
  // The key is valid, the route is closed to keys: a key never manages credentials (keys, sessions).
  API_KEY_NOT_ALLOWED: 403,
  LLM_NOT_CONFIGURED: 503,
  // The configured model failed (unreachable, timed out, answered with an error or nonsense).
  LLM_FAILED: 502,
  // A held assistant action that was already confirmed or declined.
  ASSISTANT_ACTION_RESOLVED: 409,
  // A held assistant action older than its confirmation window: ask the assistant again.
  ASSISTANT_ACTION_EXPIRED: 409,
  // --- MCP authorization (src/mcp-auth/mcp-auth.errors.ts) ---
  // The consent page got an authorization request it cannot act on (unknown client, unregistered redirect URI).
  MCP_AUTHORIZATION_INVALID: 400,
  // OAuth for /mcp needs an https PUBLIC_URL (or a loopback one); API keys work meanwhile.
  MCP_AUTH_DISABLED: 409,
  // --- Notes (src/notes/notes.errors.ts) ---
  // The note is in the trash: restore it first (POST /notes/{id}/restore).
  NOTE_IN_TRASH: 409,
  // A link from a note to itself.
  NOTE_LINK_INVALID: 400,
  // A `cursor` that this API did not hand out (or for another query).
  NOTE_CURSOR_INVALID: 400,
  // A Notion webhook delivery whose X-Notion-Signature is missing or wrong, or that came before any
  // verification token was known (src/notes/changes): nothing of it is stored.
  WEBHOOK_SIGNATURE_INVALID: 401,
  // --- Note pages and links (src/pages/pages.errors.ts) ---
  // A page cannot be linked to itself.
  PAGE_LINK_TO_SELF: 400,
  // The two pages are already linked in this direction.
  PAGE_LINK_EXISTS: 409,
  // The user's "Personal Assistant" page holds their notes database: it is not trashed through the API.
  PAGE_PROTECTED: 409,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

export function statusForCode(code: ErrorCode): number {
  return ERROR_STATUS[code];
}

/** Maps a bare HTTP status (from Nest or a library) to our generic code for it. */
export function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'BAD_REQUEST';
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 405:
      return 'METHOD_NOT_ALLOWED';
    case 409:
      return 'CONFLICT';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 415:
      return 'UNSUPPORTED_MEDIA_TYPE';
    case 429:
      return 'RATE_LIMITED';
    case 503:
      return 'SERVICE_UNAVAILABLE';
    default:
      return status >= 500 ? 'INTERNAL' : 'BAD_REQUEST';
  }
}
