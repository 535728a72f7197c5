import type { ConnectingUser } from './oauth-provider';

/**
 * The Notion API version every request is made with: the gateway's API calls (src/notion) and the
 * provider's OAuth calls alike, so that both speak the same Notion.
 */
export const NOTION_VERSION = '2026-03-11';

/**
 * Where Notion is, for NotionOAuthProvider (OAuth) and NotionGateway (every API call): real Notion with the
 * configured public integration, or the embedded sandbox (src/embedded) which registers one for this app.
 * The composition root (src/notion-endpoint.module.ts) chooses which; neither user knows the embedded one.
 * Resolved lazily so that tests that never connect do not pay for a sandbox.
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
