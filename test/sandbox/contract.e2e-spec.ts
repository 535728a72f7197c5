import { BlockObjectRequest, Client, DatabaseObjectResponse } from '@notionhq/client';
import { notionContract } from './support/contract-recorder';
import { REDIRECT_URI, World, startWorld, text } from './support/sandbox-world';

/**
 * The operations the sandbox implements. A route added to the sandbox without a line here
 * fails the first test; a line without both a success and an error case below fails the last.
 */
const IMPLEMENTED = [
  'GET /v1/users/me',
  'GET /v1/users',
  'GET /v1/users/{user_id}',
  'POST /v1/pages/{page_id}/move',
  'GET /v1/pages/{page_id}/properties/{property_id}',
  'PATCH /v1/data_sources/{data_source_id}',
  'POST /v1/pages',
  'GET /v1/pages/{page_id}',
  'PATCH /v1/pages/{page_id}',
  'GET /v1/blocks/{block_id}',
  'PATCH /v1/blocks/{block_id}',
  'DELETE /v1/blocks/{block_id}',
  'GET /v1/blocks/{block_id}/children',
  'PATCH /v1/blocks/{block_id}/children',
  'POST /v1/databases',
  'GET /v1/databases/{database_id}',
  'GET /v1/data_sources/{data_source_id}',
  'POST /v1/data_sources/{data_source_id}/query',
  'POST /v1/search',
  'POST /v1/oauth/token',
  'POST /v1/oauth/introspect',
  'POST /v1/oauth/revoke',
];

/** Every block type the sandbox accepts, with rich text of every kind it stores. */
function everyBlock(pageId: string, databaseId: string, personId: string): BlockObjectRequest[] {
  const rich = [
    { type: 'text' as const, text: { content: 'linked', link: { url: 'http://localhost/x' } }, annotations: { bold: true, color: 'red' as const } },
    { type: 'equation' as const, equation: { expression: 'e=mc^2' } },
    { type: 'mention' as const, mention: { page: { id: pageId } } },
    { type: 'mention' as const, mention: { database: { id: databaseId } } },
    { type: 'mention' as const, mention: { date: { start: '2026-03-11' } } },
    { type: 'mention' as const, mention: { user: { id: personId } } },
  ];
  return [
    { paragraph: { rich_text: rich } },
    { heading_1: { rich_text: text('h1') } },
    { heading_2: { rich_text: text('h2'), is_toggleable: true } },
    { heading_3: { rich_text: text('h3') } },
    { bulleted_list_item: { rich_text: text('bullet') } },
    { numbered_list_item: { rich_text: text('number') } },
    { to_do: { rich_text: text('todo'), checked: true } },
    { toggle: { rich_text: text('toggle') } },
    { quote: { rich_text: text('quote') } },
    { callout: { rich_text: text('callout'), icon: { type: 'emoji', emoji: '💡' } } },
    { code: { rich_text: text('let x = 1'), language: 'typescript' } },
    { equation: { expression: 'a^2+b^2=c^2' } },
    { divider: {} },
    { breadcrumb: {} },
    { table_of_contents: {} },
    { bookmark: { url: 'http://localhost/bookmark' } },
    { embed: { url: 'http://localhost/embed' } },
    { link_to_page: { type: 'page_id', page_id: pageId } },
    { link_to_page: { type: 'database_id', database_id: databaseId } },
  ];
}

