/** Who is connecting, for providers that can tailor their consent page (the embedded sandbox does). */
export interface ConnectingUser {
  id: string;
  name: string;
  email: string;
}

/** The account a token pair gives access to, as stored with the integration. */
export interface OAuthAccount {
  botId: string;
  workspaceId: string;
  workspaceName: string | null;
  workspaceIcon: string | null;
  owner: { type: 'user' | 'workspace'; id: string | null; name: string | null; email: string | null };
}

export interface OAuthTokenPair {
  accessToken: string;
  /** Null when the provider issues none (then the connection cannot be refreshed, only renewed). */
  refreshToken: string | null;
}

export interface OAuthGrant extends OAuthTokenPair {
  account: OAuthAccount;
}

/**
 * Why a provider call failed, normalised so that the orchestration never looks at a provider's wire format:
 * `invalid_grant` (code or refresh token dead: the user must reconnect), `unauthorized` (the access token was
 * refused), `invalid_client` (our credentials are wrong: an operator problem), `rejected` (another 4xx),
 * `unavailable` (5xx, timeout, network: retry later).
 */
export type OAuthFailureKind = 'invalid_grant' | 'unauthorized' | 'invalid_client' | 'rejected' | 'unavailable';

export class OAuthProviderError extends Error {
  constructor(
    readonly kind: OAuthFailureKind,
    /** The provider's own error code (e.g. `invalid_grant`), short and safe to audit; never a message. */
    readonly providerCode: string,
    options: { cause?: unknown } = {},
  ) {
    super(`OAuth provider call failed: ${kind} (${providerCode})`, options);
    this.name = 'OAuthProviderError';
  }
}

/**
 * An OAuth provider. Adding one is one new class registered under OAUTH_PROVIDERS; the connect flow, the
 * token vault and the audit log know nothing of any provider's details.
 */
export abstract class OAuthProvider {
  /** Stable id, used in routes (`/integrations/:provider/connect`) and stored with each integration. */
  abstract readonly id: string;
  abstract readonly displayName: string;

  /** The URL to send the user's browser to. */
  abstract authorizeUrl(state: string, user: ConnectingUser): Promise<string>;

  /**
   * The provider user `user` must authorize as, where the provider knows it (the embedded sandbox made one
   * person per account); null where any provider user may (real Notion: no PKCE, nothing ties a code to the
   * browser that asked for it).
   */
  abstract expectedOwnerId(user: ConnectingUser): Promise<string | null>;

  /** Exchanges the code the callback received; throws OAuthProviderError. */
  abstract exchangeCode(code: string): Promise<OAuthGrant>;

  /** Spends a refresh token for a new pair (rotating providers kill the old pair); throws OAuthProviderError. */
  abstract refresh(refreshToken: string): Promise<OAuthTokenPair>;

  /** Revokes a token; an unknown or already revoked token is not an error. */
  abstract revoke(token: string): Promise<void>;

  abstract introspect(token: string): Promise<{ active: boolean }>;
}

/** Multi-provider token: every OAuthProvider of the application. */
export const OAUTH_PROVIDERS = Symbol('OAUTH_PROVIDERS');
