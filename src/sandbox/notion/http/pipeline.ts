import { NotionApiError, rateLimited, validationError } from '../core/errors';
import { parseVersion } from '../core/version';
import { Renderer } from '../content/render';
import { MAX_PAYLOAD_BYTES, isObject } from '../content/validate';
import { expandShorthands } from '../validation/request-shorthands';
import { authenticate } from './auth';
import { requireControlToken } from './control-auth';
import { SandboxContext } from './context';
import { CallIdentity, Route, SandboxRequest, SandboxResponse } from './types';

const READS = new Set(['GET', 'HEAD']);

/**
 * Runs one matched route. Notion API routes go through the same gate as on Notion:
 * version header, bearer token, rate limit, body checks; then the handler.
 */
export async function executeRoute(ctx: SandboxContext, route: Route, req: SandboxRequest, who: CallIdentity): Promise<SandboxResponse> {
  if (route.kind === 'control') requireControlToken(ctx.settings.controlToken ?? '', header(req, 'authorization'));
  if (route.kind !== 'api') {
    const response = await route.handle(req, who);
    if (!READS.has(req.method)) ctx.store.changed();
    return response;
  }
  const version = parseVersion(header(req, 'notion-version'));
  const { access, token } = authenticate(ctx.store, header(req, 'authorization'));
  who.botId = access.bot.id;
  who.integrationId = access.integration.id;
  who.tokenKey = token;
  // One bucket per installation (bot): a refreshed or re-issued token does not get a fresh one.
  const decision = ctx.limiter.take(access.bot.id);
  if (!decision.allowed) throw rateLimited(decision.retryAfterSeconds);
  if (req.rawBody.length > MAX_PAYLOAD_BYTES) {
    throw validationError(`Request body too large: the payload is ${req.rawBody.length} bytes, the limit is ${MAX_PAYLOAD_BYTES} bytes (500 KB).`);
  }
  const raw = READS.has(req.method) || req.method === 'DELETE' ? undefined : req.json();
  if (raw !== undefined && !isObject(raw)) {
    throw new NotionApiError(400, 'validation_error', 'body failed validation: body should be an object.');
  }
  const parsed = raw === undefined ? undefined : expandShorthands(route.method, route.template, raw, access, req.params);
  if (parsed !== undefined) ctx.validator.check(route.method, route.template, version, parsed);
  const body = await route.handle({
    req,
    version,
    access,
    render: new Renderer(ctx.store, ctx.baseUrl(), version, (id) => access.canSee(id)),
    body: parsed ?? {},
    botId: access.bot.id,
  });
  if (!READS.has(req.method)) ctx.store.changed();
  // Notion's page, block, list and user objects carry the request id in the body as well.
  return { status: 200, body: { ...body, request_id: req.requestId } };
}

export function header(req: SandboxRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
