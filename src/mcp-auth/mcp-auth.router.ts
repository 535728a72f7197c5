import type { INestApplication } from '@nestjs/common';
import { Router } from 'express';
import { authorizationHandler } from '@modelcontextprotocol/sdk/server/auth/handlers/authorize.js';
import { metadataHandler } from '@modelcontextprotocol/sdk/server/auth/handlers/metadata.js';
import { clientRegistrationHandler } from '@modelcontextprotocol/sdk/server/auth/handlers/register.js';
import { revocationHandler } from '@modelcontextprotocol/sdk/server/auth/handlers/revoke.js';
import { tokenHandler } from '@modelcontextprotocol/sdk/server/auth/handlers/token.js';
import type { OAuthMetadata, OAuthProtectedResourceMetadata } from '@modelcontextprotocol/sdk/shared/auth.js';
import { McpAuthSettings, MCP_SCOPE } from './mcp-auth.settings';
import { McpOAuthProvider } from './mcp-oauth.provider';

/** Where the OAuth endpoints live, under the issuer (this service's origin). */
export const MCP_OAUTH_PATHS = {
  authorize: '/oauth/authorize',
  token: '/oauth/token',
  register: '/oauth/register',
  revoke: '/oauth/revoke',
} as const;

/**
 * Mounts the MCP authorization server (the MCP SDK's Express handlers over McpOAuthProvider) and the metadata
 * documents clients discover it by: RFC 9728 for the /mcp resource, RFC 8414 for the server. The SDK's
 * mcpAuthRouter is not used because its metadata would advertise client secrets, which this server never issues.
 * Nothing is mounted when OAuth is off (PUBLIC_URL neither https nor loopback).
 */
export function mountMcpAuth(app: INestApplication): void {
  const settings = app.get(McpAuthSettings);
  if (!settings.enabled) return;
  const provider = app.get(McpOAuthProvider);
  const url = (path: string) => `${settings.issuer}${path}`;
  const server: OAuthMetadata = {
    issuer: settings.issuer,
    authorization_endpoint: url(MCP_OAUTH_PATHS.authorize),
    token_endpoint: url(MCP_OAUTH_PATHS.token),
    registration_endpoint: url(MCP_OAUTH_PATHS.register),
    revocation_endpoint: url(MCP_OAUTH_PATHS.revoke),
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['none'],
    revocation_endpoint_auth_methods_supported: ['none'],
    scopes_supported: [MCP_SCOPE],
    service_documentation: url('/docs'),
  };
  const resource: OAuthProtectedResourceMetadata = {
    resource: settings.resource,
    authorization_servers: [settings.issuer],
    scopes_supported: [MCP_SCOPE],
    bearer_methods_supported: ['header'],
    resource_name: 'Personal Assistant (MCP)',
    resource_documentation: url('/docs'),
  };
  const router = Router();
  router.use('/.well-known/oauth-authorization-server', metadataHandler(server));
  router.use('/.well-known/oauth-protected-resource/mcp', metadataHandler(resource));
  router.use('/.well-known/oauth-protected-resource', metadataHandler(resource));
  router.use(MCP_OAUTH_PATHS.authorize, authorizationHandler({ provider }));
  router.use(MCP_OAUTH_PATHS.token, tokenHandler({ provider }));
  router.use(MCP_OAUTH_PATHS.register, clientRegistrationHandler({ clientsStore: provider.clientsStore, clientIdGeneration: false }));
  router.use(MCP_OAUTH_PATHS.revoke, revocationHandler({ provider }));
  app.use(router);
}
