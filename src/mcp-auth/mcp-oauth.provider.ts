import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import type { OAuthRegisteredClientsStore } from '@modelcontextprotocol/sdk/server/auth/clients.js';
import {
  InvalidClientMetadataError,
  InvalidGrantError,
  InvalidTargetError,
  InvalidTokenError,
} from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type { AuthorizationParams, OAuthServerProvider } from '@modelcontextprotocol/sdk/server/auth/provider.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { OAuthClientInformationFull, OAuthTokenRevocationRequest, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { McpAccessVerifier } from '../auth/mcp-access';
import type { McpClientEntity, McpGrantEntity } from './mcp-auth.entities';
import { McpAuthAudit } from './mcp-auth.audit';
import { McpAuthRepository } from './mcp-auth.repository';
import { acceptableRedirectUri, McpAuthSettings } from './mcp-auth.settings';
import { generateMcpToken, hashMcpToken, looksLikeMcpToken } from './mcp-tokens';

/**
 * The authorization server behind the MCP SDK's OAuth handlers (which validate requests, check PKCE S256 and
 * answer in OAuth's error format): clients, codes and tokens on this service's own storage. Clients are public
 * (PKCE, no secret); tokens are opaque random values stored as SHA-256; refresh tokens rotate, and a code or
 * refresh token used twice revokes its whole grant.
 */
@Injectable()
export class McpOAuthProvider extends McpAccessVerifier implements OAuthServerProvider {
  readonly clientsStore: OAuthRegisteredClientsStore;

  constructor(
    private readonly repository: McpAuthRepository,
    private readonly settings: McpAuthSettings,
    private readonly audit: McpAuthAudit,
  ) {
    super();
    this.clientsStore = {
      getClient: async (clientId) => {
        const client = await this.repository.findClient(clientId);
        return client ? clientInformation(client) : undefined;
      },
      registerClient: async (client) => {
        const uris = client.redirect_uris.map(String);
        const refused = uris.find((uri) => !acceptableRedirectUri(uri));
        if (refused !== undefined) throw new InvalidClientMetadataError(`redirect_uri not allowed: use https, http on a loopback address, or a reverse-domain scheme`);
        const { client_secret: _secret, client_secret_expires_at: _expiry, ...metadata } = client;
        const saved = await this.repository.createClient({
          clientName: (client.client_name ?? '').trim().slice(0, 100) || 'Unnamed MCP client',
          redirectUris: uris,
          metadata: { ...metadata, token_endpoint_auth_method: 'none' },
        });
        return clientInformation(saved);
      },
    };
  }

  get resourceMetadataUrl(): string | null {
    return this.settings.enabled ? this.settings.resourceMetadataUrl : null;
  }

  /** After the SDK validated the request: send the browser to /app, where the signed-in person decides. */
  authorize(client: OAuthClientInformationFull, params: AuthorizationParams, res: Response): Promise<void> {
    const query = new URLSearchParams({
      client_id: client.client_id,
      redirect_uri: params.redirectUri,
      code_challenge: params.codeChallenge,
      ...(params.state !== undefined ? { state: params.state } : {}),
      ...(params.scopes?.length ? { scope: params.scopes.join(' ') } : {}),
      ...(params.resource ? { resource: params.resource.href } : {}),
    });
    res.redirect(302, `${this.settings.issuer}/app/authorize?${query.toString()}`);
    return Promise.resolve();
  }

  /** Asked first by the SDK's token handler; a code already exchanged is a replay, so its grant ends here. */
  async challengeForAuthorizationCode(client: OAuthClientInformationFull, code: string): Promise<string> {
    const found = looksLikeMcpToken('code', code) ? await this.repository.findLive('code', hashMcpToken(code), client.client_id) : null;
    if (!found?.token.codeChallenge) return this.consume('code', code, client.client_id).then(() => {
      throw new InvalidGrantError('Invalid or expired authorization code');
    });
    return found.token.codeChallenge;
  }

  async exchangeAuthorizationCode(
    client: OAuthClientInformationFull,
    code: string,
    _codeVerifier?: string,
    redirectUri?: string,
    resource?: URL,
  ): Promise<OAuthTokens> {
    const { grant, token } = await this.consume('code', code, client.client_id);
    if (redirectUri !== undefined && redirectUri !== token.redirectUri) throw new InvalidGrantError('redirect_uri does not match the authorization request');
    this.checkResource(grant, resource);
    return this.issue(grant);
  }