describe('Notion sandbox contract with the OpenAPI document', () => {
  let world: World;
  let notion: Client;

  beforeAll(async () => {
    world = await startWorld();
    notion = world.client(world.internalA.token);
  });

  afterAll(() => world.sandbox.close());

  it('lists exactly the operations the sandbox serves, all of them in Notion’s document', () => {
    const served = world.sandbox.operations.map((o) => `${o.method} ${o.template}`).sort();
    expect(served).toEqual([...IMPLEMENTED].sort());
    const documented = new Set(notionContract().operations().map((o) => `${o.method} ${o.template}`));
    expect(IMPLEMENTED.filter((op) => !documented.has(op))).toEqual([]);
  });

  it('rejects a response that breaks the schema (the check can fail)', () => {
    const contract = notionContract();
    expect(contract.check('GET', '/v1/users/me', 200, { object: 'user', id: 'not-a-uuid' })).not.toEqual([]);
    expect(contract.check('GET', '/v1/pages/{page_id}', 404, { object: 'error', status: 404, code: 'object_not_found', message: 'x', stray: true })).not.toEqual([]);
    expect(contract.check('GET', '/v1/pages/{page_id}', 404, { object: 'error', status: 404, code: 'object_not_found', message: 'x', request_id: 'r' })).toEqual([]);
    const block = { object: 'block', id: '00000000-0000-4000-8000-000000000000', type: 'paragraph', paragraph: { rich_text: [] } };
    expect(contract.check('GET', '/v1/blocks/{block_id}', 200, block)).not.toEqual([]);
  });

  it('exercises every operation with successes and errors', async () => {
    const pub = world.client('');
    const creds = { client_id: world.publicApp.clientId, client_secret: world.publicApp.clientSecret };
    const missing = '00000000-0000-4000-8000-000000000000';
    const ignore = (p: Promise<unknown>) => p.catch(() => undefined);

    await notion.users.me({});
    await ignore(world.client('bad').users.me({}));

    const schema = {
      Name: { title: {} },
      Text: { rich_text: {} },
      Choice: { select: { options: [{ name: 'A' }] } },
      Many: { multi_select: { options: [{ name: 'x', color: 'blue' as const }] } },
      When: { date: {} },
      Done: { checkbox: {} },
      Count: { number: { format: 'percent' as const } },
      Link: { url: {} },
    };
    const db = (await notion.databases.create({
      parent: { type: 'page_id', page_id: world.pageA },
      title: text('Contract db'),
      initial_data_source: {
        properties: {
          ...schema,
          Self: { relation: { data_source_id: undefined as unknown as string, type: 'single_property', single_property: {} } },
        },
      },
    }).catch(() => undefined)) as DatabaseObjectResponse | undefined;
    expect(db).toBeUndefined();
    const created = (await notion.databases.create({
      parent: { type: 'page_id', page_id: world.pageA },
      title: text('Contract db'),
      initial_data_source: {
        properties: schema,
      },
    })) as DatabaseObjectResponse;
    const source = created.data_sources[0].id;
    const related = (await notion.databases.create({
      parent: { type: 'page_id', page_id: world.pageA },
      title: text('Related db'),
      initial_data_source: { properties: { Title: { title: {} }, One: { relation: { data_source_id: source, type: 'single_property', single_property: {} } }, Two: { relation: { data_source_id: source, type: 'dual_property', dual_property: {} } } } },
    })) as DatabaseObjectResponse;
    await notion.databases.retrieve({ database_id: created.id });
    await ignore(notion.databases.retrieve({ database_id: missing }));
    await notion.dataSources.retrieve({ data_source_id: source });
    await notion.dataSources.retrieve({ data_source_id: related.data_sources[0].id });
    await ignore(notion.dataSources.retrieve({ data_source_id: missing }));
    await notion.dataSources.update({ data_source_id: source, properties: { Self: { relation: { data_source_id: source, type: 'dual_property', dual_property: { synced_property_name: 'Self (back)' } } } } });
    await ignore(notion.dataSources.update({ data_source_id: missing, properties: {} }));

    const row = await notion.pages.create({
      parent: { data_source_id: source },
      properties: {
        Name: { title: text('Row') },
        Text: { rich_text: text('text') },
        Choice: { select: { name: 'B' } },
        Many: { multi_select: [{ name: 'x' }] },
        When: { date: { start: '2026-03-11', end: '2026-03-12' } },
        Done: { checkbox: true },
        Count: { number: 0.5 },
        Link: { url: 'http://localhost/' },
      },
      icon: { type: 'external', external: { url: 'http://localhost/icon.png' } },
    });
    await notion.pages.create({ parent: { data_source_id: related.data_sources[0].id }, properties: { Title: { title: text('Rel') }, One: { relation: [{ id: row.id }] }, Two: { relation: [{ id: row.id }] } } });
    await ignore(notion.pages.create({ parent: { page_id: missing }, properties: {} }));
    await ignore(notion.pages.create({ parent: { data_source_id: source }, properties: { Missing: { checkbox: true } } }));
    await notion.dataSources.query({ data_source_id: source, filter: { property: 'Done', checkbox: { equals: true } }, sorts: [{ timestamp: 'created_time', direction: 'descending' }] });
    await ignore(notion.dataSources.query({ data_source_id: source, page_size: 500 }));

    const page = await notion.pages.create({ parent: { page_id: world.pageA }, properties: { title: { title: text('Contract page') } }, children: everyBlock(world.pageA, created.id, world.alice) });
    await notion.pages.retrieve({ page_id: page.id });
    await notion.pages.retrieve({ page_id: row.id });
    await ignore(notion.pages.retrieve({ page_id: missing }));
    await notion.pages.update({ page_id: page.id, icon: { type: 'emoji', emoji: '✅' }, cover: { type: 'external', external: { url: 'http://localhost/c.png' } } });
    await notion.pages.update({ page_id: row.id, properties: { Choice: { select: null }, When: { date: null }, Count: { number: null } } });
    await ignore(notion.pages.update({ page_id: page.id, properties: { Nope: { checkbox: true } } }));

    const children = await notion.blocks.children.list({ block_id: page.id });
    await notion.blocks.children.list({ block_id: world.pageA });
    await ignore(notion.blocks.children.list({ block_id: page.id, page_size: 0 }));
    const first = children.results[0];
    await notion.blocks.retrieve({ block_id: first.id });
    await notion.blocks.retrieve({ block_id: created.id });
    await notion.blocks.retrieve({ block_id: page.id });
    await ignore(notion.blocks.retrieve({ block_id: missing }));
    await notion.blocks.update({ block_id: first.id, paragraph: { rich_text: text('updated') } });
    await ignore(notion.blocks.update({ block_id: first.id, heading_1: { rich_text: text('wrong type') } }));
    await notion.blocks.children.append({ block_id: page.id, children: [{ paragraph: { rich_text: text('appended'), children: [{ to_do: { rich_text: text('nested'), checked: false } }] } }], position: { type: 'start' } });
    await ignore(notion.blocks.children.append({ block_id: page.id, children: [{ paragraph: { rich_text: text('x'.repeat(2001)) } }] }));
    await notion.blocks.delete({ block_id: first.id });
    await ignore(notion.blocks.delete({ block_id: missing }));

    const users = await notion.users.list({ page_size: 1 });
    await notion.users.list({ start_cursor: users.next_cursor ?? undefined });
    await notion.users.retrieve({ user_id: world.alice });
    await notion.users.retrieve({ user_id: world.internalA.botId as string });
    await ignore(notion.users.retrieve({ user_id: world.bob }));
    await ignore(notion.users.list({ page_size: 101 }));

    await notion.dataSources.update({ data_source_id: source, title: text('Contract source'), properties: { Notes: { rich_text: {} }, Text: { name: 'Summary' }, Link: null } });
    await ignore(notion.dataSources.update({ data_source_id: source, properties: { Missing: { name: 'x' } } }));
    await notion.pages.properties.retrieve({ page_id: row.id, property_id: 'title' });
    await notion.pages.properties.retrieve({ page_id: row.id, property_id: (row as { properties: Record<string, { id: string }> }).properties.Done.id });
    await ignore(notion.pages.properties.retrieve({ page_id: row.id, property_id: 'nope' }));
    const mover = await notion.pages.create({ parent: { page_id: world.pageA }, properties: { title: { title: text('Mover') } } });
    await notion.pages.move({ page_id: mover.id, parent: { type: 'page_id', page_id: page.id } });
    await notion.pages.move({ page_id: mover.id, parent: { type: 'data_source_id', data_source_id: source } });
    await ignore(notion.pages.move({ page_id: page.id, parent: { type: 'page_id', page_id: page.id } }));

    await notion.search({ query: 'contract' });
    await notion.search({ filter: { property: 'object', value: 'data_source' }, sort: { timestamp: 'last_edited_time', direction: 'ascending' } });
    await ignore(notion.search({ filter: { property: 'object', value: 'database' as 'data_source' } }));

    const code = world.sandbox.control.issueAuthorizationCode({ integrationId: world.publicApp.id, workspaceId: world.workspaceA, personId: world.alice, pageIds: [world.pageA], redirectUri: REDIRECT_URI });
    const token = await pub.oauth.token({ ...creds, grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI });
    await ignore(pub.oauth.token({ ...creds, grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI }));
    await ignore(pub.oauth.token({ ...creds, client_secret: 'wrong', grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI }));
    await pub.oauth.introspect({ ...creds, token: token.access_token });
    await ignore(pub.oauth.introspect({ ...creds, client_secret: 'wrong', token: token.access_token }));
    await ignore(pub.oauth.revoke({ ...creds, client_secret: 'wrong', token: token.access_token }));
    await pub.oauth.revoke({ ...creds, token: token.access_token });

    world.sandbox.control.injectFault({ kind: 'rate_limit', retryAfterSeconds: 1, path: '/v1/users/me' });
    await ignore(notion.users.me({}));
    for (const status of [500, 502, 503, 504, 529] as const) {
      world.sandbox.control.injectFault({ kind: 'status', status, path: '/v1/search' });
      await ignore(notion.search({}));
    }

    expect(world.contract.violations).toEqual([]);
    const seen = world.contract.seen();
    const uncovered = IMPLEMENTED.filter((op) => {
      const statuses = [...seen].filter((s) => s.startsWith(`${op} `)).map((s) => Number(s.split(' ').at(-1)));
      return !statuses.some((s) => s === 200) || !statuses.some((s) => s >= 400);
    });
    expect(uncovered).toEqual([]);
    expect(world.contract.exchanges.length).toBeGreaterThan(50);
  });
});
