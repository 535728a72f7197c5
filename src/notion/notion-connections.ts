/**
 * What the Notion layer needs from the OAuth connections (issue 9): which integration a user works
 * with, its access token, a refresh after Notion refused one, and news of token changes. The OAuth
 * module's services implement it (OAuthNotionConnections); tests use that adapter too, over the sandbox.
 */
export abstract class NotionConnections {
  /** The given integration if it belongs to the user (else DomainError NOT_FOUND), or the user's default active one; none → NOTION_NOT_CONNECTED. */
  abstract resolveForUser(userId: string, integrationId?: string): Promise<{ integrationId: string }>;
  /** Decrypted access token; throws NOTION_REAUTH_REQUIRED when the integration needs reauth. */
  abstract getValidAccessToken(integrationId: string): Promise<string>;
  /** Single-flight refresh after Notion answered 401 to rejectedAccessToken; returns the token to retry with. */
  abstract refreshAfterUnauthorized(integrationId: string, rejectedAccessToken: string): Promise<string>;
  /** Notion refused the token a refresh just gave: the grant is gone, the integration needs re-authorising. */
  abstract refusedAfterRefresh(integrationId: string, refusedAccessToken: string): Promise<void>;
  /** Called when an integration's tokens change (refresh, reconnect, disconnect) so caches drop it. */
  abstract onChange(listener: (integrationId: string) => void): void;
}
