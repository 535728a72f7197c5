import { DomainError, NotFoundError } from '../../core/errors/domain-error';
import { registerErrorStatus } from '../../core/errors/error-codes';

/** The Notion change feed's error codes and their HTTP statuses. */
export const NOTION_CHANGE_ERROR_STATUS = registerErrorStatus({
  // A Notion webhook delivery whose X-Notion-Signature is missing or wrong, or that came before any
  // verification token was known: nothing of it is stored.
  WEBHOOK_SIGNATURE_INVALID: 401,
});

declare module '../../core/errors/error-codes' {
  interface ErrorStatusMaps {
    notionChanges: typeof NOTION_CHANGE_ERROR_STATUS;
  }
}

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
