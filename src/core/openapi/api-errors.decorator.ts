import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '../errors/error-response.dto';
import { ERROR_STATUS, type ErrorCode } from '../errors/error-codes';

/** What each code means to a client, shown in the document beside its example. */
const MEANING: Partial<Record<ErrorCode, string>> = {
  VALIDATION_FAILED: 'the request is invalid; `details` lists each field',
  MALFORMED_JSON: 'the body is not valid JSON',
  BAD_REQUEST: 'the request could not be read (e.g. JSON nested deeper than 32 levels)',
  UNAUTHENTICATED: 'no live session',
  INVALID_CREDENTIALS: 'unknown email or wrong password, alike',
  CSRF_REJECTED: 'a cookie-authenticated change from another origin',
  NOT_FOUND: 'no such resource of this user',
  CONFLICT: 'the request conflicts with what the account holds (e.g. a limit is reached); the message says why',
  EMAIL_TAKEN: 'an account with this email exists',
  PAYLOAD_TOO_LARGE: 'the body is larger than BODY_LIMIT',
  UNSUPPORTED_MEDIA_TYPE: 'a charset other than UTF-8, or an unknown Content-Encoding',
  RATE_LIMITED: 'too many attempts; see Retry-After',
  SERVICE_UNAVAILABLE: 'a backing service is down; see Retry-After',
  OAUTH_STATE_INVALID: 'the authorization state is missing, used, expired or not this session\'s; start again',
  OAUTH_GRANT_OWNER_MISMATCH: 'the authorization was given by another Notion user than the one this account connects as; nothing was connected',
  NOTION_USER_BOUND_ELSEWHERE: 'this Notion user is already connected to another account of this service; nothing was connected',
  OAUTH_EXCHANGE_FAILED: 'the provider failed the token exchange or refresh; try again',
  NOTION_NOT_CONNECTED: 'no Notion workspace is connected; connect one at /app',
  NOTION_REAUTH_REQUIRED: 'Notion no longer accepts the connection; reconnect at /app',
  NOTION_OBJECT_NOT_FOUND: 'the Notion page or database is gone or not shared with the assistant',
  NOTION_ACCESS_DENIED: 'the Notion connection may not do this',
  NOTION_VALIDATION_FAILED: 'Notion refused the content; the message says why',
  NOTION_RATE_LIMITED: "Notion's rate limit was not freed in time; see Retry-After",
  NOTION_UNAVAILABLE: 'Notion is unavailable; try again later',
  NOTION_WORKSPACE_TRASHED: 'your "Personal Assistant" page or its Table of Contents is in the Notion trash or gone; GET /workspace shows the choices',
  WORKSPACE_GONE: 'Notion deleted the workspace for good; only POST /workspace/start-new is left',
  WORKSPACE_ACTIVE: 'the workspace is in place; there is nothing to start over from',
  TOOL_NOT_FOUND: 'no tool of that name; GET /tools lists them',
  API_KEY_NOT_ALLOWED: 'API keys cannot manage keys, sessions or the Notion workspace (restore, start anew); use a signed-in session',
  LLM_NOT_CONFIGURED: 'no language model is configured (LLM_API_KEY or LLM_BASE_URL)',
  LLM_FAILED: 'the language model did not answer; try again shortly',
  NOTE_IN_TRASH: 'the note is in the trash; restore it first (POST /notes/{id}/restore)',
  NOTE_LINK_INVALID: 'a note cannot link to itself',
  NOTE_CURSOR_INVALID: '`cursor` is not one this API handed out for this query; start again without it',
  WEBHOOK_SIGNATURE_INVALID: 'X-Notion-Signature is missing or wrong, or no verification token is known yet; nothing was stored',
};

/** Errors every operation with a JSON body can answer, whatever it does. */
export const BODY_ERRORS: ErrorCode[] = ['VALIDATION_FAILED', 'MALFORMED_JSON', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'];

function example(code: ErrorCode): ErrorResponseDto {
  return {
    statusCode: ERROR_STATUS[code],
    code,
    message: MEANING[code] ?? code,
    requestId: '5f0c8a8e-3b0e-4d7e-9a55-6f3c1c1b2d4e',
    ...(code === 'VALIDATION_FAILED' ? { details: [{ field: 'email', messages: ['email must be an email'] }] } : {}),
  };
}

/**
 * Documents the errors an operation answers with, derived from the error-code map: one response per
 * status, with an example body for each code of that status. `@ApiErrors('VALIDATION_FAILED', 'EMAIL_TAKEN')`.
 * On a class it documents every method: Swagger merges two responses of one status only when both sit on
 * the same method, and would otherwise let a method's 403 CSRF_REJECTED hide the class's 403
 * API_KEY_NOT_ALLOWED (or a 429 NOTION_RATE_LIMITED the throttle's 429 RATE_LIMITED).
 */
export function ApiErrors(...codes: ErrorCode[]): MethodDecorator & ClassDecorator {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set(codes)) {
    const status: number | undefined = ERROR_STATUS[code];
    // A feature's codes are registered when its errors file loads: a decorator naming one before then is a bug.
    if (status === undefined) throw new Error(`@ApiErrors: ${code} is not registered yet; import its feature's errors file here.`);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const onMethod = applyDecorators(
    ...[...byStatus].map(([status, group]) =>
      ApiResponse({
        status,
        type: ErrorResponseDto,
        description: group.map((code) => `\`${code}\`: ${MEANING[code] ?? code}`).join('; '),
        examples: Object.fromEntries(group.map((code) => [code, { summary: code, value: example(code) }])),
      }),
    ),
  ) as MethodDecorator;
  return ((target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (key !== undefined && descriptor) return onMethod(target, key, descriptor);
    const prototype = (target as { prototype: object }).prototype;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const method = Object.getOwnPropertyDescriptor(prototype, name);
      if (name !== 'constructor' && typeof method?.value === 'function') onMethod(prototype, name, method);
    }
    return target;
  }) as MethodDecorator & ClassDecorator;
}
