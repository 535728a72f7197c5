import { DatabaseObjectResponse } from '@notionhq/client';
import { VERSION, World, startWorld, text } from './support/sandbox-world';

/**
 * The audit: bodies a careless client sends that Notion refuses. Sent with plain `fetch` because
 * the SDK drops keys it does not know. Every refusal must leave the state exactly as it was.
 */
describe('Notion sandbox request validation (Notion’s OpenAPI request schemas) and atomic writes', () => {
  let world: World;
  let pageId: string;
  let paragraphId: string;
  let sourceId: string;
  let rowId: string;

  const send = async (method: string, path: string, body?: unknown, version = VERSION) => {
    const response = await fetch(`${world.sandbox.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${world.internalA.token}`, 'notion-version': version, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  /** Sends a request that must be refused and checks that nothing changed. */
  const refused = async (method: string, path: string, body: unknown, message?: string | RegExp, expected = { status: 400, code: 'validation_error' }) => {
    const before = JSON.stringify(world.sandbox.control.exportState());
    const answer = await send(method, path, body);
    expect({ path, status: answer.status, code: answer.body.code }).toEqual({ path, ...expected });
    if (message !== undefined) expect(answer.body.message).toEqual(typeof message === 'string' ? message : expect.stringMatching(message));
    expect(JSON.stringify(world.sandbox.control.exportState())).toBe(before);
    return answer.body;
  };

  beforeAll(async () => {
    world = await startWorld();
    const notion = world.client(world.internalA.token);
    const page = await notion.pages.create({ parent: { page_id: world.pageA }, properties: { title: { title: text('Audit page') } }, children: [{ paragraph: { rich_text: text('first') } }] });
    pageId = page.id;
    paragraphId = (await notion.blocks.children.list({ block_id: pageId })).results[0].id;
    const db = (await notion.databases.create({
      parent: { type: 'page_id', page_id: world.pageA },
      title: text('Audit db'),
      initial_data_source: { properties: { Name: { title: {} }, Choice: { select: { options: [{ name: 'A' }] } }, Tags: { multi_select: {} } } },
    })) as DatabaseObjectResponse;
    sourceId = db.data_sources[0].id;
    rowId = (await notion.pages.create({ parent: { data_source_id: sourceId }, properties: { Name: { title: text('Row') } } })).id;
  });

  afterAll(async () => {
    await world.sandbox.close();
    expect(world.contract.violations).toEqual([]);
  });

  it('refuses enum values Notion does not know, naming the allowed ones', async () => {
    const language = await refused('PATCH', `/v1/blocks/${pageId}/children`, { children: [{ code: { rich_text: text('x'), language: 'ts' } }] });
    expect(language.message).toMatch(/^body failed validation: body\.children\[0\]\.code\.language should be one of .*`"typescript"`.*, instead was `"ts"`\.$/);
    await refused('PATCH', `/v1/blocks/${pageId}/children`, { children: [{ paragraph: { rich_text: text('x'), color: 'neon' } }] }, /^body failed validation: body\.children\[0\]\.paragraph\.color should be one of `"default"`.*, instead was `"neon"`\.$/);
    await refused(
      'PATCH',
      `/v1/blocks/${pageId}/children`,
      { children: [{ paragraph: { rich_text: [{ text: { content: 'x' }, annotations: { color: 'rainbow' } }] } }] },
      /^body failed validation: body\.children\[0\]\.paragraph\.rich_text\[0\]\.annotations\.color should be one of .*, instead was `"rainbow"`\.$/,
    );
  });

  it('refuses unknown keys anywhere, with Notion’s message', async () => {
    await refused('PATCH', `/v1/pages/${pageId}`, { an_incorrect_key: 'value' }, 'body failed validation: body.an_incorrect_key should be not present, instead was `"value"`.');
    await refused(
      'PATCH',
      `/v1/blocks/${pageId}/children`,
      { children: [{ paragraph: { rich_text: [{ text: { content: 'x' }, annotations: { bold: true, blink: true } }] } }] },
      'body failed validation: body.children[0].paragraph.rich_text[0].annotations.blink should be not present, instead was `true`.',
    );
    await refused('POST', '/v1/search', { query: 'x', fuzzy: true }, 'body failed validation: body.fuzzy should be not present, instead was `true`.');
    await refused('POST', '/v1/databases', { parent: { type: 'page_id', page_id: world.pageA }, title: text('x'), colour: 'red' }, /body\.colour should be not present/);
  });

  it('refuses a link that is not a URL, wrong types and over-long text', async () => {
    await refused('PATCH', `/v1/blocks/${pageId}/children`, { children: [{ paragraph: { rich_text: [{ text: { content: 'x', link: { url: 'not a url' } } }] } }] }, 'Invalid URL for link.');
    await refused('PATCH', `/v1/pages/${pageId}`, { is_locked: 'yes' }, 'body failed validation: body.is_locked should be a boolean, instead was `"yes"`.');
    await refused('PATCH', `/v1/blocks/${pageId}/children`, { children: [{ paragraph: { rich_text: text('x'.repeat(2001)) } }] }, /body\.children\[0\]\.paragraph\.rich_text\[0\]\.text\.content\.length should be ≤ `2000`, instead was `2001`/);
    await refused('PATCH', `/v1/blocks/${pageId}/children`, { children: [{ paragraph: { rich_text: text('x') }, children: [] }] }, /body\.children\[0\]\.children should be not present/);
  });

  it('changes nothing when any part of a write is refused, for every write operation', async () => {
    const nope = { Nope: { checkbox: true } };
    // Valid by the schema, refused by the handler after parts of it would have applied.
    await refused('PATCH', `/v1/pages/${pageId}`, { in_trash: true, properties: nope });
    await refused('PATCH', `/v1/pages/${rowId}`, { properties: { Choice: { select: { name: 'Brand new' } }, Tags: { multi_select: [{ name: 'fresh' }] }, ...nope } });
    await refused('PATCH', `/v1/pages/${rowId}`, { icon: { type: 'emoji', emoji: '✅' }, properties: { Choice: { select: { id: 'no-such-option' } } } });
    await refused('POST', '/v1/pages', { parent: { data_source_id: sourceId }, properties: { Name: { title: text('x') }, Choice: { select: { name: 'Another new' } }, ...nope } });
    await refused('POST', '/v1/pages', { parent: { page_id: pageId }, properties: { title: { title: text('x') } }, position: { type: 'after_block', after_block: { id: world.pageA } } });
    await refused('PATCH', `/v1/blocks/${paragraphId}`, { in_trash: true, heading_1: { rich_text: text('not a heading') } });
    await refused('PATCH', `/v1/blocks/${pageId}/children`, { children: [{ paragraph: { rich_text: text('x') } }], position: { type: 'after_block', after_block: { id: world.pageA } } });
    // A relation to a data source the bot cannot see is Notion's 404 — also without changes.
    const relation = { relation: { data_source_id: '00000000-0000-4000-8000-000000000000', type: 'single_property', single_property: {} } };
    await refused('POST', '/v1/databases', { parent: { type: 'page_id', page_id: pageId }, title: text('x'), initial_data_source: { properties: { Link: relation } } }, undefined, { status: 404, code: 'object_not_found' });
    await refused('PATCH', `/v1/data_sources/${sourceId}`, { properties: { Added: { rich_text: {} }, Link: relation } }, undefined, { status: 404, code: 'object_not_found' });
    await refused('PATCH', `/v1/data_sources/${sourceId}`, { title: text('Renamed'), properties: { Added: { rich_text: {} }, Missing: { name: 'x' } } });
    await refused('PATCH', `/v1/data_sources/${sourceId}`, { properties: { Choice: { name: 'Tags' } } });
    await refused('POST', `/v1/pages/${pageId}/move`, { parent: { type: 'page_id', page_id: pageId } });
    await refused('POST', `/v1/pages/${pageId}/move`, { parent: { type: 'workspace', workspace: true } });
    await refused('POST', `/v1/data_sources/${sourceId}/query`, { filter: { property: 'Choice', select: { equals: 'A' } }, sortz: [] });
    await refused('DELETE', `/v1/blocks/not-a-uuid`, undefined);

    const state = world.sandbox.control.exportState();
    expect(state.pages[pageId].inTrash).toBe(false);
    expect(state.blocks[paragraphId]).toMatchObject({ type: 'paragraph', inTrash: false });
    const choice = state.dataSources[sourceId].properties.find((p) => p.name === 'Choice');
    expect(choice?.options?.map((o) => o.name)).toEqual(['A']);
  });

  it('still accepts the 2025-09-03 names the 2026-03-11 document dropped', async () => {
    const legacy = await send('PATCH', `/v1/blocks/${paragraphId}`, { archived: false, paragraph: { rich_text: text('legacy edit') } }, '2025-09-03');
    expect(legacy).toMatchObject({ status: 200, body: { archived: false } });
    const latest = await send('PATCH', `/v1/blocks/${paragraphId}`, { archived: false }, VERSION);
    expect(latest).toMatchObject({ status: 400, body: { code: 'validation_error', message: expect.stringContaining('body.archived should be not present') } });
  });

  it('accepts the bare rich-text array Notion’s examples and MCP server send for title and rich-text values, and nothing wider', async () => {
    await world.client(world.internalA.token).dataSources.update({ data_source_id: sourceId, properties: { Notes: { rich_text: {} } } });
    const bare = [{ text: { content: 'Shorthand title' } }];
    const created = await send('POST', '/v1/pages', { parent: { page_id: pageId }, properties: { title: bare } });
    expect(created).toMatchObject({ status: 200, body: { properties: { title: { title: [{ plain_text: 'Shorthand title' }] } } } });
    const renamed = await send('PATCH', `/v1/pages/${String(created.body.id)}`, { properties: { title: [{ text: { content: 'Renamed by shorthand' } }] } });
    expect(renamed).toMatchObject({ status: 200, body: { properties: { title: { title: [{ plain_text: 'Renamed by shorthand' }] } } } });
    const row = await send('POST', '/v1/pages', { parent: { data_source_id: sourceId }, properties: { Name: bare, Notes: [{ text: { content: 'a note' } }] } }, '2025-09-03');
    expect(row).toMatchObject({ status: 200, body: { properties: { Name: { title: [{ plain_text: 'Shorthand title' }] }, Notes: { rich_text: [{ plain_text: 'a note' }] } } } });
    const edited = await send('PATCH', `/v1/pages/${rowId}`, { properties: { Notes: [{ text: { content: 'edited' } }] } });
    expect(edited).toMatchObject({ status: 200, body: { properties: { Notes: { rich_text: [{ plain_text: 'edited' }] } } } });

    // Not a shorthand: a bare array for other property types, stray values, a parent the bot cannot see.
    await refused('POST', '/v1/pages', { parent: { data_source_id: sourceId }, properties: { Name: bare, Tags: [{ name: 'x' }] } }, /^body failed validation: body\.properties\.Tags should be an object/);
    await refused('PATCH', `/v1/pages/${rowId}`, { properties: { Choice: [{ name: 'A' }] } }, /body\.properties\.Choice should be an object/);
    await refused('POST', '/v1/pages', { parent: { page_id: pageId }, properties: { title: 'plain string' } }, /body\.properties\.title should be an object/);
    await refused('POST', '/v1/pages', { parent: { page_id: pageId }, properties: { title: [{ text: { content: 'x', colour: 'red' } }] } }, /body\.properties\.title\.title\[0\]\.text\.colour should be not present/);
    await refused('POST', '/v1/pages', { parent: { page_id: world.privatePageA }, properties: { title: bare } }, undefined, { status: 404, code: 'object_not_found' });
    await refused('POST', '/v1/pages', { parent: { type: 'workspace' }, properties: { title: bare } }, /body\.parent/);
  });
});
