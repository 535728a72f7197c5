import { DomainError, NotFoundError } from '../../core/errors/domain-error';

/** A delivery that is not provably from Notion: missing or wrong signature, or no token to check it with. */
export class WebhookSignatureInvalidError extends DomainError {
  constructor() {
    super('WEBHOOK_SIGNATURE_INVALID', 'The X-Notion-Signature header is missing or does not match.');
  }
}

/** Operator routes are off (no OPERATOR_TOKEN), or nothing is there yet: the same 404 as an unknown route. */
export class OperatorRouteNotFoundError extends NotFoundError {
  constructor() {
    super('Resource');
  }
}

/** An operator route called without the operator's bearer token. */
export class OperatorUnauthenticatedError extends DomainError {
  constructor() {
    super('UNAUTHENTICATED', 'The operator token is missing or wrong.');
  }
}
