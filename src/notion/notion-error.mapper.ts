import { APIResponseError, InvalidPathParameterError, RequestTimeoutError, UnknownHTTPResponseError } from '@notionhq/client';
import type { DomainError } from '../core/errors/domain-error';
import {
  NotionAccessDeniedError,
  NotionObjectNotFoundError,
  NotionRateLimitedError,
  NotionReauthRequiredError,
  NotionUnavailableError,
  NotionValidationFailedError,
} from './notion.errors';

/** What the gateway needs to know about a failed attempt. */
export interface NotionFailure {
  /** HTTP status, or 0 when Notion never answered (timeout, reset connection). */
  status: number;
  /** Notion's error code, or `timeout` / `network`. */
  code: string;
  /** Worth another attempt of a read: 5xx, 409 conflict, timeouts and network failures. */
  transient: boolean;
  /** From `Retry-After`, in ms. */
  retryAfterMs: number | null;
  /** The sanitised error to hand to callers. */
  domain: DomainError;
}

const TRANSIENT_STATUSES = new Set([409, 500, 502, 503, 504, 529]);
const MAX_MESSAGE = 300;

/**
 * Turns whatever the SDK threw into a NotionFailure; errors that are not Notion's (ours, e.g. from
 * the token source) come back as null and are rethrown untouched.
 */
export function classifyNotionError(error: unknown): NotionFailure | null {
  if (error instanceof RequestTimeoutError) return { status: 0, code: 'timeout', transient: true, retryAfterMs: null, domain: new NotionUnavailableError() };
  if (error instanceof InvalidPathParameterError) {
    return { status: 0, code: 'invalid_path', transient: false, retryAfterMs: null, domain: new NotionObjectNotFoundError() };
  }
  if (APIResponseError.isAPIResponseError(error) || UnknownHTTPResponseError.isUnknownHTTPResponseError(error)) {
    const status = error.status;
    const body = parseBody(error.body);
    const code = typeof body.code === 'string' ? body.code : String(error.code);
    const retryAfterMs = parseRetryAfter(headerOf(error.headers, 'retry-after'));
    return { status, code, transient: TRANSIENT_STATUSES.has(status), retryAfterMs, domain: toDomain(status, body) };
  }
  if (isNetworkError(error)) return { status: 0, code: 'network', transient: true, retryAfterMs: null, domain: new NotionUnavailableError() };
  return null;
}

function toDomain(status: number, body: Record<string, unknown>): DomainError {
  switch (status) {
    case 400:
    case 422: {
      const message = sanitizeNotionMessage(typeof body.message === 'string' ? body.message : 'invalid request');
      return new NotionValidationFailedError(message, /archived|in the trash/i.test(message));
    }
    case 401:
      return new NotionReauthRequiredError();
    case 403:
      return new NotionAccessDeniedError();
    case 404:
      return new NotionObjectNotFoundError();
    case 429:
      return new NotionRateLimitedError(1);
    default:
      return new NotionUnavailableError();
  }
}

/**
 * Notion's messages are useful ("body.children[3].paragraph.rich_text[0].text.content.length should be ≤ 2000")
 * but are not ours: keep one line, no token-looking strings, bounded length.
 */
export function sanitizeNotionMessage(message: string): string {
  const oneLine = [...message].map((c) => (c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127 ? ' ' : c)).join('');
  const scrubbed = oneLine.replace(/\b(ntn|secret|nrt|Bearer)[_ ][A-Za-z0-9_.-]+/gi, '[redacted]');
  return scrubbed.length > MAX_MESSAGE ? `${scrubbed.slice(0, MAX_MESSAGE)}…` : scrubbed;
}

function parseBody(raw: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function headerOf(headers: unknown, name: string): string | null {
  if (headers && typeof (headers as Headers).get === 'function') return (headers as Headers).get(name);
  if (headers && typeof headers === 'object') {
    const value = (headers as Record<string, unknown>)[name];
    return typeof value === 'string' ? value : null;
  }
  return null;
}

/** `Retry-After` as delta-seconds or an HTTP date, in ms. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

/** Node's fetch reports refused or reset connections as TypeError('fetch failed') with a system cause. */
function isNetworkError(error: unknown): boolean {
  // Duck-typed: the error may come from another realm (undici's), where instanceof Error fails.
  if (!error || typeof error !== 'object') return false;
  const { name, message, code, cause } = error as { name?: unknown; message?: unknown; code?: unknown; cause?: unknown };
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  if (name === 'TypeError' && typeof message === 'string' && /fetch failed|terminated/i.test(message)) return true;
  return cause !== undefined && cause !== error && isNetworkError(cause);
}
