import { APIErrorCode, Client, DatabaseObjectResponse, PageObjectResponse, UnknownHTTPResponseError } from '@notionhq/client';
import { NotionSandbox, startNotionSandbox } from '../../src/sandbox/notion';
import { ContractRecorder } from './support/contract-recorder';
import { REDIRECT_URI, VERSION, World, startWorld, text } from './support/sandbox-world';

const sdk = (sandbox: NotionSandbox, auth: string) => new Client({ baseUrl: sandbox.url, auth, notionVersion: VERSION, retry: false, logger: () => undefined });

/** Answers shaped as Notion gives them, and the operations the product needs beyond the first set. */
describe('Notion sandbox answers as Notion answers', () => {
  let world: World;
  let notion: Client;

  beforeAll(async () => {
    world = await startWorld();
    notion = world.client(world.internalA.token);
  });

  afterAll(async () => {
    await world.sandbox.close();
    expect(world.contract.violations).toEqual([]);
  });

  it('puts the request id in every JSON body (page, block, list, user), equal to the header', async () => {
    const calls: Array<[string, RequestInit?]> = [[`/v1/pages/${world.pageA}`], [`/v1/blocks/${world.pageA}`], [`/v1/blocks/${world.pageA}/children`], ['/v1/users/me'], ['/v1/search', { method: 'POST', body: '{}' }]];
    for (const [path, init] of calls) {
      const response = await fetch(`${world.sandbox.url}${path}`, { ...init, headers: { authorization: `Bearer ${world.internalA.token}`, 'notion-version': VERSION, 'content-type': 'application/json' } });
      const body = (await response.json()) as { request_id?: string };
      expect({ path, requestId: body.request_id }).toEqual({ path, requestId: response.headers.get('x-notion-request-id') });
    }
  });

  it('shows "Untitled" and no title for a mention of a page the integration cannot see', async () => {
    const page = await notion.pages.create({
      parent: { page_id: world.pageA },
      properties: { title: { title: text('Mentions') } },
      children: [{ paragraph: { rich_text: [{ mention: { page: { id: world.privatePageA } } }, { mention: { page: { id: world.pageA } } }] } }],
    });
    const [block] = (await notion.blocks.children.list({ block_id: page.id })).results;
    const rich = 'paragraph' in block ? block.paragraph.rich_text : [];
    expect(rich.map((r) => r.plain_text)).toEqual(['Untitled', 'Notes A']);
    expect(rich[0].href).toBe(`${world.sandbox.url}/${world.privatePageA.replace(/-/g, '')}`);
  });

  it('makes a heading created with children a toggle heading', async () => {
    const page = await notion.pages.create({
      parent: { page_id: world.pageA },
      properties: { title: { title: text('Toggles') } },
      children: [{ heading_2: { rich_text: text('Folded'), children: [{ paragraph: { rich_text: text('inside') } }] } }, { heading_3: { rich_text: text('Plain') } }],
    });
    const blocks = (await notion.blocks.children.list({ block_id: page.id })).results;
    expect(blocks.map((b) => ('heading_2' in b ? b.heading_2.is_toggleable : 'heading_3' in b ? b.heading_3.is_toggleable : null))).toEqual([true, false]);
    expect(blocks[0]).toMatchObject({ has_children: true });
  });

  it('matches search queries by words (prefixes of title words), not by any substring', async () => {
    await notion.pages.create({ parent: { page_id: world.pageA }, properties: { title: { title: text('Kiwifruit harvest plan') } } });
    const titles = async (query: string) => (await notion.search({ query, filter: { property: 'object', value: 'page' } })).results.map((r) => r.id).length;
    expect(await titles('kiwi')).toBe(1);
    expect(await titles('HARVEST kiwi')).toBe(1);
    expect(await titles('iwifruit')).toBe(0);
    expect(await titles('vest')).toBe(0);
    expect(await titles('kiwi moon')).toBe(0);
  });

  it('keeps one rate-limit bucket per installation: a refreshed token gets no fresh one', async () => {
    const limited = await startNotionSandbox({ rateLimit: { requestsPerSecond: 0.001, burst: 2 } });
    try {
      const c = limited.control;
      const person = c.createPerson({ name: 'Rita', email: 'rita@sandbox.localhost' });
      const workspace = c.createWorkspace({ name: 'Limited', memberIds: [person.id] });
      const app = c.createIntegration({ name: 'App', kind: 'public', redirectUris: [REDIRECT_URI] });
      const first = c.issueToken({ integrationId: app.id, workspaceId: workspace.id, personId: person.id });
      await sdk(limited, String(first.access_token)).users.me({});
      await sdk(limited, String(first.access_token)).users.me({});
      await expect(sdk(limited, String(first.access_token)).users.me({})).rejects.toMatchObject({ code: APIErrorCode.RateLimited });
      const refreshed = await sdk(limited, '').oauth.token({ client_id: app.clientId, client_secret: app.clientSecret, grant_type: 'refresh_token', refresh_token: String(first.refresh_token) });
      await expect(sdk(limited, refreshed.access_token).users.me({})).rejects.toMatchObject({ code: APIErrorCode.RateLimited });
      // Another installation (another workspace) has its own bucket.
      const other = c.createWorkspace({ name: 'Other', memberIds: [person.id] });
      const second = c.issueToken({ integrationId: app.id, workspaceId: other.id, personId: person.id });
      await expect(sdk(limited, String(second.access_token)).users.me({})).resolves.toMatchObject({ type: 'bot' });
    } finally {
      await limited.close();
    }
  });

  it('enforces the OAuth rules: owner=user, and the token request repeats the authorize request’s redirect_uri exactly', async () => {
    const url = (owner: string) => `${world.sandbox.url}/v1/oauth/authorize?${new URLSearchParams({ client_id: world.publicApp.clientId, redirect_uri: REDIRECT_URI, response_type: 'code', owner, user: world.alice })}`;
    const workspaceOwner = await fetch(url('workspace'), { redirect: 'manual' });
    expect(workspaceOwner.status).toBe(400);
    expect(await workspaceOwner.text()).toContain('owner must be');
    expect((await fetch(url('user'))).status).toBe(200);

    const app = world.sandbox.control.createIntegration({ name: 'One URI', kind: 'public', redirectUris: [REDIRECT_URI] });
    const creds = { client_id: app.clientId, client_secret: app.clientSecret };
    const code = world.sandbox.control.issueAuthorizationCode({ integrationId: app.id, workspaceId: world.workspaceA, personId: world.alice });
    const before = JSON.stringify(world.sandbox.control.exportState());
    const named = await world.client('').oauth.token({ ...creds, grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI }).catch((e: unknown) => e);
    expect(UnknownHTTPResponseError.isUnknownHTTPResponseError(named) && JSON.parse(named.body)).toMatchObject({ code: 'invalid_grant' });
    expect(JSON.stringify(world.sandbox.control.exportState())).toBe(before);
    await expect(world.client('').oauth.token({ ...creds, grant_type: 'authorization_code', code })).resolves.toMatchObject({ token_type: 'bearer' });
  });

  it('shows 25 related pages with has_more and pages through all of them with the property item endpoint', async () => {
    const targets = (await notion.databases.create({ parent: { type: 'page_id', page_id: world.pageA }, title: text('Targets'), initial_data_source: { properties: { Name: { title: {} } } } })) as DatabaseObjectResponse;
    const targetSource = targets.data_sources[0].id;
    const ids: string[] = [];
    for (let i = 0; i < 30; i += 1) ids.push((await notion.pages.create({ parent: { data_source_id: targetSource }, properties: { Name: { title: text(`Target ${i}`) } } })).id);
    const holders = (await notion.databases.create({
      parent: { type: 'page_id', page_id: world.pageA },
      title: text('Holders'),
      initial_data_source: { properties: { Name: { title: {} }, Links: { relation: { data_source_id: targetSource, type: 'single_property', single_property: {} } } } },
    })) as DatabaseObjectResponse;
    const holder = (await notion.pages.create({ parent: { data_source_id: holders.data_sources[0].id }, properties: { Name: { title: text('Holder') }, Links: { relation: ids.map((id) => ({ id })) } } })) as PageObjectResponse;
    const links = holder.properties.Links;
    expect(links.type === 'relation' && links.relation).toHaveLength(25);
    expect(links).toMatchObject({ has_more: true });

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const chunk = await notion.pages.properties.retrieve({ page_id: holder.id, property_id: links.id, page_size: 10, start_cursor: cursor });
      expect(chunk.object).toBe('list');
      if (chunk.object !== 'list') break;
      for (const item of chunk.results) if (item.type === 'relation') seen.push(item.relation.id);
      expect(chunk.property_item).toMatchObject({ type: 'relation', id: links.id });
      cursor = chunk.next_cursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(ids);

    const title = await notion.pages.properties.retrieve({ page_id: holder.id, property_id: 'title' });
    expect(title.object === 'list' && title.results.map((r) => (r.type === 'title' ? r.title.plain_text : ''))).toEqual(['Holder']);
  });

  it('lists the workspace’s people and bots, and retrieves one; people of other workspaces are 404', async () => {
    const all = await notion.users.list({});
    const ids = all.results.map((u) => u.id);
    expect(ids).toEqual(expect.arrayContaining([world.alice, world.carol, world.internalA.botId]));
    expect(ids).not.toContain(world.bob);
    expect(await notion.users.retrieve({ user_id: world.alice })).toMatchObject({ object: 'user', type: 'person', name: 'Alice', person: { email: 'alice@sandbox.localhost' } });
    await expect(notion.users.retrieve({ user_id: world.bob })).rejects.toMatchObject({ code: APIErrorCode.ObjectNotFound });
    const firstPage = await notion.users.list({ page_size: 1 });
    expect(firstPage).toMatchObject({ has_more: true, results: [expect.objectContaining({ id: ids[0] })] });
  });

  it('adds, renames and removes data source properties; rows follow', async () => {
    const db = (await notion.databases.create({ parent: { type: 'page_id', page_id: world.pageA }, title: text('Evolving'), initial_data_source: { properties: { Name: { title: {} }, Old: { rich_text: {} }, Gone: { checkbox: {} } } } })) as DatabaseObjectResponse;
    const source = db.data_sources[0].id;
    const row = await notion.pages.create({ parent: { data_source_id: source }, properties: { Name: { title: text('Row') }, Old: { rich_text: text('kept') } } });
    const updated = await notion.dataSources.update({ data_source_id: source, properties: { Old: { name: 'Renamed' }, Gone: null, Priority: { select: { options: [{ name: 'High', color: 'red' }] } } } });
    expect(Object.keys(updated.properties).sort()).toEqual(['Name', 'Priority', 'Renamed']);
    const read = (await notion.pages.retrieve({ page_id: row.id })) as PageObjectResponse;
    expect(Object.keys(read.properties).sort()).toEqual(['Name', 'Priority', 'Renamed']);
    expect(read.properties.Renamed).toMatchObject({ type: 'rich_text', rich_text: [{ plain_text: 'kept' }] });
    expect(read.properties.Priority).toMatchObject({ type: 'select', select: null });
    const found = await notion.dataSources.query({ data_source_id: source, filter: { property: 'Renamed', rich_text: { equals: 'kept' } } });
    expect(found.results.map((r) => r.id)).toEqual([row.id]);
    await expect(notion.dataSources.update({ data_source_id: source, properties: { Name: null } })).rejects.toMatchObject({ code: APIErrorCode.ValidationError });
  });

  it('moves a page to another page and into a data source', async () => {
    const from = await notion.pages.create({ parent: { page_id: world.pageA }, properties: { title: { title: text('From') } } });
    const to = await notion.pages.create({ parent: { page_id: world.pageA }, properties: { title: { title: text('To') } } });
    const moving = await notion.pages.create({ parent: { page_id: from.id }, properties: { title: { title: text('Traveller') } } });
    const moved = (await notion.pages.move({ page_id: moving.id, parent: { type: 'page_id', page_id: to.id } })) as PageObjectResponse;
    expect(moved.parent).toEqual({ type: 'page_id', page_id: to.id });
    expect((await notion.blocks.children.list({ block_id: from.id })).results).toHaveLength(0);
    expect((await notion.blocks.children.list({ block_id: to.id })).results.map((b) => b.id)).toEqual([moving.id]);

    const db = (await notion.databases.create({ parent: { type: 'page_id', page_id: world.pageA }, title: text('Inbox db'), initial_data_source: { properties: { Title: { title: {} }, Done: { checkbox: {} } } } })) as DatabaseObjectResponse;
    const row = (await notion.pages.move({ page_id: moving.id, parent: { type: 'data_source_id', data_source_id: db.data_sources[0].id } })) as PageObjectResponse;
    expect(row.parent).toMatchObject({ type: 'data_source_id', data_source_id: db.data_sources[0].id });
    expect(row.properties.Title).toMatchObject({ title: [{ plain_text: 'Traveller' }] });
    expect(row.properties.Done).toMatchObject({ checkbox: false });
    await expect(notion.pages.move({ page_id: to.id, parent: { type: 'page_id', page_id: to.id } })).rejects.toMatchObject({ code: APIErrorCode.ValidationError });
    await expect(notion.pages.move({ page_id: world.pageA, parent: { type: 'page_id', page_id: world.privatePageA } })).rejects.toMatchObject({ code: APIErrorCode.ObjectNotFound });
  });

  it('serves each page as escaped, script-free HTML at its url; other single-segment paths stay invalid_request_url', async () => {
    const page = (await notion.pages.create({ parent: { page_id: world.pageA }, properties: { title: { title: text('<script>alert(1)</script> & co') } }, children: [{ paragraph: { rich_text: [{ text: { content: 'evil', link: { url: 'javascript:alert(1)' } } }] } }] }).catch(() => null)) as PageObjectResponse | null;
    expect(page).toBeNull(); // a javascript: link is not a link Notion accepts
    const safe = (await notion.pages.create({ parent: { page_id: world.pageA }, properties: { title: { title: text('<script>alert(1)</script> & co') } } })) as PageObjectResponse;
    expect(safe.url.startsWith(`${world.sandbox.url}/`)).toBe(true);
    const response = await fetch(safe.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    const html = await response.text();
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; co');
    expect((await fetch(`${world.sandbox.url}/${'0'.repeat(32)}`)).status).toBe(404);
    const unknown = await fetch(`${world.sandbox.url}/v1`);
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ code: 'invalid_request_url' });
  });
});

