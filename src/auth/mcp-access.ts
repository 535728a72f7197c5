/** An access token this service issued to an AI client for its /mcp resource (see src/mcp-auth). */
const MCP_ACCESS_TOKEN_PATTERN = /^mcpat_[A-Za-z0-9_-]{43}$/;

export function looksLikeMcpAccessToken(value: string): boolean {
  return MCP_ACCESS_TOKEN_PATTERN.test(value);
}

/**
 * The port through which the session guard checks an MCP access token, implemented by the MCP authorization
 * module. Such a token opens only routes marked @McpResource(): it is bound to the /mcp resource.
 */
export abstract class McpAccessVerifier {
  /** The user the token acts for, or null when it is unknown, expired, revoked or bound to another resource. */
  abstract verify(token: string): Promise<{ userId: string } | null>;

  /** Where a client discovers how to get a token (RFC 9728), for the 401's WWW-Authenticate; null when OAuth is off. */
  abstract get resourceMetadataUrl(): string | null;
}
