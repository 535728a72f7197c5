import { Client, PageObjectResponse } from '@notionhq/client';
import { NotionApiError } from '../../src/sandbox/notion';
import { notionContract } from './support/contract-recorder';
import { World, startWorld, text } from './support/sandbox-world';

/** A control or API answer as the tests read it. */
interface Body {
  [key: string]: unknown;
  id: string;
  results: Body[];
  data_sources: Body[];
  properties: Record<string, Body>;
}

describe('Notion sandbox: a person’s edits', () => {
  let world: World;
  let notion: Client;
  let tasks: string;
  const alice = () => world.sandbox.person(world.alice);
  /** A person's answers are Notion's objects: held to the same published document as API answers. */
  const valid = (method: string, template: string, body: unknown): Body => {
    expect(notionContract().check(method, template, 200, body)).toEqual([]);
    return body as Body;
  };
  const http = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(`${world.sandbox.url}/__sandbox/people${route}`, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { 'content-type': 'application/json', authorization: `Bearer ${String(world.sandbox.controlToken)}` } });
    return { status: response.status, body: (await response.json()) as Body };
  };

  beforeAll(async () => {
    world = await startWorld({ control: true });
    notion = world.client(world.internalA.token);
    const db = (await notion.databases.create({
      parent: { type: 'page_id', page_id: world.pageA },
      title: text('Tasks'),
      initial_data_source: { properties: { Name: { title: {} }, Status: { select: {} }, Notes: { rich_text: {} } } },
    })) as unknown as Body;
    tasks = db.data_sources[0].id;
  });

  afterAll(async () => {
    await world.sandbox.close();
    expect(world.contract.violations).toEqual([]);
  });

  it('appends, updates and deletes blocks as the person: times and last_edited_by follow, the API sees it', async () => {
    // Responses round times to the minute, as Notion does; the store keeps the exact time.
    const editedAt = () => world.sandbox.control.exportState().pages[world.pageA].lastEditedTime;
    const before = editedAt();
    const added = valid('PATCH', '/v1/blocks/{block_id}/children', await alice().appendBlocks(world.pageA, [{ paragraph: { rich_text: text('typed by Alice') } }]));
    const blockId = String(added.results[0].id);
    const page = (await notion.pages.retrieve({ page_id: world.pageA })) as PageObjectResponse;
    expect(page.last_edited_by).toEqual({ object: 'user', id: world.alice });
    expect(editedAt() > before).toBe(true);
    expect(await notion.blocks.retrieve({ block_id: blockId })).toMatchObject({ created_by: { id: world.alice }, last_edited_by: { id: world.alice } });

    valid('PATCH', '/v1/blocks/{block_id}', await alice().updateBlock(blockId, { paragraph: { rich_text: text('edited by Alice') } }));
    expect(world.sandbox.control.pageContent(world.pageA).blocks.map((b) => b.text)).toContain('edited by Alice');

    await notion.blocks.update({ block_id: blockId, paragraph: { rich_text: text('then by the bot') } });
    expect(await notion.blocks.retrieve({ block_id: blockId })).toMatchObject({ created_by: { id: world.alice }, last_edited_by: { id: world.internalA.botId } });

    valid('DELETE', '/v1/blocks/{block_id}', await alice().deleteBlock(blockId));
    expect((await notion.blocks.children.list({ block_id: world.pageA })).results.map((b) => b.id)).not.toContain(blockId);
    expect(await notion.blocks.retrieve({ block_id: blockId })).toMatchObject({ in_trash: true, last_edited_by: { id: world.alice } });
  });

  it('sets properties, renames (search follows), trashes, restores and moves a page', async () => {
    const row = await notion.pages.create({ parent: { data_source_id: tasks }, properties: { Name: { title: text('Draft plan') } } });
    valid('PATCH', '/v1/pages/{page_id}', await alice().setPageProperties(row.id, { Status: { select: { name: 'Done' } }, Notes: { rich_text: text('ok') } }));
    const updated = (await notion.pages.retrieve({ page_id: row.id })) as PageObjectResponse;
    expect(updated.last_edited_by.id).toBe(world.alice);
    expect(updated.properties.Status).toMatchObject({ select: { name: 'Done' } });

    await alice().renamePage(row.id, 'Quokka itinerary');
    expect((await notion.search({ query: 'quokka' })).results.map((r) => r.id)).toEqual([row.id]);

    const child = await notion.pages.create({ parent: { page_id: world.pageA }, properties: { title: { title: text('Wombat notes') } } });
    expect(await alice().trashPage(child.id)).toMatchObject({ in_trash: true, last_edited_by: { id: world.alice } });
    expect((await notion.search({ query: 'wombat' })).results).toEqual([]);
    expect(await alice().restorePage(child.id)).toMatchObject({ in_trash: false });
    expect((await notion.search({ query: 'wombat' })).results.map((r) => r.id)).toEqual([child.id]);

    const moved = valid('POST', '/v1/pages/{page_id}/move', await alice().movePage(child.id, { data_source_id: tasks }));
    expect(moved.parent).toMatchObject({ type: 'data_source_id', data_source_id: tasks });
    expect(((await notion.pages.retrieve({ page_id: child.id })) as PageObjectResponse).last_edited_by.id).toBe(world.alice);
  });

  it('adds a row and renames or deletes a data source property', async () => {
    const row = valid('POST', '/v1/pages', await alice().addRow(tasks, { Name: { title: text('From Alice') }, Status: { select: { name: 'New' } } }));
    const found = await notion.dataSources.query({ data_source_id: tasks, filter: { property: 'Name', title: { equals: 'From Alice' } } });
    expect(found.results.map((r) => r.id)).toEqual([row.id]);
    expect(found.results[0]).toMatchObject({ created_by: { id: world.alice }, last_edited_by: { id: world.alice } });

    valid('PATCH', '/v1/data_sources/{data_source_id}', await alice().renameProperty(tasks, 'Status', 'Stage'));
    await alice().deleteProperty(tasks, 'Notes');
    const source = (await notion.dataSources.retrieve({ data_source_id: tasks })) as unknown as Body;
    expect(Object.keys(source.properties).sort()).toEqual(['Name', 'Stage']);
    expect(source.last_edited_by).toEqual({ object: 'user', id: world.alice });
  });

  it('refuses what Notion refuses, with Notion’s errors, and changes nothing', async () => {
    const before = JSON.stringify(world.sandbox.control.exportState());
    await expect(alice().appendBlocks(world.pageA, [{ paragraph: { rich_text: text('x') } }, { code: { rich_text: [], language: 'ts' } }])).rejects.toMatchObject({ status: 400, code: 'validation_error' });
    await expect(alice().setPageProperties(world.pageA, { Nope: { rich_text: [] } })).rejects.toBeInstanceOf(NotionApiError);
    await expect(alice().deleteProperty(tasks, 'Name')).rejects.toMatchObject({ status: 400 });
    // Alice is not in workspace B: nothing of it is hers to edit.
    await expect(alice().trashPage(world.pageB)).rejects.toMatchObject({ status: 400, message: expect.stringContaining('not a member') });
    expect(JSON.stringify(world.sandbox.control.exportState())).toBe(before);
  });

  it('over HTTP: /__sandbox/people/{id}/v1/… takes Notion’s requests and answers like Notion', async () => {
    const appended = await http('PATCH', `/${world.alice}/v1/blocks/${world.pageA}/children`, { children: [{ paragraph: { rich_text: text('over HTTP') } }] });
    expect(appended.status).toBe(200);
    const { request_id: requestId, ...list } = appended.body;
    expect(requestId).toEqual(expect.any(String));
    valid('PATCH', '/v1/blocks/{block_id}/children', list);
    expect(list.results[0].created_by).toEqual({ object: 'user', id: world.alice });

    const listed = await http('GET', `/${world.alice}/v1/blocks/${world.pageA.replace(/-/g, '')}/children?page_size=1`);
    expect(listed).toMatchObject({ status: 200, body: { object: 'list', has_more: true } });
    expect(listed.body.results).toHaveLength(1);

    expect(await http('PATCH', `/${world.alice}/v1/pages/${world.pageA}`, { properties: { title: 'plain string' } })).toMatchObject({ status: 400, body: { object: 'error', code: 'validation_error' } });
    expect(await http('PATCH', `/${world.bob}/v1/pages/${world.pageB}`, { in_trash: 'yes' })).toMatchObject({ status: 400, body: { code: 'validation_error' } });
    expect(await http('PATCH', `/not-a-person/v1/pages/${world.pageA}`, { in_trash: true })).toMatchObject({ status: 404, body: { error: expect.stringContaining('unknown person') } });

    // Carol is in both workspaces: the page names its workspace; a workspace-level page needs ?workspace_id=.
    expect(await http('PATCH', `/${world.carol}/v1/pages/${world.pageB}`, { properties: { title: { title: text('Notes B by Carol') } } })).toMatchObject({ status: 200, body: { last_edited_by: { id: world.carol } } });
    expect(await http('POST', `/${world.carol}/v1/pages`, { properties: { title: { title: text('Top level') } } })).toMatchObject({ status: 400, body: { error: expect.stringContaining('workspaceId') } });
    const top = await http('POST', `/${world.carol}/v1/pages?workspace_id=${world.workspaceB}`, { properties: { title: { title: text('Top level') } } });
    expect(top).toMatchObject({ status: 200, body: { parent: { type: 'workspace', workspace: true }, created_by: { id: world.carol } } });
    expect(world.sandbox.control.exportState().pages[top.body.id].workspaceId).toBe(world.workspaceB);
  });
});
