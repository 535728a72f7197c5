import { unauthorized } from '../core/errors';
import { BotAccess } from '../store/access';
import { SandboxStore } from '../store/store';

/** Resolves `Authorization: Bearer <token>` to the bot it belongs to; anything wrong is 401 `unauthorized`. */
export function authenticate(store: SandboxStore, header: string | undefined): { access: BotAccess; token: string } {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) throw unauthorized();
  const token = match[1];
  const record = store.state.tokens[token];
  if (!record || record.kind !== 'access' || record.revoked) throw unauthorized();
  if (record.expiresAt !== null && store.clock.now() >= record.expiresAt) throw unauthorized();
  const bot = store.state.bots[record.botId];
  const integration = bot ? store.state.integrations[bot.integrationId] : undefined;
  if (!bot || !integration) throw unauthorized();
  return { access: new BotAccess(store, bot, integration), token };
}

/** Parses HTTP Basic credentials (`client_id:client_secret`). */
export function basicCredentials(header: string | undefined): { clientId: string; clientSecret: string } | null {
  const match = /^Basic\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { clientId: decoded.slice(0, colon), clientSecret: decoded.slice(colon + 1) };
}

/** Who a request claims to be, without failing: lets faulted calls still be logged against their bot. */
export function identify(store: SandboxStore, header: string | undefined): { botId: string; integrationId: string; tokenKey: string } | null {
  try {
    const { access, token } = authenticate(store, header);
    return { botId: access.bot.id, integrationId: access.integration.id, tokenKey: token };
  } catch {
    return null;
  }
}
