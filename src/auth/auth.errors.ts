import { DomainError } from '../core/errors/domain-error';
import { registerErrorStatus } from '../core/errors/error-codes';

/**
 * Sign-in and sign-up error codes and their HTTP statuses. UNAUTHENTICATED and CSRF_REJECTED are core's: the
 * global session guard can answer them on any route.
 */
export const AUTH_ERROR_STATUS = registerErrorStatus({
  INVALID_CREDENTIALS: 401,
  EMAIL_TAKEN: 409,
});

declare module '../core/errors/error-codes' {
  interface ErrorStatusMaps {
    auth: typeof AUTH_ERROR_STATUS;
  }
}

/** One answer for a missing, unknown, expired or revoked session, so none can be told apart. */
export class UnauthenticatedError extends DomainError {
  constructor(challenge?: string) {
    super('UNAUTHENTICATED', 'Sign in to continue.', challenge ? { challenge } : {});
  }
}

/** One answer for an unknown email and a wrong password, so accounts cannot be enumerated by sign-in. */
export class InvalidCredentialsError extends DomainError {
  constructor() {
    super('INVALID_CREDENTIALS', 'The email or password is wrong.');
  }
}

export class EmailTakenError extends DomainError {
  constructor(options: { cause?: unknown } = {}) {
    super('EMAIL_TAKEN', 'An account with this email already exists.', options);
  }
}

export class CsrfRejectedError extends DomainError {
  constructor() {
    super('CSRF_REJECTED', 'Cookie-authenticated changes must come from the application origin.');
  }
}
