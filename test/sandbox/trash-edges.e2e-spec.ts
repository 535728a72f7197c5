import { APIErrorCode, APIResponseError, Client, DatabaseObjectResponse } from '@notionhq/client';
import { World, startWorld, text } from './support/sandbox-world';

const ARCHIVED = "Can't edit block that is archived. You must unarchive the block before editing.";

/**
 * Trash edges, decided in docs/notion-sandbox.md ("Trash"): nothing can be written into a page,
 * database or data source that is in the trash — itself or through a page above it — and a data
 * source in the trash cannot be queried; restoring makes both work again.
 */
describe('Notion sandbox trash edges: writing into and querying what is in the trash', () => {
  let world: World;
  let notion: Client;
  let legacy: Client;
  let parent: string;
  let child: string;
  let databaseId: string;
  let sourceId: string;
  let elsewhere: string;

  const failure = async (promise: Promise<unknown>): Promise<APIResponseError> => {
    const error = await promise.then(
      () => new Error('expected a Notion error'),
      (e: unknown) => e,
    );
    if (!APIResponseError.isAPIResponseError(error)) throw error;
    return error;
  };

  /** Refused with `expected`, and nothing changed. */
  const refused = async (send: () => Promise<unknown>, expected: { status: number; code: string; message?: string | RegExp }) => {
    const before = JSON.stringify(world.sandbox.control.exportState());
    const error = await failure(send());
    expect({ status: error.status, code: error.code }).toEqual({ status: expected.status, code: expected.code });
    if (expected.message !== undefined) expect(error.message).toMatch(expected.message);
    expect(JSON.stringify(world.sandbox.control.exportState())).toBe(before);
  };
  const archived = { status: 400, code: APIErrorCode.ValidationError, message: ARCHIVED };
  const notFound = { status: 404, code: APIErrorCode.ObjectNotFound, message: /^Could not find data_source with ID/ };

  const writesInto = () => [
    () => notion.pages.create({ parent: { data_source_id: sourceId }, properties: { Name: { title: text('New row') } } }),
    () => legacy.pages.create({ parent: { database_id: databaseId }, properties: { Name: { title: text('New row') } } }),
    () => notion.pages.move({ page_id: elsewhere, parent: { type: 'data_source_id', data_source_id: sourceId } }),
  ];

  beforeAll(async () => {
    world = await startWorld();
    notion = world.client(world.internalA.token);
    legacy = world.client(world.internalA.token, { version: '2025-09-03' });
    parent = (await notion.pages.create({ parent: { page_id: world.pageA }, properties: { title: { title: text('Projects') } } })).id;
    child = (await notion.pages.create({ parent: { page_id: parent }, properties: { title: { title: text('Sub-page') } } })).id;
    const database = (await notion.databases.create({ parent: { type: 'page_id', page_id: parent }, title: text('Tasks'), initial_data_source: { properties: { Name: { title: {} } } } })) as DatabaseObjectResponse;
    databaseId = database.id;
    sourceId = database.data_sources[0].id;
    await notion.pages.create({ parent: { data_source_id: sourceId }, properties: { Name: { title: text('First task') } } });
    elsewhere = (await notion.pages.create({ parent: { page_id: world.pageA }, properties: { title: { title: text('Loose page') } } })).id;
  });

  afterAll(async () => {
    await world.sandbox.close();
    expect(world.contract.violations).toEqual([]);
  });

  const rows = async () => (await notion.dataSources.query({ data_source_id: sourceId })).results.length;

  it('refuses rows in a data source in the trash and its query, until it is restored', async () => {
    await notion.dataSources.update({ data_source_id: sourceId, in_trash: true });
    for (const write of writesInto()) await refused(write, archived);
    await refused(() => notion.dataSources.query({ data_source_id: sourceId }), notFound);
    await refused(() => notion.dataSources.query({ data_source_id: sourceId, in_trash: true }), notFound);
    // Still retrievable, showing where it is, so a client can restore it.
    await expect(notion.dataSources.retrieve({ data_source_id: sourceId })).resolves.toMatchObject({ in_trash: true });

    await notion.dataSources.update({ data_source_id: sourceId, in_trash: false });
    await expect(notion.pages.create({ parent: { data_source_id: sourceId }, properties: { Name: { title: text('After restore') } } })).resolves.toMatchObject({ in_trash: false });
    expect(await rows()).toBe(2);
  });

  it('refuses rows in a database in the trash (deleted as a block) and its query', async () => {
    await notion.blocks.delete({ block_id: databaseId });
    for (const write of writesInto()) await refused(write, archived);
    await refused(() => notion.dataSources.query({ data_source_id: sourceId }), notFound);
    await notion.blocks.update({ block_id: databaseId, in_trash: false });
    expect(await rows()).toBe(2);
  });

  it('refuses writes anywhere below a page in the trash: rows, pages, databases, appends, moves', async () => {
    await notion.pages.update({ page_id: parent, in_trash: true });
    for (const write of writesInto()) await refused(write, archived);
    await refused(() => notion.dataSources.query({ data_source_id: sourceId }), notFound);
    await refused(() => notion.pages.create({ parent: { page_id: child }, properties: { title: { title: text('Grandchild') } } }), archived);
    await refused(() => notion.databases.create({ parent: { type: 'page_id', page_id: child }, title: text('Inner'), initial_data_source: { properties: { Name: { title: {} } } } }), archived);
    await refused(() => notion.blocks.children.append({ block_id: child, children: [{ paragraph: { rich_text: text('x') } }] }), archived);
    await refused(() => notion.pages.move({ page_id: elsewhere, parent: { type: 'page_id', page_id: child } }), archived);

    await notion.pages.update({ page_id: parent, in_trash: false });
    await expect(notion.pages.create({ parent: { page_id: child }, properties: { title: { title: text('Grandchild') } } })).resolves.toMatchObject({ parent: { page_id: child } });
    await expect(notion.pages.move({ page_id: elsewhere, parent: { type: 'data_source_id', data_source_id: sourceId } })).resolves.toMatchObject({ parent: { data_source_id: sourceId } });
    expect(await rows()).toBe(3);
  });
});
