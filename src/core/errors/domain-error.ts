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
    readonly options: {
      details?: FieldError[];
      retryAfterSeconds?: number;
      /** A 401's WWW-Authenticate challenge (RFC 6750), e.g. where an OAuth client gets a token. */
      challenge?: string;
      cause?: unknown;
    } = {},
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

export class MethodNotAllowedError extends DomainError {
  constructor(readonly allowed: string[]) {
    super('METHOD_NOT_ALLOWED', `This path answers only ${allowed.join(', ')}.`);
  }
}

export class RateLimitedError extends DomainError {
  constructor(retryAfterSeconds: number) {
    super('RATE_LIMITED', 'Too many requests; try again later.', { retryAfterSeconds });
  }
}

/** A backing service (Redis, the database) did not answer; the client may retry. */
export class DependencyUnavailableError extends DomainError {
  constructor(what: string, cause?: unknown) {
    super('SERVICE_UNAVAILABLE', `The ${what} is unavailable; try again shortly.`, { retryAfterSeconds: 1, cause });
  }
}

/** Runs `operation`; an unexpected failure of the dependency becomes a 503 instead of a 500. */
export async function unavailableOnError<T>(what: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw new DependencyUnavailableError(what, error);
  }
}
