import { BlockObjectResponse, Client, DataSourceObjectResponse, DatabaseObjectResponse, PageObjectResponse, collectPaginatedAPI } from '@notionhq/client';
import { World, startWorld, text } from './support/sandbox-world';

function pageTitle(page: PageObjectResponse): string {
  const title = Object.values(page.properties).find((p) => p.type === 'title');
  return title && title.type === 'title' ? title.title.map((t) => t.plain_text).join('') : '';
}

describe('Notion sandbox data API through the official SDK', () => {
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

  it('answers users.me with the bot of the token', async () => {
    const me = await notion.users.me({});
    expect(me).toMatchObject({ object: 'user', type: 'bot', id: world.internalA.botId, name: 'Internal A' });
    expect(me.type === 'bot' && me.bot).toMatchObject({ owner: { type: 'workspace', workspace: true }, workspace_id: world.workspaceA, workspace_name: 'Workspace A' });
  });

  it('creates a page with nested content, shows it as a child_page block, and reads it back', async () => {
    const page = (await notion.pages.create({
      parent: { page_id: world.pageA },
      properties: { title: { title: text('Meeting notes') } },
      icon: { type: 'emoji', emoji: '📝' },
      cover: { type: 'external', external: { url: 'http://localhost/cover.png' } },
      children: [
        {
          bulleted_list_item: {
            rich_text: text('level 1'),
            children: [{ bulleted_list_item: { rich_text: text('level 2'), children: [{ paragraph: { rich_text: text('level 3') } }] } }],
          },
        },
        { paragraph: { rich_text: [{ type: 'mention', mention: { page: { id: world.pageA } } }] } },
        { link_to_page: { type: 'page_id', page_id: world.pageA } },
      ],
    })) as PageObjectResponse;
    expect(page).toMatchObject({ object: 'page', parent: { type: 'page_id', page_id: world.pageA }, in_trash: false, icon: { emoji: '📝' } });
    expect(pageTitle(page)).toBe('Meeting notes');

    const parentChildren = await collectPaginatedAPI(notion.blocks.children.list, { block_id: world.pageA });
    const childPage = parentChildren.find((b) => b.id === page.id) as BlockObjectResponse;
    expect(childPage).toMatchObject({ type: 'child_page', child_page: { title: 'Meeting notes' }, has_children: true });

    const blocks = (await notion.blocks.children.list({ block_id: page.id })).results as BlockObjectResponse[];
    expect(blocks.map((b) => b.type)).toEqual(['bulleted_list_item', 'paragraph', 'link_to_page']);
    expect(blocks[0].has_children).toBe(true);
    const mention = blocks[1].type === 'paragraph' ? blocks[1].paragraph.rich_text[0] : undefined;
    expect(mention).toMatchObject({ type: 'mention', plain_text: 'Notes A', mention: { type: 'page', page: { id: world.pageA } } });
    expect(mention?.href).toContain(world.pageA.replace(/-/g, ''));
    const level2 = (await notion.blocks.children.list({ block_id: blocks[0].id })).results[0] as BlockObjectResponse;
    const level3 = (await notion.blocks.children.list({ block_id: level2.id })).results[0] as BlockObjectResponse;
    expect(level3.type === 'paragraph' && level3.paragraph.rich_text[0].plain_text).toBe('level 3');

    const fetched = (await notion.pages.retrieve({ page_id: page.id.replace(/-/g, '') })) as PageObjectResponse;
    expect(fetched.id).toBe(page.id);
  });

  it('paginates block children with page_size and start_cursor', async () => {
    const page = await notion.pages.create({ parent: { page_id: world.pageA }, properties: { title: { title: text('Paged') } } });
    await notion.blocks.children.append({ block_id: page.id, children: Array.from({ length: 5 }, (_, i) => ({ paragraph: { rich_text: text(`p${i}`) } })) });
    const first = await notion.blocks.children.list({ block_id: page.id, page_size: 2 });
    expect(first.results).toHaveLength(2);
    expect(first.has_more).toBe(true);
    const all = await collectPaginatedAPI(notion.blocks.children.list, { block_id: page.id, page_size: 2 });
    expect(all.map((b) => ('type' in b && b.type === 'paragraph' ? b.paragraph.rich_text[0].plain_text : ''))).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
  });

  it('appends at the start, after a block (position and the older after), updates and deletes blocks', async () => {
    const page = await notion.pages.create({ parent: { page_id: world.pageA }, properties: { title: { title: text('Order') } } });
    const appended = await notion.blocks.children.append({ block_id: page.id, children: [{ paragraph: { rich_text: text('a') } }, { paragraph: { rich_text: text('c') } }] });
    const [a, c] = appended.results;
    await notion.blocks.children.append({ block_id: page.id, children: [{ paragraph: { rich_text: text('b') } }], position: { type: 'after_block', after_block: { id: a.id } } });
    await notion.blocks.children.append({ block_id: page.id, children: [{ heading_1: { rich_text: text('top') } }], position: { type: 'start' } });
    const legacy = world.client(world.internalA.token, { version: '2025-09-03' });
    await legacy.blocks.children.append({ block_id: page.id, children: [{ paragraph: { rich_text: text('d') } }], after: c.id });
    const texts = async () =>
      ((await notion.blocks.children.list({ block_id: page.id })).results as BlockObjectResponse[]).map((b) =>
        b.type === 'paragraph' ? b.paragraph.rich_text[0].plain_text : b.type === 'heading_1' ? b.heading_1.rich_text[0].plain_text : b.type,
      );
    expect(await texts()).toEqual(['top', 'a', 'b', 'c', 'd']);

    const updated = (await notion.blocks.update({ block_id: c.id, paragraph: { rich_text: text('C!') } })) as BlockObjectResponse;
    expect(updated.type === 'paragraph' && updated.paragraph.rich_text[0].plain_text).toBe('C!');
    expect((await notion.blocks.retrieve({ block_id: c.id })) as BlockObjectResponse).toMatchObject({ id: c.id, in_trash: false });
    const deleted = await notion.blocks.delete({ block_id: a.id });
    expect(deleted).toMatchObject({ id: a.id, in_trash: true });
    expect(await texts()).toEqual(['top', 'b', 'C!', 'd']);
    const legacyBlock = await legacy.blocks.retrieve({ block_id: a.id });
    expect(legacyBlock).toMatchObject({ archived: true, in_trash: true });
  });

  it('updates page properties, icon, cover and trash; last_edited_time moves; trashed pages leave search', async () => {
    const page = (await notion.pages.create({ parent: { page_id: world.pageA }, properties: { title: { title: text('Draft zebra') } } })) as PageObjectResponse;
    // Times are whole minutes, as on Notion: it takes the next minute for last_edited_time to move.
    expect(page.created_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000Z$/);
    world.sandbox.control.advanceClock(60_000);
    const renamed = (await notion.pages.update({ page_id: page.id, properties: { title: { title: text('Final zebra') } }, icon: null, cover: null })) as PageObjectResponse;
    expect(pageTitle(renamed)).toBe('Final zebra');
    expect(renamed.last_edited_time > page.last_edited_time).toBe(true);
    const found = await notion.search({ query: 'ZEBRA' });
    expect(found.results.map((r) => r.id)).toContain(page.id);
    const trashed = (await notion.pages.update({ page_id: page.id, in_trash: true })) as PageObjectResponse;
    expect(trashed.in_trash).toBe(true);
    expect((await notion.search({ query: 'zebra' })).results).toHaveLength(0);
    const restored = await world.client(world.internalA.token, { version: '2025-09-03' }).pages.update({ page_id: page.id, archived: false });
    expect(restored).toMatchObject({ in_trash: false, archived: false });
    expect((await notion.search({ query: 'zebra' })).results.map((r) => r.id)).toEqual([page.id]);
  });

  describe('databases and data sources', () => {
    let tasksDb: DatabaseObjectResponse;
    let tasks: string;
    let projects: string;

    beforeAll(async () => {
      tasksDb = (await notion.databases.create({
        parent: { type: 'page_id', page_id: world.pageA },
        title: text('Tasks'),
        is_inline: true,
        initial_data_source: {
          properties: {
            Name: { title: {} },
            Notes: { rich_text: {} },
            Status: { select: { options: [{ name: 'Todo', color: 'red' }, { name: 'Done', color: 'green' }] } },
            Tags: { multi_select: { options: [{ name: 'home' }, { name: 'work' }] } },
            Due: { date: {} },
            Urgent: { checkbox: {} },
            Points: { number: { format: 'number' } },
            Link: { url: {} },
          },
        },
      })) as DatabaseObjectResponse;
      tasks = tasksDb.data_sources[0].id;
      const projectsDb = (await notion.databases.create({
        parent: { type: 'page_id', page_id: world.pageA },
        title: text('Projects'),
        initial_data_source: {
          properties: {
            Project: { title: {} },
            Tasks: { relation: { data_source_id: tasks, type: 'dual_property', dual_property: { synced_property_name: 'Project' } } },
          },
        },
      })) as DatabaseObjectResponse;
      projects = projectsDb.data_sources[0].id;
      const rows: Array<[string, string, string[], string, boolean, number]> = [
        ['Buy milk', 'Todo', ['home'], '2026-01-10', true, 1],
        ['Write report', 'Done', ['work'], '2026-02-01', false, 5],
        ['Fix bike', 'Todo', ['home', 'work'], '2026-03-01', false, 3],
      ];
      for (const [name, status, tags, due, urgent, points] of rows) {
        await notion.pages.create({
          parent: { data_source_id: tasks },
          properties: {
            Name: { title: text(name) },
            Notes: { rich_text: text(`${name} notes`) },
            Status: { select: { name: status } },
            Tags: { multi_select: tags.map((t) => ({ name: t })) },
            Due: { date: { start: due } },
            Urgent: { checkbox: urgent },
            Points: { number: points },
            Link: { url: 'http://localhost/task' },
          },
        });
      }
    });

    async function names(filter?: object, sorts?: object[]): Promise<string[]> {
      const response = await notion.dataSources.query({ data_source_id: tasks, filter: filter as never, sorts: sorts as never });
      return (response.results as PageObjectResponse[]).map(pageTitle);
    }

    it('retrieves the database, its data source schema and the inline child_database block', async () => {
      const db = (await notion.databases.retrieve({ database_id: tasksDb.id })) as DatabaseObjectResponse;
      expect(db.data_sources).toEqual([{ id: tasks, name: 'Tasks' }]);
      const source = (await notion.dataSources.retrieve({ data_source_id: tasks })) as DataSourceObjectResponse;
      expect(Object.fromEntries(Object.entries(source.properties).map(([k, v]) => [k, v.type]))).toEqual({
        Name: 'title', Notes: 'rich_text', Status: 'select', Tags: 'multi_select', Due: 'date', Urgent: 'checkbox', Points: 'number', Link: 'url', Project: 'relation',
      });
      const children = await collectPaginatedAPI(notion.blocks.children.list, { block_id: world.pageA });
      expect(children.find((b) => b.id === tasksDb.id)).toMatchObject({ type: 'child_database', child_database: { title: 'Tasks' } });
    });

    it('filters by text, select, multi_select, checkbox and dates, with and/or', async () => {
      expect(await names({ property: 'Name', title: { contains: 'MILK' } })).toEqual(['Buy milk']);
      expect(await names({ property: 'Name', title: { equals: 'Fix bike' } })).toEqual(['Fix bike']);
      expect(await names({ property: 'Notes', rich_text: { contains: 'report' } })).toEqual(['Write report']);
      expect((await names({ property: 'Status', select: { equals: 'Todo' } })).sort()).toEqual(['Buy milk', 'Fix bike']);
      expect((await names({ property: 'Tags', multi_select: { contains: 'work' } })).sort()).toEqual(['Fix bike', 'Write report']);
      expect(await names({ property: 'Urgent', checkbox: { equals: true } })).toEqual(['Buy milk']);
      expect(await names({ property: 'Due', date: { before: '2026-01-31' } })).toEqual(['Buy milk']);
      expect((await names({ property: 'Due', date: { after: '2026-01-31' } })).sort()).toEqual(['Fix bike', 'Write report']);
      expect(await names({ and: [{ property: 'Status', select: { equals: 'Todo' } }, { property: 'Tags', multi_select: { contains: 'work' } }] })).toEqual(['Fix bike']);
      expect((await names({ or: [{ property: 'Urgent', checkbox: { equals: true } }, { property: 'Points', number: { greater_than: 4 } }] })).sort()).toEqual(['Buy milk', 'Write report']);
    });

    it('sorts and paginates query results', async () => {
      expect(await names(undefined, [{ property: 'Points', direction: 'descending' }])).toEqual(['Write report', 'Fix bike', 'Buy milk']);
      expect(await names(undefined, [{ property: 'Due', direction: 'ascending' }])).toEqual(['Buy milk', 'Write report', 'Fix bike']);
      const first = await notion.dataSources.query({ data_source_id: tasks, page_size: 2, sorts: [{ property: 'Name', direction: 'ascending' }] });
      expect(first.has_more).toBe(true);
      const second = await notion.dataSources.query({ data_source_id: tasks, page_size: 2, start_cursor: first.next_cursor ?? undefined, sorts: [{ property: 'Name', direction: 'ascending' }] });
      expect([...first.results, ...second.results].map((p) => pageTitle(p as PageObjectResponse))).toEqual(['Buy milk', 'Fix bike', 'Write report']);
      expect(second.has_more).toBe(false);
    });

    it('keeps two-way relations in step and drops trashed rows from queries', async () => {
      const [milk] = (await notion.dataSources.query({ data_source_id: tasks, filter: { property: 'Name', title: { equals: 'Buy milk' } } })).results;
      const project = await notion.pages.create({ parent: { data_source_id: projects }, properties: { Project: { title: text('Household') }, Tasks: { relation: [{ id: milk.id }] } } });
      const task = (await notion.pages.retrieve({ page_id: milk.id })) as PageObjectResponse;
      expect(task.properties.Project).toMatchObject({ type: 'relation', relation: [{ id: project.id }] });
      await notion.pages.update({ page_id: project.id, properties: { Tasks: { relation: [] } } });
      const after = (await notion.pages.retrieve({ page_id: milk.id })) as PageObjectResponse;
      expect(after.properties.Project).toMatchObject({ relation: [] });

      await notion.pages.update({ page_id: milk.id, in_trash: true });
      expect((await names()).sort()).toEqual(['Fix bike', 'Write report']);
      await notion.pages.update({ page_id: milk.id, in_trash: false });
    });

    it('also accepts a database_id parent for a single-source database', async () => {
      const page = (await notion.pages.create({ parent: { database_id: tasksDb.id }, properties: { Name: { title: text('Via database') } } })) as PageObjectResponse;
      expect(page.parent).toEqual({ type: 'data_source_id', data_source_id: tasks, database_id: tasksDb.id });
      await notion.pages.update({ page_id: page.id, in_trash: true });
    });
  });

  it('searches titles with object filter, sort and pagination', async () => {
    for (const name of ['Alpha kiwi', 'Beta kiwi', 'Gamma kiwi']) {
      await notion.pages.create({ parent: { page_id: world.pageA }, properties: { title: { title: text(name) } } });
    }
    const pages = await notion.search({ query: 'kiwi', filter: { property: 'object', value: 'page' }, sort: { timestamp: 'last_edited_time', direction: 'ascending' } });
    expect(pages.results.map((p) => pageTitle(p as PageObjectResponse))).toEqual(['Alpha kiwi', 'Beta kiwi', 'Gamma kiwi']);
    const paged = await collectPaginatedAPI(notion.search, { query: 'kiwi', page_size: 1 });
    expect(paged).toHaveLength(3);
    const sources = await notion.search({ query: 'tasks', filter: { property: 'object', value: 'data_source' } });
    expect(sources.results.map((r) => r.object)).toEqual(['data_source']);
  });

  it('lets a public integration create workspace-level pages, but not an internal one', async () => {
    const token = world.sandbox.control.issueToken({ integrationId: world.publicApp.id, workspaceId: world.workspaceA, personId: world.alice });
    const pub = world.client(String(token.access_token));
    const top = (await pub.pages.create({ parent: { workspace: true }, properties: { title: { title: text('Top level') } } })) as PageObjectResponse;
    expect(top.parent).toEqual({ type: 'workspace', workspace: true });
    await expect(notion.pages.create({ parent: { workspace: true }, properties: { title: { title: text('Nope') } } })).rejects.toMatchObject({ code: 'validation_error', status: 400 });
  });

  it('exposes a page content tree to tests through the control handle', () => {
    const content = world.sandbox.control.pageContent(world.pageA);
    expect(content.title).toBe('Notes A');
    expect(content.blocks[0]).toMatchObject({ type: 'paragraph', text: 'Hello A' });
    expect(content.blocks.some((b) => b.type === 'child_database' && b.text === 'Tasks')).toBe(true);
  });
});
