import { DomainError } from '../core/errors/domain-error';

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
