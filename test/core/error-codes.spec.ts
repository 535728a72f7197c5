import '../../src/app.module';
import { API_KEY_ERROR_STATUS } from '../../src/auth/api-keys/api-keys.errors';
import { AUTH_ERROR_STATUS } from '../../src/auth/auth.errors';
import { ASSISTANT_ERROR_STATUS } from '../../src/assistant/assistant.errors';
import { CORE_ERROR_STATUS, ERROR_STATUS, registerErrorStatus, type ErrorCode } from '../../src/core/errors/error-codes';
import { MCP_AUTH_ERROR_STATUS } from '../../src/mcp-auth/mcp-auth.errors';
import { NOTION_CHANGE_ERROR_STATUS } from '../../src/notes/changes/notion-change.errors';
import { NOTE_ERROR_STATUS } from '../../src/notes/notes.errors';
import { NOTION_ERROR_STATUS } from '../../src/notion/notion.errors';
import { OAUTH_ERROR_STATUS } from '../../src/oauth/oauth.errors';
import { PAGE_ERROR_STATUS } from '../../src/pages/pages.errors';
import { TOOL_ERROR_STATUS } from '../../src/tools/tools.errors';

/**
 * The public contract as it stood when the codes moved beside their features: a code whose status changes,
 * or that disappears, fails here. Typed as every ErrorCode and nothing else, so a new code must be added.
 */
const CONTRACT: { [Code in ErrorCode]: number } = {
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
  OAUTH_STATE_INVALID: 400,
  OAUTH_GRANT_OWNER_MISMATCH: 403,
  NOTION_USER_BOUND_ELSEWHERE: 409,
  NOTION_NOT_CONNECTED: 409,
  NOTION_REAUTH_REQUIRED: 409,
  OAUTH_EXCHANGE_FAILED: 502,
  NOTION_OBJECT_NOT_FOUND: 404,
  NOTION_ACCESS_DENIED: 403,
  NOTION_VALIDATION_FAILED: 422,
  NOTION_RATE_LIMITED: 429,
  CONTENT_NESTING_TOO_DEEP: 400,
  NOTION_UNAVAILABLE: 503,
  NOTION_WORKSPACE_TRASHED: 409,
  WORKSPACE_GONE: 409,
  WORKSPACE_ACTIVE: 409,
  TOOL_NOT_FOUND: 404,
  API_KEY_NOT_ALLOWED: 403,
  LLM_NOT_CONFIGURED: 503,
  LLM_FAILED: 502,
  ASSISTANT_ACTION_RESOLVED: 409,
  ASSISTANT_ACTION_EXPIRED: 409,
  MCP_AUTHORIZATION_INVALID: 400,
  MCP_AUTH_DISABLED: 409,
  NOTE_IN_TRASH: 409,
  NOTE_LINK_INVALID: 400,
  NOTE_CURSOR_INVALID: 400,
  WEBHOOK_SIGNATURE_INVALID: 401,
  PAGE_LINK_TO_SELF: 400,
  PAGE_LINK_EXISTS: 409,
  PAGE_PROTECTED: 409,
};

const FEATURE_MAPS = {
  core: CORE_ERROR_STATUS,
  auth: AUTH_ERROR_STATUS,
  apiKeys: API_KEY_ERROR_STATUS,
  oauth: OAUTH_ERROR_STATUS,
  notion: NOTION_ERROR_STATUS,
  notes: NOTE_ERROR_STATUS,
  notionChanges: NOTION_CHANGE_ERROR_STATUS,
  pages: PAGE_ERROR_STATUS,
  tools: TOOL_ERROR_STATUS,
  assistant: ASSISTANT_ERROR_STATUS,
  mcpAuth: MCP_AUTH_ERROR_STATUS,
};

describe('the error-code map', () => {
  it('holds, once the app module is loaded, every code of core and the features with its status unchanged', () => {
    expect({ ...ERROR_STATUS }).toEqual(CONTRACT);
  });

  it('is the features\' maps put together, no code defined by two of them', () => {
    const owners = new Map<string, string[]>();
    for (const [feature, map] of Object.entries(FEATURE_MAPS)) {
      for (const code of Object.keys(map)) owners.set(code, [...(owners.get(code) ?? []), feature]);
    }
    expect([...owners].filter(([, features]) => features.length > 1)).toEqual([]);
    expect([...owners.keys()].sort()).toEqual(Object.keys(ERROR_STATUS).sort());
  });

  it('refuses a code registered again with another status', () => {
    expect(() => registerErrorStatus({ NOTE_IN_TRASH: 410 })).toThrow('NOTE_IN_TRASH is registered with status 409 and again with 410');
    expect(ERROR_STATUS.NOTE_IN_TRASH).toBe(409);
  });
});
