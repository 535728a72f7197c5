import { APIErrorCode, Client, DatabaseObjectResponse } from '@notionhq/client';
import { World, startWorld, text } from './support/sandbox-world';

/** Every way one bot can reach for another's content; each must be Notion's 404, never 403. */
function crossCalls(client: Client, ids: { page: string; database: string; dataSource: string }): Array<[string, () => Promise<unknown>]> {
  return [
    ['pages.retrieve', () => client.pages.retrieve({ page_id: ids.page })],
    ['pages.update', () => client.pages.update({ page_id: ids.page, in_trash: true })],
    ['pages.create under it', () => client.pages.create({ parent: { page_id: ids.page }, properties: { title: { title: text('x') } } })],
    ['blocks.retrieve', () => client.blocks.retrieve({ block_id: ids.page })],
    ['blocks.update', () => client.blocks.update({ block_id: ids.page, in_trash: true })],
    ['blocks.delete', () => client.blocks.delete({ block_id: ids.page })],
    ['blocks.children.list', () => client.blocks.children.list({ block_id: ids.page })],
    ['blocks.children.append', () => client.blocks.children.append({ block_id: ids.page, children: [{ paragraph: { rich_text: text('x') } }] })],
    ['databases.retrieve', () => client.databases.retrieve({ database_id: ids.database })],
    ['dataSources.retrieve', () => client.dataSources.retrieve({ data_source_id: ids.dataSource })],
    ['dataSources.query', () => client.dataSources.query({ data_source_id: ids.dataSource })],
    ['pages.create in its data source', () => client.pages.create({ parent: { data_source_id: ids.dataSource }, properties: {} })],
  ];
}

describe('Notion sandbox isolation between workspaces and bots', () => {
  let world: World;
  const content: Record<string, { page: string; database: string; dataSource: string }> = {};
  const clients: Record<string, Client> = {};

  beforeAll(async () => {
    world = await startWorld();
    const c = world.sandbox.control;
    const publicA = c.issueToken({ integrationId: world.publicApp.id, workspaceId: world.workspaceA, personId: world.alice, pageIds: [world.privatePageA] });
    const publicB = c.issueToken({ integrationId: world.publicApp.id, workspaceId: world.workspaceB, personId: world.bob, pageIds: [world.pageB] });
    clients.internalA = world.client(world.internalA.token);
    clients.internalB = world.client(world.internalB.token);
    clients.publicA = world.client(String(publicA.access_token));
    clients.publicB = world.client(String(publicB.access_token));
    const roots: Record<string, string> = { internalA: world.pageA, internalB: world.pageB, publicA: world.privatePageA, publicB: world.pageB };
    for (const [name, client] of Object.entries(clients)) {
      const page = await client.pages.create({ parent: { page_id: roots[name] }, properties: { title: { title: text(`${name} page`) } } });
      const db = (await client.databases.create({ parent: { type: 'page_id', page_id: roots[name] }, title: text(`${name} db`), initial_data_source: { properties: { Name: { title: {} } } } })) as DatabaseObjectResponse;
      content[name] = { page: page.id, database: db.id, dataSource: db.data_sources[0].id };
    }
  });

  afterAll(async () => {
    await world.sandbox.close();
    expect(world.contract.violations).toEqual([]);
  });

  const pairs: Array<[string, string]> = [
    ['internalA', 'internalB'],
    ['internalB', 'internalA'],
    ['publicA', 'publicB'],
    ['publicB', 'publicA'],
    ['internalA', 'publicA'],
    ['publicA', 'internalA'],
    ['publicB', 'internalA'],
    ['internalB', 'publicA'],
  ];

  it.each(pairs)('%s cannot reach anything of %s: always 404 object_not_found', async (who, owner) => {
    for (const [name, call] of crossCalls(clients[who], content[owner])) {
      const error = await call().then(
        () => new Error(`${name} succeeded`),
        (e: unknown) => e,
      );
      expect({ name, error }).toMatchObject({ name, error: { code: APIErrorCode.ObjectNotFound, status: 404 } });
    }
    const search = await clients[who].search({ query: `${owner} ` });
    expect(search.results).toHaveLength(0);
  });

  it('bots in the same workspace see only what was shared with them', async () => {
    await expect(clients.internalA.pages.retrieve({ page_id: world.privatePageA })).rejects.toMatchObject({ code: APIErrorCode.ObjectNotFound });
    await expect(clients.publicA.pages.retrieve({ page_id: world.pageA })).rejects.toMatchObject({ code: APIErrorCode.ObjectNotFound });
    await expect(clients.publicB.pages.retrieve({ page_id: world.pageB })).resolves.toMatchObject({ id: world.pageB });
    await expect(clients.internalB.pages.retrieve({ page_id: content.publicB.page })).resolves.toMatchObject({ id: content.publicB.page });
  });

  it('still finds each bot its own content', async () => {
    for (const [name, client] of Object.entries(clients)) {
      const found = await client.search({ query: `${name} ` });
      expect(found.results.map((r) => r.id).sort()).toEqual([content[name].page, content[name].dataSource].sort());
    }
  });
});
