import { DomainError } from '../core/errors/domain-error';
import { registerErrorStatus } from '../core/errors/error-codes';

/** The Notion OAuth connection's error codes and their HTTP statuses. */
export const OAUTH_ERROR_STATUS = registerErrorStatus({
  OAUTH_STATE_INVALID: 400,
  // The code was granted by another Notion user than the one this account connects as (a stolen code).
  OAUTH_GRANT_OWNER_MISMATCH: 403,
  // The Notion user who granted is bound to another account of this service.
  NOTION_USER_BOUND_ELSEWHERE: 409,
  // 409, not 400/401: the request is fine and the session is fine; the account's Notion connection is in a
  // state (missing, or revoked/expired at Notion) that the user resolves at /app. A 401 would read as "your
  // session ended" and make clients sign the user out.
  NOTION_NOT_CONNECTED: 409,
  NOTION_REAUTH_REQUIRED: 409,
  // Notion (or the network to it) failed the token exchange or refresh; the caller may retry.
  OAUTH_EXCHANGE_FAILED: 502,
});

declare module '../core/errors/error-codes' {
  interface ErrorStatusMaps {
    oauth: typeof OAUTH_ERROR_STATUS;
  }
}

/** Missing, unknown, reused, expired, or issued to another session. One answer for all, so none leaks which. */
export class OAuthStateInvalidError extends DomainError {
  constructor() {
    super('OAUTH_STATE_INVALID', 'The authorization request is missing, expired, already used or not yours; start again.');
  }
}

export class NotionNotConnectedError extends DomainError {
  constructor() {
    super('NOTION_NOT_CONNECTED', 'No Notion workspace is connected; connect one at /app.');
  }
}

/** The integration's tokens were revoked or expired at the provider (or can no longer be decrypted). */
export class NotionReauthRequiredError extends DomainError {
  constructor() {
    super(
      'NOTION_REAUTH_REQUIRED',
      'The Notion connection needs to be renewed; reconnect the workspace at /app (Connect Notion).',
    );
  }
}

/** The provider (or the network to it) failed a token exchange or refresh for a reason the user cannot fix. */
export class OAuthExchangeFailedError extends DomainError {
  constructor(reason: string, cause?: unknown) {
    super('OAUTH_EXCHANGE_FAILED', `The identity provider did not complete the request (${reason}); try again.`, {
      cause,
    });
  }
}

/**
 * The authorization was given by another Notion user than this account's: the sandbox person the embedded
 * default made for this account, or (on a reconnect) the Notion user who first connected the integration.
 * What a stolen, unused code replayed under the thief's own state ends in.
 */
export class OAuthGrantOwnerMismatchError extends DomainError {
  constructor() {
    super(
      'OAUTH_GRANT_OWNER_MISMATCH',
      'The Notion authorization was given by another Notion user than the one this account connects as; nothing was connected.',
    );
  }
}

/** The Notion user who authorized is already bound to another account of this service; nothing was connected. */
export class NotionUserBoundElsewhereError extends DomainError {
  constructor() {
    super(
      'NOTION_USER_BOUND_ELSEWHERE',
      'This Notion user is already connected to another account of this service; nothing was connected. Sign in to that account instead.',
    );
  }
}