describe('Notion sandbox search index delay', () => {
  let sandbox: NotionSandbox;
  const contract = new ContractRecorder();

  beforeAll(async () => {
    sandbox = await startNotionSandbox({ rateLimit: false, searchIndexDelayMs: 5_000, onExchange: (e) => contract.record(e) });
  });

  afterAll(async () => {
    await sandbox.close();
    expect(contract.violations).toEqual([]);
  });

  it('finds a new or renamed page only once the delay has passed on the sandbox clock', async () => {
    const c = sandbox.control;
    const workspace = c.createWorkspace({ name: 'Lagging' });
    const root = c.seedPage({ workspaceId: workspace.id, title: 'Root' });
    const bot = c.createIntegration({ name: 'Bot', kind: 'internal', workspaceId: workspace.id, pageIds: [String(root.id)] });
    const notion = sdk(sandbox, bot.token as string);
    const found = async (query: string) => (await notion.search({ query })).results.length;

    const page = await notion.pages.create({ parent: { page_id: String(root.id) }, properties: { title: { title: text('Lagging note') } } });
    expect(await found('lagging')).toBe(0);
    c.advanceClock(5_000);
    expect(await found('lagging')).toBe(1);

    await notion.pages.update({ page_id: page.id, properties: { title: { title: text('Renamed note') } } });
    expect(await found('lagging')).toBe(1);
    expect(await found('renamed')).toBe(0);
    c.advanceClock(5_000);
    expect(await found('lagging')).toBe(0);
    expect(await found('renamed')).toBe(1);
  });
});