  async exchangeRefreshToken(client: OAuthClientInformationFull, refreshToken: string, _scopes?: string[], resource?: URL): Promise<OAuthTokens> {
    const { grant } = await this.consume('refresh', refreshToken, client.client_id);
    this.checkResource(grant, resource);
    const tokens = await this.issue(grant);
    await this.audit.record(grant, 'refresh');
    return tokens;
  }

  async verifyAccessToken(token: string): Promise<AuthInfo> {
    const found = await this.liveAccess(token);
    if (!found) throw new InvalidTokenError('Invalid or expired access token');
    const { grant, expiresAt } = found;
    return { token, clientId: grant.clientId, scopes: grant.scopes, expiresAt: Math.floor(expiresAt / 1000), resource: new URL(grant.resource), extra: { userId: grant.userId } };
  }

  async verify(token: string): Promise<{ userId: string } | null> {
    const found = await this.liveAccess(token);
    if (!found) return null;
    await this.repository.touch(found.grant);
    return { userId: found.grant.userId };
  }

  /** RFC 7009: revoking any token of a grant ends the grant, so its refresh token cannot mint new access. */
  async revokeToken(client: OAuthClientInformationFull, request: OAuthTokenRevocationRequest): Promise<void> {
    const grant = await this.repository.findGrantOfToken(hashMcpToken(request.token));
    if (!grant || grant.clientId !== client.client_id) return;
    if (await this.repository.revokeGrant(grant.id)) await this.audit.record(grant, 'revoke', 'client_revoked');
  }

  private async liveAccess(token: string): Promise<{ grant: McpGrantEntity; expiresAt: number } | null> {
    if (!this.settings.enabled || !looksLikeMcpToken('access', token)) return null;
    const found = await this.repository.findLive('access', hashMcpToken(token));
    // A token is good only at the resource it was issued for.
    if (!found || found.grant.resource !== this.settings.resource) return null;
    return { grant: found.grant, expiresAt: found.token.expiresAt.getTime() };
  }

  private async consume(kind: 'code' | 'refresh', value: string, clientId: string) {
    if (!looksLikeMcpToken(kind, value)) throw new InvalidGrantError(`Invalid ${kind === 'code' ? 'authorization code' : 'refresh token'}`);
    const used = await this.repository.consume(kind, hashMcpToken(value), clientId);
    if (used.ok) return used;
    if (used.replayedGrantId) {
      const revoked = await this.repository.revokeGrant(used.replayedGrantId);
      if (revoked) await this.audit.record(revoked, 'revoke', `${kind}_reused`);
    }
    throw new InvalidGrantError(`Invalid, expired or already used ${kind === 'code' ? 'authorization code' : 'refresh token'}`);
  }

  private checkResource(grant: McpGrantEntity, resource: URL | undefined): void {
    if (resource !== undefined && resource.href !== grant.resource && resource.href !== `${grant.resource}/`) {
      throw new InvalidTargetError('The tokens of this grant are for another resource');
    }
  }

  private async issue(grant: McpGrantEntity): Promise<OAuthTokens> {
    const access = generateMcpToken('access');
    const refresh = generateMcpToken('refresh');
    const now = Date.now();
    await this.repository.insertToken({ kind: 'access', tokenHash: hashMcpToken(access), grantId: grant.id, expiresAt: new Date(now + this.settings.accessTokenTtlSeconds * 1000) });
    await this.repository.insertToken({ kind: 'refresh', tokenHash: hashMcpToken(refresh), grantId: grant.id, expiresAt: new Date(now + this.settings.refreshTokenTtlMs) });
    return { access_token: access, token_type: 'Bearer', expires_in: this.settings.accessTokenTtlSeconds, refresh_token: refresh, scope: grant.scopes.join(' ') };
  }
}

function clientInformation(client: McpClientEntity): OAuthClientInformationFull {
  return {
    ...(client.metadata as Partial<OAuthClientInformationFull>),
    client_id: client.clientId,
    client_id_issued_at: Math.floor(client.createdAt.getTime() / 1000),
    client_name: client.clientName,
    redirect_uris: client.redirectUris,
    token_endpoint_auth_method: 'none',
  };
}
