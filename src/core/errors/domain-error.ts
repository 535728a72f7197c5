import type { ErrorCode } from './error-codes';

export interface FieldError {
  field: string;
  messages: string[];
}

/**
 * The base of every error a service throws on purpose. It names what went wrong with a stable code; the
 * HTTP status is chosen by the global filter, never by the service.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly options: { details?: FieldError[]; retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
  }
}

export class ValidationFailedError extends DomainError {
  constructor(details: FieldError[]) {
    super('VALIDATION_FAILED', 'The request is invalid.', { details });
  }
}

export class MalformedJsonError extends DomainError {
  constructor() {
    super('MALFORMED_JSON', 'The request body is not valid JSON.');
  }
}

export class PayloadTooLargeError extends DomainError {
  constructor(limit: string) {
    super('PAYLOAD_TOO_LARGE', `The request body is larger than ${limit}.`);
  }
}

export class NotFoundError extends DomainError {
  constructor(what = 'Resource') {
    super('NOT_FOUND', `${what} not found.`);
  }
}

export class RateLimitedError extends DomainError {
  constructor(retryAfterSeconds: number) {
    super('RATE_LIMITED', 'Too many requests; try again later.', { retryAfterSeconds });
  }
}
