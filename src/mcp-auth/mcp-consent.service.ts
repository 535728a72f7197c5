import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../core/errors/domain-error';
import type { McpAuthorizationDecisionDto, McpAuthorizationRequestDto } from './dto/mcp-authorization.dto';
import type { McpClientEntity, McpGrantEntity } from './mcp-auth.entities';
import { McpAuthAudit } from './mcp-auth.audit';
import { McpAuthDisabledError, McpAuthorizationInvalidError } from './mcp-auth.errors';
import { McpAuthRepository } from './mcp-auth.repository';
import { AUTHORIZATION_CODE_TTL_MS, McpAuthSettings, MCP_SCOPE } from './mcp-auth.settings';
import { generateMcpToken, hashMcpToken } from './mcp-tokens';

/** What the one scope lets a client do, in the consent page's words. */
const SCOPE_WORDS: Record<string, string> = {
  [MCP_SCOPE]: "Use the assistant's tools as you: read, search, create and change your notes and your Notion pages",
};

/**
 * The person's side of MCP authorization, behind /app/authorize: what a request asks for, the person's yes or no
 * (a code bound to the PKCE challenge and the redirect URI, or access_denied), and the AI clients they allowed.
 * The request comes back from the browser, so everything the SDK checked is checked again here.
 */
@Injectable()
export class McpConsentService {
  constructor(
    private readonly repository: McpAuthRepository,
    private readonly settings: McpAuthSettings,
    private readonly audit: McpAuthAudit,
  ) {}

  async describe(request: McpAuthorizationRequestDto): Promise<{ clientName: string; redirectHost: string; can: string[] }> {
    const { client, scopes } = await this.validate(request);
    return { clientName: client.clientName, redirectHost: new URL(request.redirectUri).host || request.redirectUri, can: scopes.map((s) => SCOPE_WORDS[s]) };
  }

  /** Where the browser goes next: the client's redirect URI with a code, or with `error=access_denied`. */
  async decide(userId: string, decision: McpAuthorizationDecisionDto): Promise<string> {
    const { client, scopes } = await this.validate(decision);
    const back = new URL(decision.redirectUri);
    if (decision.decision === 'deny') {
      back.searchParams.set('error', 'access_denied');
    } else {
      const grant = await this.repository.upsertGrant(userId, client.clientId, scopes, this.settings.resource);
      const code = generateMcpToken('code');
      await this.repository.insertToken({
        kind: 'code',
        tokenHash: hashMcpToken(code),
        grantId: grant.id,
        expiresAt: new Date(Date.now() + AUTHORIZATION_CODE_TTL_MS),
        codeChallenge: decision.codeChallenge,
        redirectUri: decision.redirectUri,
      });
      await this.audit.record(grant, 'connect');
      back.searchParams.set('code', code);
    }
    if (decision.state !== undefined) back.searchParams.set('state', decision.state);
    // RFC 9207: names the issuer, so a client talking to several servers cannot be sent a code from another.
    back.searchParams.set('iss', this.settings.issuer);
    return back.toString();
  }

  list(userId: string): Promise<Array<McpGrantEntity & { clientName: string }>> {
    return this.repository.listGrants(userId);
  }

  /** Ends the person's grant: its tokens stop working at once. */
  async revoke(userId: string, grantId: string): Promise<void> {
    const grant = await this.repository.revokeGrant(grantId, userId);
    if (!grant) throw new NotFoundError('AI client');
    await this.audit.record(grant, 'revoke', 'user_revoked');
  }

  private async validate(request: McpAuthorizationRequestDto): Promise<{ client: McpClientEntity; scopes: string[] }> {
    if (!this.settings.enabled) throw new McpAuthDisabledError();
    const client = await this.repository.findClient(request.clientId);
    if (!client) throw new McpAuthorizationInvalidError('the client is not registered here');
    if (!client.redirectUris.includes(request.redirectUri)) throw new McpAuthorizationInvalidError('the redirect URI is not one the client registered');
    const scopes = request.scope ? [...new Set(request.scope.split(' ').filter(Boolean))] : [MCP_SCOPE];
    if (scopes.some((scope) => !(scope in SCOPE_WORDS))) throw new McpAuthorizationInvalidError('it asks for a scope this service does not have');
    if (request.resource !== undefined && request.resource.replace(/\/$/, '') !== this.settings.resource) {
      throw new McpAuthorizationInvalidError('it is for another resource than this service');
    }
    return { client, scopes };
  }
}
