import { OAuthIntegrationService } from '../../src/oauth/integrations/oauth-integration.service';
import { NotionNotConnectedError, NotionReauthRequiredError } from '../../src/oauth/oauth.errors';
import { NotFoundError } from '../../src/core/errors/domain-error';
import type { TestApp } from '../support/app';
import { bearer, signUp } from '../support/auth';
import { listRoutes, routeKey } from '../support/routes';
import { connectWorkspace, dataSourceOf, newPerson, startOAuthWorld, type OAuthWorld, type Person } from './support/oauth-world';

/** Valid bodies, so that a 404 cannot come from validation failing first. */
const BODIES: Record<string, object> = { 'PATCH /integrations/:id': { isDefault: true } };

describe("another user's integration id → 404 on every route", () => {
  let world: OAuthWorld;
  let t: TestApp;
  let alice: Person;
  let aliceIntegration: string;

  beforeAll(async () => {
    world = await startOAuthWorld();
    t = await world.boot();
    alice = await newPerson(t, world, 'alice');
    aliceIntegration = await connectWorkspace(t, world, alice);
  });
  afterAll(() => world.close());

  const integrationRoutes = () => listRoutes(t.app).filter((r) => r.path.startsWith('/integrations/:id'));

  it('finds every route that takes an integration id', () => {
    expect(integrationRoutes().map(routeKey).sort()).toEqual([
      'DELETE /integrations/:id',
      'GET /integrations/:id/audit',
      'GET /integrations/:id/status',
      'PATCH /integrations/:id',
    ]);
  });

  it("answers Bob 404 NOT_FOUND on each, exactly as for an id that does not exist, and leaves Alice's integration alone", async () => {
    const bob = await signUp(t, 'bob');
    for (const route of integrationRoutes()) {
      const method = route.method.toLowerCase() as 'get' | 'patch' | 'delete';
      for (const id of [aliceIntegration, '00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
        const res = await t.http()[method](route.path.replace(':id', id)).set(...bearer(bob.token)).send(BODIES[routeKey(route)] ?? {});
        expect([routeKey(route), id, res.status, res.body.code]).toEqual([routeKey(route), id, 404, 'NOT_FOUND']);
      }
    }
    const rows = await dataSourceOf(t).query(`SELECT status, is_default FROM oauth_integrations WHERE id = $1`, [aliceIntegration]);
    expect(rows).toEqual([{ status: 'active', is_default: true }]);
    const list = await t.http().get('/integrations').set(...bearer(bob.token)).expect(200);
    expect(list.body).toEqual([]);
    await t.http().get(`/integrations/${aliceIntegration}/status`).set(...bearer(alice.token)).expect(200);
  });

  it('resolveActive: the named integration only if it is the user\'s; otherwise the default; none → NOTION_NOT_CONNECTED', async () => {
    const integrations = t.app.get(OAuthIntegrationService);
    const bob = await signUp(t, 'bob-resolve');
    await expect(integrations.resolveActive(bob.userId)).rejects.toBeInstanceOf(NotionNotConnectedError);
    await expect(integrations.resolveActive(bob.userId)).rejects.toMatchObject({ code: 'NOTION_NOT_CONNECTED', message: expect.stringContaining('/app') });
    await expect(integrations.resolveActive(bob.userId, aliceIntegration)).rejects.toBeInstanceOf(NotFoundError);
    expect((await integrations.resolveActive(alice.userId)).id).toBe(aliceIntegration);
    expect((await integrations.resolveActive(alice.userId, aliceIntegration)).id).toBe(aliceIntegration);

    const carol = await newPerson(t, world, 'carol');
    const carolIntegration = await connectWorkspace(t, world, carol);
    await dataSourceOf(t).query(`UPDATE oauth_integrations SET status = 'needs_reauth' WHERE id = $1`, [carolIntegration]);
    await expect(integrations.resolveActive(carol.userId)).rejects.toBeInstanceOf(NotionReauthRequiredError);
  });
});
