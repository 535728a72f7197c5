import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { APIErrorCode, Client, PageObjectResponse } from '@notionhq/client';
import { NotionSandbox, startNotionSandbox } from '../../src/sandbox/notion';

const sdk = (sandbox: NotionSandbox, auth: string) => new Client({ baseUrl: sandbox.url, auth, notionVersion: '2026-03-11', retry: false, logger: () => undefined });

describe('Notion sandbox control API over HTTP', () => {
  let sandbox: NotionSandbox;
  const call = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(`${sandbox.url}/__sandbox${route}`, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { 'content-type': 'application/json', authorization: `Bearer ${String(sandbox.controlToken)}` } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> & { results?: Array<Record<string, unknown>> } };
  };

  beforeAll(async () => {
    sandbox = await startNotionSandbox({ control: true, rateLimit: false });
  });

  afterAll(() => sandbox.close());

  it('creates workspaces, people, integrations and pages, injects faults, reads the log, resets', async () => {
    const person = await call('POST', '/people', { name: 'Erin', email: 'erin@sandbox.localhost' });
    expect(person.status).toBe(201);
    const workspace = await call('POST', '/workspaces', { name: 'HTTP workspace', memberIds: [person.body.id] });
    const page = await call('POST', '/pages', { workspaceId: workspace.body.id, title: 'Seeded', children: [{ paragraph: { rich_text: [{ text: { content: 'seeded text' } }] } }] });
    expect(page.status).toBe(201);
    const integration = await call('POST', '/integrations', { name: 'Bot', kind: 'internal', workspaceId: workspace.body.id, token: 'ntn_static_for_test' });
    expect(integration.body).toMatchObject({ kind: 'internal', token: 'ntn_static_for_test' });
    const notion = sdk(sandbox, 'ntn_static_for_test');
    await expect(notion.pages.retrieve({ page_id: String(page.body.id) })).rejects.toMatchObject({ code: APIErrorCode.ObjectNotFound });
    expect((await call('POST', `/integrations/${String(integration.body.id)}/pages`, { pageIds: [page.body.id] })).status).toBe(200);
    await expect(notion.pages.retrieve({ page_id: String(page.body.id) })).resolves.toMatchObject({ id: page.body.id });

    const content = await call('GET', `/pages/${String(page.body.id)}/content`);
    expect(content.body).toMatchObject({ title: 'Seeded', blocks: [{ type: 'paragraph', text: 'seeded text' }] });

    const fault = await call('POST', '/faults', { kind: 'status', status: 503, method: 'GET', path: '/v1/users/me', times: 1 });
    expect(fault.status).toBe(201);
    expect((await call('GET', '/faults')).body.results).toHaveLength(1);
    await expect(notion.users.me({})).rejects.toMatchObject({ code: APIErrorCode.ServiceUnavailable });
    await expect(notion.users.me({})).resolves.toMatchObject({ type: 'bot' });

    const log = (await call('GET', '/requests')).body.results ?? [];
    expect(log.filter((e) => e.path === '/v1/users/me').map((e) => e.status)).toEqual([503, 200]);
    expect(JSON.stringify(log)).not.toContain('ntn_static_for_test');
    const counters = (await call('GET', '/counters')).body.results ?? [];
    expect(counters[0]).toMatchObject({ botId: integration.body.botId, requests: 4, byStatus: { 200: 2, 404: 1, 503: 1 } });

    const code = await call('POST', '/oauth/codes', { integrationId: 'nope', workspaceId: workspace.body.id, personId: person.body.id });
    expect(code).toMatchObject({ status: 404, body: { error: expect.any(String) } });
    expect((await call('POST', '/faults', { kind: 'explode' })).status).toBe(400);
    expect((await call('POST', '/people', '[')).status).toBe(400);

    expect((await call('POST', '/reset')).status).toBe(200);
    expect((await call('GET', '/workspaces')).body.results).toEqual([]);
    await expect(notion.users.me({})).rejects.toMatchObject({ code: APIErrorCode.Unauthorized });
  });

  it('answers only the control token: none or a wrong one → 401, Notion-style, and nothing changes', async () => {
    expect(sandbox.controlToken).toMatch(/^sbc_[A-Za-z0-9_-]{32,}$/);
    const before = JSON.stringify(sandbox.control.exportState());
    const attempts: Array<[string, string, unknown]> = [
      ['GET', '/state', undefined],
      ['POST', '/people', { name: 'Mallory', email: 'mallory@sandbox.localhost' }],
      ['POST', '/consent-tickets', { personId: 'anyone' }],
      ['POST', '/reset', undefined],
    ];
    const wrong = [undefined, '', 'Bearer', `Bearer ${String(sandbox.controlToken)}x`, `Bearer ${String(sandbox.controlToken).slice(0, -1)}`, `Basic ${String(sandbox.controlToken)}`, 'Bearer ntn_static_for_test'];
    for (const [method, route, body] of attempts) {
      for (const authorization of wrong) {
        const response = await fetch(`${sandbox.url}/__sandbox${route}`, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }) } });
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
        const error = (await response.json()) as Record<string, unknown>;
        expect(error).toMatchObject({ object: 'error', status: 401, code: 'unauthorized', message: expect.any(String), request_id: expect.any(String) });
        expect(JSON.stringify(error)).not.toContain(String(sandbox.controlToken));
      }
    }
    expect(JSON.stringify(sandbox.control.exportState())).toBe(before);
    expect((await call('GET', '/state')).status).toBe(200);
  });

  it('takes the control token it is given, and refuses a short one', async () => {
    await expect(startNotionSandbox({ control: true, controlToken: 'short' })).rejects.toThrow(/controlToken must be at least 16 characters/);
    const given = await startNotionSandbox({ control: true, controlToken: 'sbc_given_control_token_for_tests', rateLimit: false });
    try {
      expect(given.controlToken).toBe('sbc_given_control_token_for_tests');
      const ok = await fetch(`${given.url}/__sandbox/workspaces`, { headers: { authorization: 'Bearer sbc_given_control_token_for_tests' } });
      expect(ok.status).toBe(200);
      expect((await fetch(`${given.url}/__sandbox/workspaces`, { headers: { authorization: `Bearer ${String(sandbox.controlToken)}` } })).status).toBe(401);
    } finally {
      await given.close();
    }
  });

  it('is off unless asked for', async () => {
    const quiet = await startNotionSandbox();
    try {
      const response = await fetch(`${quiet.url}/__sandbox/workspaces`);
      expect(response.status).toBe(404);
      expect(quiet.controlToken).toBeNull();
      expect(quiet.control.createWorkspace({ name: 'still usable from the handle' }).name).toBe('still usable from the handle');
    } finally {
      await quiet.close();
    }
  });
});

