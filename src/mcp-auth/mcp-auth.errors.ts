import { DomainError } from '../core/errors/domain-error';

/** An authorization request the consent page cannot act on: unknown client, unregistered redirect, bad challenge. */
export class McpAuthorizationInvalidError extends DomainError {
  constructor(reason: string) {
    super('MCP_AUTHORIZATION_INVALID', `This authorization request cannot be used: ${reason}. Start again from your AI client.`);
  }
}

/** OAuth for /mcp is off: PUBLIC_URL is neither https nor a loopback address. */
export class McpAuthDisabledError extends DomainError {
  constructor() {
    super('MCP_AUTH_DISABLED', 'Signing AI clients in with OAuth needs an https PUBLIC_URL; use an API key meanwhile.');
  }
}
