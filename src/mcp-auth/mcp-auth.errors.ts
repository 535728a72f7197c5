import { DomainError } from '../core/errors/domain-error';
import { registerErrorStatus } from '../core/errors/error-codes';

/** MCP authorization's error codes and their HTTP statuses. */
export const MCP_AUTH_ERROR_STATUS = registerErrorStatus({
  // The consent page got an authorization request it cannot act on (unknown client, unregistered redirect URI).
  MCP_AUTHORIZATION_INVALID: 400,
  // OAuth for /mcp needs an https PUBLIC_URL (or a loopback one); API keys work meanwhile.
  MCP_AUTH_DISABLED: 409,
});

declare module '../core/errors/error-codes' {
  interface ErrorStatusMaps {
    mcpAuth: typeof MCP_AUTH_ERROR_STATUS;
  }
}

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