describe('Notion sandbox snapshot file', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'notion-sandbox-'));
  const file = path.join(dir, 'state.json');

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps content, integrations and tokens across restarts', async () => {
    const first = await startNotionSandbox({ snapshotFile: file, demo: { internalToken: 'ntn_demo_snapshot' }, rateLimit: false });
    const created = await sdk(first, 'ntn_demo_snapshot').pages.create({ parent: { page_id: first.demo!.pageId }, properties: { title: { title: [{ text: { content: 'Survives restarts' } }] } } });
    await first.close();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ version: 1 });

    const second = await startNotionSandbox({ snapshotFile: file, demo: {}, rateLimit: false });
    try {
      expect(second.demo).toMatchObject({ internalToken: 'ntn_demo_snapshot', pageId: first.demo!.pageId });
      const page = (await sdk(second, 'ntn_demo_snapshot').pages.retrieve({ page_id: created.id })) as PageObjectResponse;
      expect(page.properties.title).toMatchObject({ title: [{ plain_text: 'Survives restarts' }] });
    } finally {
      await second.close();
    }
  });
});

describe('Notion sandbox standalone entry', () => {
  it('starts with the demo content, prints how to connect, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', path.resolve(__dirname, '../../src/sandbox/notion/main.ts')], {
      env: { ...process.env, NOTION_SANDBOX_PORT: '0', NOTION_SANDBOX_INTERNAL_TOKEN: 'ntn_standalone', NOTION_SANDBOX_CLIENT_ID: 'client-standalone', NOTION_SANDBOX_CLIENT_SECRET: 'secret-standalone', NOTION_SANDBOX_REDIRECT_URIS: 'http://localhost:1/a, http://localhost:1/b', NOTION_SANDBOX_RATE_LIMIT: '0', NOTION_SANDBOX_CONTROL_TOKEN: undefined },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 20_000;
      while (!/internal token/.test(output) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const url = /listening on (http:\/\/\S+) /.exec(output)?.[1] as string;
      expect(output).toContain('ntn_standalone');
      expect(output).toContain('client-standalone');
      expect(output).toContain('secret-standalone');
      expect(output).toContain('http://localhost:1/a, http://localhost:1/b');
      const notion = new Client({ baseUrl: url, auth: 'ntn_standalone', notionVersion: '2026-03-11', retry: false, logger: () => undefined });
      const found = await notion.search({ query: 'Demo page' });
      expect(found.results).toHaveLength(1);
      expect((await fetch(`${url}/__sandbox/workspaces`)).status).toBe(401);
      const controlToken = /control token:\s+(\S+)/.exec(output)?.[1] as string;
      expect(controlToken).toMatch(/^sbc_/);
      const controlApi = await fetch(`${url}/__sandbox/workspaces`, { headers: { authorization: `Bearer ${controlToken}` } });
      expect(controlApi.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 30_000);
});
