import { Controller, Get, Module, Post } from '@nestjs/common';
import { Public } from '../../src/core/http/public.decorator';
import { bootApp, type TestApp } from '../support/app';
import { concretePath, listRoutes, routeKey } from '../support/routes';

/**
 * The routes anyone may call without a session. Adding a route to this list is a security decision:
 * it needs a reviewer's yes.
 */
const PUBLIC_ROUTES = [
  'GET /health/live',
  'GET /health/ready',
  'POST /auth/register',
  'POST /auth/login',
  // The browser page and its static files (src/web).
  'GET /app',
  'GET /app/app.css',
  'GET /app/app.js',
  'GET /app/page-kit.js',
  'GET /app/api-keys.js',
  'GET /app/ai-clients.js',
  // The bare address redirects to /app; the icon browsers ask for.
  'GET /',
  'GET /favicon.ico',
  'GET /favicon.svg',
  // Where an AI client's OAuth sign-in sends the browser; the page signs the person in itself (src/web).
  'GET /app/authorize',
  'GET /app/authorize.js',
  // The OAuth server AI clients sign in to /mcp with (the MCP SDK's Express handlers, src/mcp-auth): public by
  // design, each checks what OAuth asks of it (client, PKCE, code, token). /oauth/authorize answers through
  // router.all (GET and POST), so it is not listed as a route; test/mcp-auth covers it.
  'GET /.well-known/oauth-authorization-server',
  'GET /.well-known/oauth-protected-resource',
  'GET /.well-known/oauth-protected-resource/mcp',
  'POST /oauth/register',
  'POST /oauth/revoke',
  'POST /oauth/token',
  // Notion's webhooks (src/notes/changes): Notion has no session; every event is proven by its signature
  // (401 WEBHOOK_SIGNATURE_INVALID otherwise). The operator's view of the verification token answers 404
  // without OPERATOR_TOKEN and 401 without that bearer token.
  'POST /webhooks/notion',
  'GET /webhooks/notion/verification-token',
];
/** Swagger UI and the OpenAPI document, served by Express directly (not Nest controllers), public by design. */
const isDocs = (path: string) => path === '/docs' || path.startsWith('/docs/') || path.startsWith('/docs-');

/** Calls every route without credentials; returns the keys of those that did not answer 401 UNAUTHENTICATED. */
async function routesOpenWithoutSession(t: TestApp): Promise<{ all: string[]; open: string[] }> {
  const routes = listRoutes(t.app).filter((r) => !isDocs(r.path));
  const open: string[] = [];
  for (const route of routes) {
    const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete' | 'head' | 'options';
    const res = await t.http()[method](concretePath(route.path)).send({});
    if (!(res.status === 401 && res.body.code === 'UNAUTHENTICATED')) open.push(routeKey(route));
  }
  return { all: routes.map(routeKey), open: open.sort() };
}

@Controller('__later')
class LaterFeatureController {
  @Get('items/:id')
  item(): string {
    return 'secret';
  }

  @Public()
  @Post('oops')
  oops(): string {
    return 'open';
  }
}

@Module({ controllers: [LaterFeatureController] })
class LaterFeatureModule {}

describe('every route needs a session unless it is on the public allow-list', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootApp();
  });
  afterAll(() => t.close());

  it('finds the routes of the service (auth and health at least)', () => {
    const all = listRoutes(t.app).map(routeKey);
    expect(all).toEqual(
      expect.arrayContaining([
        ...PUBLIC_ROUTES,
        'POST /auth/logout',
        'POST /auth/logout-all',
        'GET /auth/me',
        'GET /auth/sessions',
        'DELETE /auth/sessions/:id',
      ]),
    );
  });

  it('answers 401 on every route but exactly the allow-listed ones', async () => {
    const { all, open } = await routesOpenWithoutSession(t);
    expect(all.length).toBeGreaterThanOrEqual(9);
    expect(open).toEqual([...PUBLIC_ROUTES].sort());
  });

  it('covers routes added later, and flags a public one missing from the allow-list', async () => {
    const later = await bootApp({ imports: [LaterFeatureModule] });
    try {
      const { all, open } = await routesOpenWithoutSession(later);
      expect(all).toEqual(expect.arrayContaining(['GET /__later/items/:id', 'POST /__later/oops']));
      expect(open).not.toContain('GET /__later/items/:id');
      // The check above would fail on this app: it has an open route that is not allow-listed.
      expect(open).toEqual([...PUBLIC_ROUTES, 'POST /__later/oops'].sort());
    } finally {
      await later.close();
    }
  });
});
