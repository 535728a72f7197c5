import { Injectable } from '@nestjs/common';
import { AppConfig } from '../core/config/app-config';

/** The one scope: use the assistant's tools as the person who allowed it. */
export const MCP_SCOPE = 'mcp';
export const AUTHORIZATION_CODE_TTL_MS = 60_000;

/** Where the MCP authorization server lives and what it issues, derived once from the configuration. */
@Injectable()
export class McpAuthSettings {
  /** This service's /mcp: the protected resource (RFC 8707) every token is bound to. */
  readonly resource: string;
  readonly issuer: string;
  /**
   * OAuth needs an https issuer (RFC 8414); a loopback address is allowed for development and tests. Behind
   * a plain-http PUBLIC_URL elsewhere, /mcp takes API keys only.
   */
  readonly enabled: boolean;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlMs: number;

  constructor(config: AppConfig) {
    const publicUrl = new URL(config.http.publicUrl);
    this.issuer = publicUrl.origin;
    this.resource = `${publicUrl.origin}/mcp`;
    this.enabled = publicUrl.protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(publicUrl.hostname);
    this.accessTokenTtlSeconds = config.mcpAuth.accessTokenTtlSeconds;
    this.refreshTokenTtlMs = config.mcpAuth.refreshTokenTtlDays * 86_400_000;
  }

  /** RFC 9728 metadata of /mcp, as the SDK's router serves it. */
  get resourceMetadataUrl(): string {
    return `${this.issuer}/.well-known/oauth-protected-resource/mcp`;
  }
}

/** Redirect URIs a browser may be sent to with a code: https, http on loopback, or a native app's own scheme. */
export function acceptableRedirectUri(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.hash) return false;
  if (url.protocol === 'https:') return true;
  if (url.protocol === 'http:') return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  // RFC 8252 7.1: private-use schemes are reverse domain names (com.example.app:/callback).
  return /^[a-z][a-z0-9+-]*(\.[a-z0-9+-]+)+:$/.test(url.protocol);
}
