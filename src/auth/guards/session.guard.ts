import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppConfig } from '../../core/config/app-config';
import { IS_PUBLIC } from '../../core/http/public.decorator';
import { ApiKeyNotAllowedError } from '../api-keys/api-keys.errors';
import { looksLikeApiKey } from '../api-keys/api-key-token';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { SESSION_ONLY } from '../api-keys/session-only.decorator';
import { MCP_RESOURCE } from '../decorators/mcp-resource.decorator';
import { looksLikeMcpAccessToken, McpAccessVerifier } from '../mcp-access';
import { CsrfRejectedError, UnauthenticatedError } from '../auth.errors';
import type { AuthenticatedRequest } from '../authenticated-user';
import { passesCsrfCheck } from '../csrf/csrf-origin';
import { SESSION_COOKIE, readBearer, readCookie } from '../sessions/session-cookie';
import { SessionService } from '../sessions/session.service';
import { UsersService } from '../users/users.service';

/**
 * The global guard: every route needs a live session (bearer token or the session cookie) unless it is
 * marked @Public(). Cookie-borne state changes must come from the app's origin, public routes included.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionService,
    private readonly users: UsersService,
    private readonly config: AppConfig,
    private readonly apiKeys: ApiKeysService,
    private readonly mcpAccess: McpAccessVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const bearer = readBearer(request.headers.authorization);
    const cookie = readCookie(request.headers.cookie, SESSION_COOKIE);

    const csrf = {
      method: request.method,
      hasSessionCookie: cookie !== undefined,
      hasBearer: bearer !== undefined,
      origin: request.headers.origin,
      referer: request.headers.referer,
      fetchSite: headerValue(request.headers['sec-fetch-site']),
    };
    if (!passesCsrfCheck(csrf, this.config.http.publicUrl)) throw new CsrfRejectedError();

    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const mcpResource = this.reflector.getAllAndOverride<boolean | undefined>(MCP_RESOURCE, [context.getHandler(), context.getClass()]);
    try {
      return await this.authenticate(context, request, bearer, cookie, mcpResource === true);
    } catch (error) {
      // A 401 at /mcp tells an AI client where to get a token (MCP authorization, RFC 9728).
      const metadata = mcpResource ? this.mcpAccess.resourceMetadataUrl : null;
      if (!(error instanceof UnauthenticatedError) || !metadata) throw error;
      throw new UnauthenticatedError(`Bearer resource_metadata="${metadata}"${bearer === undefined ? '' : ', error="invalid_token"'}`);
    }
  }

  private async authenticate(
    context: ExecutionContext,
    request: AuthenticatedRequest,
    bearer: string | undefined,
    cookie: string | undefined,
    mcpResource: boolean,
  ): Promise<boolean> {
    if (bearer !== undefined && looksLikeApiKey(bearer)) return this.authenticateApiKey(context, request, bearer);
    // An AI client's OAuth token is bound to /mcp: it opens nothing else.
    if (bearer !== undefined && looksLikeMcpAccessToken(bearer)) {
      const principal = mcpResource ? await this.mcpAccess.verify(bearer) : null;
      const user = principal ? await this.users.findById(principal.userId) : null;
      if (!user) throw new UnauthenticatedError();
      request.user = user;
      return true;
    }

    const token = bearer ?? cookie;
    const session = token ? await this.sessions.authenticate(token) : null;
    if (!session) throw new UnauthenticatedError();
    const user = await this.users.findById(session.userId);
    if (!user) {
      // The account is gone; its sessions go with it.
      await this.sessions.revokeAll(session.userId);
      throw new UnauthenticatedError();
    }
    request.user = user;
    request.sessionId = session.id;
    return true;
  }

  /** An API key acts for its user like a bearer session, except on @SessionOnly() routes. */
  private async authenticateApiKey(context: ExecutionContext, request: AuthenticatedRequest, key: string): Promise<boolean> {
    const principal = await this.apiKeys.authenticate(key);
    const user = principal ? await this.users.findById(principal.userId) : null;
    if (!principal || !user) throw new UnauthenticatedError();
    if (this.reflector.getAllAndOverride<boolean | undefined>(SESSION_ONLY, [context.getHandler(), context.getClass()])) {
      throw new ApiKeyNotAllowedError();
    }
    request.user = user;
    request.apiKeyId = principal.keyId;
    return true;
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
