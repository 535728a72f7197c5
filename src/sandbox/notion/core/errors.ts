/**
 * Notion's error vocabulary. Handlers throw `NotionApiError`; the server turns it into
 * Notion's body `{object:"error", status, code, message, request_id}` so that the official
 * SDK maps it to the same `APIResponseError` it would get from the real API.
 */
export type ApiErrorCode =
  | 'invalid_json'
  | 'invalid_request_url'
  | 'invalid_request'
  | 'missing_version'
  | 'validation_error'
  | 'unauthorized'
  | 'restricted_resource'
  | 'object_not_found'
  | 'conflict_error'
  | 'rate_limited'
  | 'internal_server_error'
  | 'bad_gateway'
  | 'service_unavailable'
  | 'gateway_timeout'
  | 'service_overload';

/** RFC 6749 codes used by the token, introspect and revoke endpoints (API-NOTES 1.6). */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_client';

export class NotionApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export class OAuthError extends Error {
  constructor(
    readonly status: 400 | 401,
    readonly code: OAuthErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const STATUS_CODES: Record<number, ApiErrorCode> = {
  500: 'internal_server_error',
  502: 'bad_gateway',
  503: 'service_unavailable',
  504: 'gateway_timeout',
  529: 'service_overload',
};

const DEFAULT_MESSAGES: Partial<Record<ApiErrorCode, string>> = {
  internal_server_error: 'Unexpected error occurred.',
  bad_gateway: 'Bad Gateway',
  service_unavailable: 'Notion is unavailable, please try again later.',
  gateway_timeout: 'Gateway Timeout',
  service_overload: 'Notion is overloaded, please try again later.',
  rate_limited: 'You have been rate limited. Please try again in a few minutes.',
};

export function serverError(status: number): NotionApiError {
  const code = STATUS_CODES[status] ?? 'internal_server_error';
  return new NotionApiError(status, code, DEFAULT_MESSAGES[code] ?? 'Unexpected error occurred.');
}

export function rateLimited(retryAfterSeconds: number): NotionApiError {
  return new NotionApiError(429, 'rate_limited', DEFAULT_MESSAGES.rate_limited as string, {
    'retry-after': String(retryAfterSeconds),
  });
}

export function validationError(message: string): NotionApiError {
  return new NotionApiError(400, 'validation_error', message);
}

export function bodyValidation(path: string, expectation: string, actual: unknown): NotionApiError {
  return validationError(`body failed validation: ${path} ${expectation}, instead was \`${describe(actual)}\`.`);
}

export function unauthorized(): NotionApiError {
  return new NotionApiError(401, 'unauthorized', 'API token is invalid.');
}

export function notFound(kind: string, id: string, integrationName: string): NotionApiError {
  return new NotionApiError(
    404,
    'object_not_found',
    `Could not find ${kind} with ID: ${id}. Make sure the relevant pages and databases are shared with your integration "${integrationName}".`,
  );
}

export function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export function apiErrorBody(error: NotionApiError, requestId: string): Record<string, unknown> {
  return { object: 'error', status: error.status, code: error.code, message: error.message, request_id: requestId };
}

/** Both `code` (Notion's schema) and `error` (RFC 6749 / Notion's guide) so either parser works. */
export function oauthErrorBody(error: OAuthError, requestId: string): Record<string, unknown> {
  return {
    object: 'error',
    status: error.status,
    code: error.code,
    error: error.code,
    message: error.message,
    request_id: requestId,
  };
}
