import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from '@notionhq/client';
import { NotionSandbox, resolveNotionSpec, startNotionSandbox } from '../../src/sandbox/notion';
import { parseForm } from './support/consent-form';

const REDIRECT = 'http://localhost:5998/api/notion/oauth/callback';
const APP = { name: 'Embedded assistant', clientId: 'embedded-client', clientSecret: 'embedded-secret', redirectUris: [REDIRECT] };

function authorizeUrl(sandbox: NotionSandbox, extra: Record<string, string>): string {
  const query = new URLSearchParams({ client_id: APP.clientId, redirect_uri: REDIRECT, response_type: 'code', owner: 'user', state: 's1', ...extra });
  return `${sandbox.url}/v1/oauth/authorize?${query}`;
}

describe('Notion sandbox hosted identities (the product’s embedded default)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'notion-sandbox-hosted-'));
  const snapshotFile = path.join(dir, 'nested', 'state.json');
  let sandbox: NotionSandbox;

  beforeAll(async () => {
    sandbox = await startNotionSandbox({ rateLimit: false, snapshotFile });
  });

  afterAll(async () => {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ensurePublicIntegration creates once and then updates in place (same id, new secret and URIs)', () => {
    const first = sandbox.control.ensurePublicIntegration(APP);
    const again = sandbox.control.ensurePublicIntegration(APP);
    expect(again).toEqual(first);
    const updated = sandbox.control.ensurePublicIntegration({ ...APP, clientSecret: 'rotated', redirectUris: [REDIRECT, 'http://localhost:5998/other'] });
    expect(updated).toMatchObject({ id: first.id, kind: 'public', clientId: APP.clientId, clientSecret: 'rotated', redirectUris: [REDIRECT, 'http://localhost:5998/other'] });
    expect(Object.values(sandbox.control.exportState().integrations).filter((i) => i.clientId === APP.clientId)).toHaveLength(1);
    sandbox.control.ensurePublicIntegration(APP);
    expect(() => sandbox.control.ensurePublicIntegration({ ...APP, redirectUris: ['not a url'] })).toThrow(/redirectUris/);
    const internal = sandbox.control.createIntegration({ name: 'Internal', kind: 'internal', clientId: 'taken-by-internal', workspaceId: sandbox.control.createWorkspace({ name: 'W' }).id });
    expect(() => sandbox.control.ensurePublicIntegration({ ...APP, clientId: internal.clientId })).toThrow(/internal/);
  });

  it('ensurePerson gives each external id one person, one workspace named after them and a starter page', () => {
    const ada = sandbox.control.ensurePerson({ externalId: 'user-ada', name: 'Ada', email: 'ada@example.test' });
    const again = sandbox.control.ensurePerson({ externalId: 'user-ada', name: 'Ada Lovelace', email: 'ada@example.test' });
    expect(again).toEqual(ada);
    const state = sandbox.control.exportState();
    expect(state.people[ada.personId]).toMatchObject({ name: 'Ada Lovelace', externalId: 'user-ada' });
    expect(state.workspaces[ada.workspaceId]).toMatchObject({ name: "Ada's workspace", memberIds: [ada.personId] });
    expect(state.pages[ada.pageId]).toMatchObject({ workspaceId: ada.workspaceId, parent: { type: 'workspace' } });
    const grace = sandbox.control.ensurePerson({ externalId: 'user-grace', name: 'Grace', email: 'grace@example.test' });
    expect(grace.personId).not.toBe(ada.personId);
    expect(grace.workspaceId).not.toBe(ada.workspaceId);
    expect(() => sandbox.control.ensurePerson({ externalId: '', name: 'x', email: 'y' })).toThrow();
  });

  it('a consent ticket shows only its person and their pages, and approving acts as them', async () => {
    sandbox.control.ensurePublicIntegration(APP);
    const ada = sandbox.control.ensurePerson({ externalId: 'user-ada', name: 'Ada', email: 'ada@example.test' });
    const grace = sandbox.control.ensurePerson({ externalId: 'user-grace', name: 'Grace', email: 'grace@example.test' });
    const ticket = sandbox.control.issueConsentTicket(ada.personId);
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{20,}$/);

    const page = await fetch(authorizeUrl(sandbox, { sandbox_ticket: ticket }));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('ada@example.test');
    expect(html).not.toContain('grace@example.test');
    expect(html).not.toContain('id="choose-person"');
    expect(html).not.toContain('switch-person');
    const form = parseForm(html, 'consent');
    expect(form.selects.workspace_id).toEqual([ada.workspaceId]);
    expect(form.checkboxes.page_ids).toEqual([ada.pageId]);
    expect(form.hidden.sandbox_ticket).toBe(ticket);
    expect(form.hidden.user).toBeUndefined();

    // A forged `user` field does not change who approves: the ticket decides.
    const body = new URLSearchParams({ ...form.hidden, user: grace.personId, workspace_id: ada.workspaceId, action: 'allow' });
    body.append('page_ids', ada.pageId);
    const approved = await fetch(`${sandbox.url}${form.action}`, { method: 'POST', body, redirect: 'manual' });
    expect(approved.status).toBe(302);
    expect(approved.headers.get('set-cookie')).toBeNull();
    const code = new URL(approved.headers.get('location') as string).searchParams.get('code') as string;
    const anon = new Client({ baseUrl: sandbox.url, notionVersion: '2026-03-11', retry: false, logger: () => undefined });
    const token = await anon.oauth.token({ client_id: APP.clientId, client_secret: APP.clientSecret, grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(token).toMatchObject({ workspace_id: ada.workspaceId, workspace_name: "Ada's workspace", owner: { type: 'user', user: { id: ada.personId } } });
    const bot = new Client({ baseUrl: sandbox.url, auth: token.access_token, notionVersion: '2026-03-11', retry: false, logger: () => undefined });
    expect(await bot.pages.retrieve({ page_id: ada.pageId })).toMatchObject({ id: ada.pageId });
  });

  it('refuses an unknown or expired ticket with the error page, on the page and on the form post', async () => {
    const ada = sandbox.control.ensurePerson({ externalId: 'user-ada', name: 'Ada', email: 'ada@example.test' });
    const unknown = await fetch(authorizeUrl(sandbox, { sandbox_ticket: 'sbt_forged' }), { redirect: 'manual' });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('id="error"');

    const ticket = sandbox.control.issueConsentTicket(ada.personId, 60);
    sandbox.control.advanceClock(61_000);
    const expired = await fetch(authorizeUrl(sandbox, { sandbox_ticket: ticket }), { redirect: 'manual' });
    expect(expired.status).toBe(400);
    const body = new URLSearchParams({ client_id: APP.clientId, redirect_uri: REDIRECT, response_type: 'code', owner: 'user', sandbox_ticket: ticket, workspace_id: ada.workspaceId, action: 'allow' });
    const posted = await fetch(`${sandbox.url}/v1/oauth/authorize`, { method: 'POST', body, redirect: 'manual' });
    expect(posted.status).toBe(400);
    expect(posted.headers.get('location')).toBeNull();
    expect(() => sandbox.control.issueConsentTicket('00000000-0000-4000-8000-000000000000')).toThrow(/unknown person/);
  });

  it('keeps hosted identities across a restart through the snapshot file (created in a missing folder)', async () => {
    const ada = sandbox.control.ensurePerson({ externalId: 'user-ada', name: 'Ada', email: 'ada@example.test' });
    const app = sandbox.control.ensurePublicIntegration(APP);
    await sandbox.close();
    sandbox = await startNotionSandbox({ rateLimit: false, snapshotFile });
    expect(sandbox.control.ensurePerson({ externalId: 'user-ada', name: 'Ada', email: 'ada@example.test' })).toEqual(ada);
    expect(sandbox.control.ensurePublicIntegration(APP).id).toBe(app.id);
  });

  it('offers the same operations on the HTTP control API', async () => {
    const http = await startNotionSandbox({ rateLimit: false, control: true });
    try {
      const post = async (route: string, body: unknown) => {
        const response = await fetch(`${http.url}/__sandbox${route}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${String(http.controlToken)}` }, body: JSON.stringify(body) });
        return { status: response.status, body: (await response.json()) as Record<string, string> };
      };
      const app = await post('/integrations/ensure-public', APP);
      expect(app).toMatchObject({ status: 200, body: { clientId: APP.clientId, kind: 'public' } });
      expect((await post('/integrations/ensure-public', APP)).body.id).toBe(app.body.id);
      const person = await post('/people/ensure', { externalId: 'http-user', name: 'Hal', email: 'hal@example.test' });
      expect(person.body).toMatchObject({ personId: expect.any(String), workspaceId: expect.any(String) });
      const ticket = await post('/consent-tickets', { personId: person.body.personId, ttlSeconds: 60 });
      expect(ticket).toMatchObject({ status: 201, body: { ticket: expect.stringMatching(/^sbt_/) } });
      const page = await fetch(authorizeUrl(http, { sandbox_ticket: ticket.body.ticket }));
      expect(await page.text()).toContain('hal@example.test');
      expect((await post('/consent-tickets', { personId: 'nobody' })).status).toBe(404);
    } finally {
      await http.close();
    }
  });

  it('finds Notion’s OpenAPI document from src and from a compiled dist folder alike', () => {
    const root = path.resolve(__dirname, '../..');
    const expected = path.join(root, 'spec', 'notion', 'openapi.json');
    expect(resolveNotionSpec()).toBe(expected);
    expect(resolveNotionSpec(path.join(root, 'dist', 'sandbox', 'notion', 'core'))).toBe(expected);
    expect(() => resolveNotionSpec(path.parse(root).root)).toThrow(/package\.json/);
  });
});
