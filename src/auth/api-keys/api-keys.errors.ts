import { DomainError } from '../../core/errors/domain-error';

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
