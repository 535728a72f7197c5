import type { ConnectingUser } from './oauth-provider';

/**
 * Where NotionOAuthProvider talks to: real Notion with the configured public integration, or the embedded
 * sandbox (src/embedded) which registers one for this app. Resolved lazily so that tests that never connect
 * do not pay for a sandbox.
 */
export interface NotionEndpointSettings {
  /** Base URL for API calls (what the SDK's `baseUrl` wants, without /v1). */
  apiBaseUrl: string;
  /** Base URL the user's browser reaches for the consent page. */
  authorizeBaseUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Extra authorize-URL parameters for this user (the sandbox's consent ticket); none on real Notion. */
  authorizeParams?: (user: ConnectingUser) => Promise<Record<string, string>>;
  /** The Notion user id this user must authorize as (the embedded sandbox's person for them); none on real Notion. */
  expectedOwnerId?: (user: ConnectingUser) => Promise<string>;
}

export abstract class NotionEndpoint {
  abstract settings(): Promise<NotionEndpointSettings>;
}
