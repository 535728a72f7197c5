import { DomainError } from '../core/errors/domain-error';

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
