import { Injectable, Logger } from '@nestjs/common';
import {
  APIResponseError,
  Client,
  LogLevel,
  RequestTimeoutError,
  UnknownHTTPResponseError,
  isNotionClientError,
} from '@notionhq/client';
import { NOTION_VERSION, NotionEndpoint, type NotionEndpointSettings } from './notion-endpoint';
import {
  OAuthProvider,
  OAuthProviderError,
  type ConnectingUser,
  type OAuthAccount,
  type OAuthGrant,
  type OAuthTokenPair,
} from './oauth-provider';

const TIMEOUT_MS = 15_000;

/**
 * Notion's OAuth on @notionhq/client's `oauth.*` methods: token exchange, refresh, revocation,
 * introspection, authenticated with the client credentials. Every call made with a user's access token
 * goes through NotionGateway instead (src/notion), including "test connection"'s `users.me`. Notion returns no `expires_in`, and refresh rotates
 * (the old refresh token and the access token issued with it stop working). OAuth errors are not in the
 * SDK's error enum, so they arrive as UnknownHTTPResponseError with the JSON body as text.
 */
@Injectable()
export class NotionOAuthProvider extends OAuthProvider {
  readonly id = 'notion';
  readonly displayName = 'Notion';
  private readonly logger = new Logger('NotionOAuthProvider');
  private client: { baseUrl: string; sdk: Client } | null = null;

  constructor(private readonly endpoint: NotionEndpoint) {
    super();
  }

  async authorizeUrl(state: string, user: ConnectingUser): Promise<string> {
    const s = await this.endpoint.settings();
    const params = new URLSearchParams({
      client_id: s.clientId,
      redirect_uri: s.redirectUri,
      response_type: 'code',
      owner: 'user',
      state,
      ...(s.authorizeParams ? await s.authorizeParams(user) : {}),
    });
    return `${s.authorizeBaseUrl}/v1/oauth/authorize?${params}`;
  }

  async expectedOwnerId(user: ConnectingUser): Promise<string | null> {
    const s = await this.endpoint.settings();
    return s.expectedOwnerId ? s.expectedOwnerId(user) : null;
  }

  async exchangeCode(code: string): Promise<OAuthGrant> {
    const { s, sdk } = await this.sdk();
    const response = await call(() =>
      sdk.oauth.token({
        client_id: s.clientId,
        client_secret: s.clientSecret,
        grant_type: 'authorization_code',
        code,
        redirect_uri: s.redirectUri,
      }),
    );
    const owner = response.owner as { type?: string; user?: { id?: string; name?: string | null; person?: { email?: string } } };
    const account: OAuthAccount = {
      botId: response.bot_id,
      workspaceId: response.workspace_id,
      workspaceName: response.workspace_name ?? null,
      workspaceIcon: response.workspace_icon ?? null,
      owner:
        owner?.type === 'user'
          ? {
              type: 'user',
              id: owner.user?.id ?? null,
              name: owner.user?.name ?? null,
              email: owner.user?.person?.email ?? null,
            }
          : { type: 'workspace', id: null, name: null, email: null },
    };
    return { accessToken: response.access_token, refreshToken: response.refresh_token ?? null, account };
  }

  async refresh(refreshToken: string): Promise<OAuthTokenPair> {
    const { s, sdk } = await this.sdk();
    const response = await call(() =>
      sdk.oauth.token({
        client_id: s.clientId,
        client_secret: s.clientSecret,
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
      }),
    );
    return { accessToken: response.access_token, refreshToken: response.refresh_token ?? null };
  }

  async revoke(token: string): Promise<void> {
    const { s, sdk } = await this.sdk();
    try {
      await call(() => sdk.oauth.revoke({ client_id: s.clientId, client_secret: s.clientSecret, token }));
    } catch (error) {
      // Already revoked or unknown: the goal (a dead token) is reached.
      if (error instanceof OAuthProviderError && (error.kind === 'invalid_grant' || error.kind === 'unauthorized')) return;
      throw error;
    }
  }

  async introspect(token: string): Promise<{ active: boolean }> {
    const { s, sdk } = await this.sdk();
    const response = await call(() =>
      sdk.oauth.introspect({ client_id: s.clientId, client_secret: s.clientSecret, token }),
    );
    return { active: response.active };
  }

  /** One SDK client for every user (tokens travel per call), built once the endpoint is known. */
  private async sdk(): Promise<{ s: NotionEndpointSettings; sdk: Client }> {
    const s = await this.endpoint.settings();
    if (!this.client || this.client.baseUrl !== s.apiBaseUrl) {
      this.client = {
        baseUrl: s.apiBaseUrl,
        sdk: new Client({
          baseUrl: s.apiBaseUrl,
          notionVersion: NOTION_VERSION,
          timeoutMs: TIMEOUT_MS,
          // The SDK's own lines (status, attempt, request id; never a token) go to our log, not the console.
          logLevel: LogLevel.WARN,
          logger: (level, message, extra) => this.logger.debug({ level, extra }, `notion sdk: ${message}`),
        }),
      };
    }
    return { s, sdk: this.client.sdk };
  }
}

/** Runs an OAuth endpoint call and normalises its failure. */
async function call<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw toProviderError(error);
  }
}

function toProviderError(error: unknown): OAuthProviderError {
  if (UnknownHTTPResponseError.isUnknownHTTPResponseError(error)) {
    const code = oauthErrorCode(error.body);
    if (error.status >= 500) return new OAuthProviderError('unavailable', code ?? `http_${error.status}`, { cause: error });
    if (code === 'invalid_grant') return new OAuthProviderError('invalid_grant', code, { cause: error });
    if (code === 'invalid_client' || error.status === 401) {
      return new OAuthProviderError('invalid_client', code ?? 'http_401', { cause: error });
    }
    return new OAuthProviderError('rejected', code ?? `http_${error.status}`, { cause: error });
  }
  if (APIResponseError.isAPIResponseError(error)) {
    if (error.status === 401) return new OAuthProviderError('unauthorized', error.code, { cause: error });
    if (error.status >= 500 || error.status === 429) return new OAuthProviderError('unavailable', error.code, { cause: error });
    return new OAuthProviderError('rejected', error.code, { cause: error });
  }
  if (RequestTimeoutError.isRequestTimeoutError(error)) return new OAuthProviderError('unavailable', 'timeout', { cause: error });
  if (isNotionClientError(error)) return new OAuthProviderError('unavailable', error.code, { cause: error });
  return new OAuthProviderError('unavailable', 'network_error', { cause: error });
}

/** `{code}` or `{error}` (Notion's documents disagree on which); only a short identifier is kept. */
function oauthErrorCode(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as { code?: unknown; error?: unknown };
    const code = typeof parsed.error === 'string' ? parsed.error : parsed.code;
    return typeof code === 'string' && /^[a-z_]{1,64}$/.test(code) ? code : null;
  } catch {
    return null;
  }
}
