import { OAuthError } from '../core/errors';
import { newId, newSecret } from '../core/ids';
import { Renderer } from '../content/render';
import { Bot, Integration, JsonObject, TokenRecord } from '../store/model';
import { SandboxStore } from '../store/store';

export interface ConsentGrant {
  integration: Integration;
  workspaceId: string;
  personId: string;
  pageIds: string[];
  /** The redirect URI named in the authorize request; the token request must repeat it. */
  redirectUri: string | null;
}

/** Checks that a person may install an integration in a workspace and share those pages. */
export function checkConsent(store: SandboxStore, grant: Omit<ConsentGrant, 'redirectUri'>): string | null {
  const workspace = store.state.workspaces[grant.workspaceId];
  if (!workspace) return 'Unknown workspace.';
  if (!store.state.people[grant.personId]) return 'Unknown person.';
  if (!workspace.memberIds.includes(grant.personId)) return 'This person is not a member of that workspace.';
  if (grant.integration.kind !== 'public') return 'Only public integrations use OAuth.';
  for (const id of grant.pageIds) {
    const page = store.state.pages[id];
    if (!page || page.workspaceId !== workspace.id) return `Page ${id} is not in that workspace.`;
  }
  return null;
}

export function issueCode(store: SandboxStore, grant: ConsentGrant, ttlSeconds: number): string {
  const code = newSecret('sbc_', 18);
  store.state.codes[code] = {
    code,
    integrationId: grant.integration.id,
    workspaceId: grant.workspaceId,
    personId: grant.personId,
    pageIds: grant.pageIds,
    redirectUri: grant.redirectUri,
    expiresAt: store.clock.now() + ttlSeconds * 1000,
    used: false,
  };
  return code;
}

/** One bot per (integration, workspace, person); authorizing again shares more pages with the same bot. */
export function installBot(store: SandboxStore, integration: Integration, workspaceId: string, personId: string | null, pageIds: string[]): Bot {
  let bot = Object.values(store.state.bots).find(
    (b) => b.integrationId === integration.id && b.workspaceId === workspaceId && b.ownerPersonId === personId,
  );
  if (!bot) {
    bot = { id: newId(), integrationId: integration.id, workspaceId, ownerPersonId: personId, grants: [] };
    store.state.bots[bot.id] = bot;
  }
  for (const id of pageIds) if (!bot.grants.includes(id)) bot.grants.push(id);
  return bot;
}

export function issueTokenPair(store: SandboxStore, bot: Bot, ttlSeconds: number | null): { access: TokenRecord; refresh: TokenRecord } {
  const now = store.clock.now();
  const family = newId();
  const base = { botId: bot.id, integrationId: bot.integrationId, family, issuedAt: now, revoked: false };
  const access: TokenRecord = { ...base, token: newSecret('ntn_'), kind: 'access', expiresAt: ttlSeconds ? now + ttlSeconds * 1000 : null };
  const refresh: TokenRecord = { ...base, token: newSecret('nrt_'), kind: 'refresh', expiresAt: null };
  store.state.tokens[access.token] = access;
  store.state.tokens[refresh.token] = refresh;
  return { access, refresh };
}

/** The exact fields of Notion's token response (API-NOTES 1.2). */
export function tokenResponse(store: SandboxStore, bot: Bot, pair: { access: TokenRecord; refresh: TokenRecord }, requestId: string): JsonObject {
  const workspace = store.state.workspaces[bot.workspaceId];
  const renderer = new Renderer(store, '', '2026-03-11');
  return {
    access_token: pair.access.token,
    token_type: 'bearer',
    refresh_token: pair.refresh.token,
    bot_id: bot.id,
    workspace_id: workspace.id,
    workspace_name: workspace.name,
    workspace_icon: workspace.icon,
    owner: renderer.botOwner(bot),
    duplicated_template_id: null,
    request_id: requestId,
  };
}

export function exchangeCode(store: SandboxStore, integration: Integration, code: string, redirectUri: string | undefined, ttl: number | null) {
  const record = store.state.codes[code];
  if (!record || record.integrationId !== integration.id) throw new OAuthError(400, 'invalid_grant', 'Invalid code.');
  if (record.used) throw new OAuthError(400, 'invalid_grant', 'Invalid code: this code has been revoked.');
  if (store.clock.now() >= record.expiresAt) throw new OAuthError(400, 'invalid_grant', 'Invalid code: this code has expired.');
  // The token request repeats exactly what the authorize request said: the same URI, or none.
  const given = redirectUri === undefined || redirectUri === '' ? null : redirectUri;
  if (record.redirectUri !== null && given === null) throw new OAuthError(400, 'invalid_request', 'redirect_uri is required.');
  if (given !== record.redirectUri) {
    throw new OAuthError(400, 'invalid_grant', 'Invalid redirect_uri: it does not match the one used in the authorization request.');
  }
  record.used = true;
  const bot = installBot(store, integration, record.workspaceId, record.personId, record.pageIds);
  return { bot, pair: issueTokenPair(store, bot, ttl) };
}

/** Rotating refresh: the old refresh token and the access token issued with it stop working. */
export function refreshTokens(store: SandboxStore, integration: Integration, refreshToken: string, ttl: number | null) {
  const record = store.state.tokens[refreshToken];
  if (!record || record.kind !== 'refresh' || record.integrationId !== integration.id || record.revoked) {
    throw new OAuthError(400, 'invalid_grant', 'Invalid refresh token.');
  }
  revokeFamily(store, record.family);
  const bot = store.state.bots[record.botId];
  return { bot, pair: issueTokenPair(store, bot, ttl) };
}

export function revokeFamily(store: SandboxStore, family: string): void {
  for (const token of Object.values(store.state.tokens)) if (token.family === family) token.revoked = true;
}

export function introspect(store: SandboxStore, integration: Integration, token: string): JsonObject {
  const record = store.state.tokens[token];
  const active =
    !!record &&
    record.integrationId === integration.id &&
    !record.revoked &&
    (record.expiresAt === null || store.clock.now() < record.expiresAt);
  return active ? { active, iat: Math.floor(record.issuedAt / 1000) } : { active: false };
}
