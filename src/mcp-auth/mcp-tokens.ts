import { createHash, randomBytes } from 'node:crypto';
import type { McpTokenKind } from './mcp-auth.entities';

const PREFIX: Record<McpTokenKind, string> = { code: 'mcpac_', access: 'mcpat_', refresh: 'mcprt_' };

/** A new code or token: 256 random bits behind a prefix naming its kind. Shown once; only its hash is kept. */
export function generateMcpToken(kind: McpTokenKind): string {
  return `${PREFIX[kind]}${randomBytes(32).toString('base64url')}`;
}

export function hashMcpToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Cheap shape check before any lookup. */
export function looksLikeMcpToken(kind: McpTokenKind, value: string): boolean {
  return value.length === PREFIX[kind].length + 43 && value.startsWith(PREFIX[kind]) && /^[A-Za-z0-9_-]+$/.test(value.slice(6));
}
