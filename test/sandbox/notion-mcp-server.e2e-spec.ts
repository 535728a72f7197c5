import * as path from 'node:path';
import { Client as McpClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { startWorld, text, World } from './support/sandbox-world';

/**
 * Notion's official MCP server (`@notionhq/notion-mcp-server`, a devDependency pinned in
 * package.json) as a client of the sandbox, driven over stdio with the MCP SDK the way an
 * assistant drives it. How it is pointed at the sandbox, without patching it: the server reads its
 * base URL from the `servers` entry of the OpenAPI document it ships, and its `BASE_URL`
 * environment variable replaces that entry (`bin/cli.mjs`: `n.servers[0].url = BASE_URL`); the
 * token comes from `NOTION_TOKEN` (sent as `Authorization: Bearer …`). It sends the
 * `Notion-Version` its document gives per operation (2025-09-03 here). Tool arguments are what its
 * tool schemas ask for, including JSON-string array items (`post-page` types `children` items as
 * strings; the server parses them back into objects before sending).
 */
describe('Notion sandbox with the official Notion MCP server as its client', () => {
  let world: World;
  let mcp: McpClient;
  let databaseId: string;
  let dataSourceId: string;
  let rowToRead: string;
  let serverLog = '';

  const call = async (name: string, args: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const result = (await mcp.callTool({ name, arguments: args })) as { content: Array<{ type: string; text: string }>; isError?: boolean };
    expect({ isError: result.isError ?? false, serverLog }).toMatchObject({ isError: false });
    const body = JSON.parse(result.content[0].text) as Record<string, unknown>;
    // The server answers HTTP errors as a tool result holding Notion's error body.
    expect(body).not.toMatchObject({ object: 'error' });
    return body;
  };

  beforeAll(async () => {
    world = await startWorld();
    const notion = world.client(world.internalA.token);
    const database = await notion.databases.create({
      parent: { type: 'page_id', page_id: world.pageA },
      title: text('Reading list'),
      initial_data_source: { properties: { Name: { title: {} }, Status: { select: { options: [{ name: 'To read' }, { name: 'Done' }] } }, Pages: { number: {} } } },
    });
    databaseId = database.id;
    dataSourceId = (database as { data_sources: Array<{ id: string }> }).data_sources[0].id;
    for (const [title, status] of [['Dune', 'To read'], ['Emma', 'Done'], ['Ulysses', 'To read']]) {
      const row = await notion.pages.create({ parent: { data_source_id: dataSourceId }, properties: { Name: { title: text(title) }, Status: { select: { name: status } } } });
      if (title === 'Dune') rowToRead = row.id;
    }
    const cli = path.join(path.dirname(require.resolve('@notionhq/notion-mcp-server/package.json')), 'bin', 'cli.mjs');
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [cli],
      env: { BASE_URL: world.sandbox.url, NOTION_TOKEN: world.internalA.token, NODE_ENV: 'test' },
      stderr: 'pipe',
    });
    // Drained so the pipe never fills; shown when a step fails.
    transport.stderr?.on('data', (chunk: Buffer) => (serverLog += chunk.toString()));
    mcp = new McpClient({ name: 'sandbox-test', version: '1.0.0' });
    await mcp.connect(transport);
  }, 60_000);

  afterAll(async () => {
    await mcp?.close();
    await world?.sandbox.close();
  });

  it('runs an assistant’s workflow: search, create a page under a page, append, read back, query, update and add rows', async () => {
    const tools = (await mcp.listTools()).tools.map((t) => t.name);
    expect(tools).toEqual(expect.arrayContaining(['API-post-search', 'API-post-page', 'API-patch-block-children', 'API-get-block-children', 'API-query-data-source', 'API-patch-page']));

    const found = await call('API-post-search', { query: 'Notes A', filter: { property: 'object', value: 'page' } });
    expect((found.results as Array<{ id: string }>).map((r) => r.id)).toEqual([world.pageA]);

    // The title shorthand of Notion's reference examples, and a child block as the JSON string the tool schema asks for.
    const created = await call('API-post-page', {
      parent: { page_id: world.pageA },
      properties: { title: [{ text: { content: 'Meeting notes' } }] },
      children: [JSON.stringify({ type: 'paragraph', paragraph: { rich_text: [{ type: 'text', text: { content: 'Agenda first.' } }] } })],
    });
    expect(created).toMatchObject({ object: 'page', parent: { type: 'page_id', page_id: world.pageA }, properties: { title: { title: [{ plain_text: 'Meeting notes' }] } } });
    const pageId = String(created.id);

    const appended = await call('API-patch-block-children', {
      block_id: pageId,
      children: [
        { type: 'paragraph', paragraph: { rich_text: [{ type: 'text', text: { content: 'Decided to ship on Friday.', link: null } }] } },
        { type: 'bulleted_list_item', bulleted_list_item: { rich_text: [{ text: { content: 'Write the release notes' } }] } },
      ],
    });
    expect(appended.results).toHaveLength(2);

    const children = await call('API-get-block-children', { block_id: pageId, page_size: 10 });
    const texts = (children.results as Array<Record<string, { rich_text: Array<{ plain_text: string }> }> & { type: string }>).map((b) => `${b.type}: ${b[b.type].rich_text.map((t) => t.plain_text).join('')}`);
    expect(texts).toEqual(['paragraph: Agenda first.', 'paragraph: Decided to ship on Friday.', 'bulleted_list_item: Write the release notes']);

    const database = await call('API-retrieve-a-database', { database_id: databaseId });
    expect(database.data_sources).toEqual([{ id: dataSourceId, name: 'Reading list' }]);
    const toRead = await call('API-query-data-source', { data_source_id: dataSourceId, filter: { property: 'Status', select: { equals: 'To read' } }, sorts: [{ property: 'Name', direction: 'ascending' }] });
    const titles = (toRead.results as Array<{ properties: { Name: { title: Array<{ plain_text: string }> } } }>).map((r) => r.properties.Name.title[0].plain_text);
    expect(titles).toEqual(['Dune', 'Ulysses']);

    const updated = await call('API-patch-page', { page_id: rowToRead, properties: { Status: { select: { name: 'Done' } }, Pages: { number: 412 } } });
    expect(updated).toMatchObject({ properties: { Status: { select: { name: 'Done' } }, Pages: { number: 412 } } });
    const row = await call('API-retrieve-a-page', { page_id: rowToRead });
    expect(row).toMatchObject({ properties: { Name: { title: [{ plain_text: 'Dune' }] }, Status: { select: { name: 'Done' } }, Pages: { number: 412 } } });
    // A new row, with the parent form the server's own schema documents (`type: "database_id"`).
    const added = await call('API-post-page', { parent: { type: 'database_id', database_id: databaseId }, properties: { Name: { title: [{ text: { content: 'Middlemarch' } }] }, Status: { select: { name: 'To read' } } } });
    expect(added).toMatchObject({ parent: { type: 'data_source_id', data_source_id: dataSourceId, database_id: databaseId } });
    const left = await call('API-query-data-source', { data_source_id: dataSourceId, filter: { property: 'Status', select: { equals: 'To read' } } });
    const leftTitles = (left.results as Array<{ properties: { Name: { title: Array<{ plain_text: string }> } } }>).map((r) => r.properties.Name.title[0].plain_text);
    expect(leftTitles.sort()).toEqual(['Middlemarch', 'Ulysses']);

    expect(world.contract.violations).toEqual([]);
  });
});
