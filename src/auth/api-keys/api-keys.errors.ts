import { DomainError } from '../../core/errors/domain-error';
import { registerErrorStatus } from '../../core/errors/error-codes';

/** API keys' error codes and their HTTP statuses. */
export const API_KEY_ERROR_STATUS = registerErrorStatus({
  // The key is valid, the route is closed to keys: a key never manages credentials (keys, sessions).
  API_KEY_NOT_ALLOWED: 403,
});

declare module '../../core/errors/error-codes' {
  interface ErrorStatusMaps {
    apiKeys: typeof API_KEY_ERROR_STATUS;
  }
}

/** Keys act for their user but never manage credentials: no minting keys, no listing or ending sessions. */
export class ApiKeyNotAllowedError extends DomainError {
  constructor() {
    super('API_KEY_NOT_ALLOWED', 'API keys cannot manage API keys, sessions or the Notion workspace; sign in with a session to do this.');
  }
}

export class TooManyApiKeysError extends DomainError {
  constructor(max: number) {
    super('CONFLICT', `An account can hold at most ${max} API keys; revoke one first.`);
  }
}
