import { SetMetadata } from '@nestjs/common';

export const MCP_RESOURCE = 'mcpResource';

/**
 * Marks the MCP endpoint: it also takes the OAuth access tokens issued to AI clients for it, and its 401 tells
 * a client where to get one (`WWW-Authenticate: Bearer resource_metadata=…`).
 */
export const McpResource = () => SetMetadata(MCP_RESOURCE, true);
