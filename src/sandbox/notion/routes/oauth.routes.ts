import { timingSafeEqual } from 'node:crypto';
import { OAuthError } from '../core/errors';
import { basicCredentials } from '../http/auth';
import { SandboxContext } from '../http/context';
import { header } from '../http/pipeline';
import { CallIdentity, Route, SandboxRequest, SandboxResponse } from '../http/types';
import { isObject } from '../content/validate';
import { Integration } from '../store/model';
import { exchangeCode, introspect, refreshTokens, revokeFamily, tokenResponse } from '../oauth/grants';

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Client authentication is HTTP Basic only, as on Notion; anything wrong is 401 `invalid_client`. */
function authenticateClient(ctx: SandboxContext, req: SandboxRequest, who: CallIdentity): Integration {
  const credentials = basicCredentials(header(req, 'authorization'));
  const integration = credentials
    ? Object.values(ctx.store.state.integrations).find((i) => i.clientId === credentials.clientId)
    : undefined;
  if (!credentials || !integration || !sameSecret(integration.clientSecret, credentials.clientSecret)) {
    throw new OAuthError(401, 'invalid_client', 'Client authentication failed: unknown client or wrong secret.');
  }
  who.integrationId = integration.id;
  return integration;
}

/** Token requests are JSON; a form body is tolerated because RFC 6749 clients send one. */
function readParams(req: SandboxRequest): Record<string, string | undefined> {
  const type = header(req, 'content-type') ?? '';
  if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(req.form());
  let body: unknown;
  try {
    body = req.json();
  } catch {
    throw new OAuthError(400, 'invalid_request', 'Error parsing JSON body.');
  }
  if (body === undefined) return {};
  if (!isObject(body)) throw new OAuthError(400, 'invalid_request', 'The body should be a JSON object.');
  const params: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(body)) params[key] = typeof value === 'string' ? value : undefined;
  return params;
}

function required(params: Record<string, string | undefined>, name: string): string {
  const value = params[name];
  if (!value) throw new OAuthError(400, 'invalid_request', `${name} is required.`);
  return value;
}

export function oauthRoutes(ctx: SandboxContext): Route[] {
  const ttl = () => ctx.settings.accessTokenTtlSeconds;
  const token = (req: SandboxRequest, who: CallIdentity): SandboxResponse => {
    const integration = authenticateClient(ctx, req, who);
    const params = readParams(req);
    const grantType = required(params, 'grant_type');
    let result;
    if (grantType === 'authorization_code') {
      result = exchangeCode(ctx.store, integration, required(params, 'code'), params.redirect_uri, ttl());
    } else if (grantType === 'refresh_token') {
      result = refreshTokens(ctx.store, integration, required(params, 'refresh_token'), ttl());
    } else {
      throw new OAuthError(400, 'unsupported_grant_type', `Unsupported grant_type: ${grantType}.`);
    }
    who.botId = result.bot.id;
    return { status: 200, body: tokenResponse(ctx.store, result.bot, result.pair, req.requestId) };
  };
  const introspectRoute = (req: SandboxRequest, who: CallIdentity): SandboxResponse => {
    const integration = authenticateClient(ctx, req, who);
    const body = introspect(ctx.store, integration, required(readParams(req), 'token'));
    return { status: 200, body: { ...body, request_id: req.requestId } };
  };
  const revoke = (req: SandboxRequest, who: CallIdentity): SandboxResponse => {
    const integration = authenticateClient(ctx, req, who);
    const record = ctx.store.state.tokens[required(readParams(req), 'token')];
    // Like RFC 7009, an unknown token is not an error: the result (it does not work) is the same.
    if (record && record.integrationId === integration.id) revokeFamily(ctx.store, record.family);
    return { status: 200, body: { request_id: req.requestId } };
  };
  return [
    { kind: 'oauth', method: 'POST', template: '/v1/oauth/token', handle: token },
    { kind: 'oauth', method: 'POST', template: '/v1/oauth/introspect', handle: introspectRoute },
    { kind: 'oauth', method: 'POST', template: '/v1/oauth/revoke', handle: revoke },
  ];
}
