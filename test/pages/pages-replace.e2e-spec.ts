import type { ContentTreeNode } from '../../src/sandbox/notion';
import { bearer } from '../support/auth';
import { startOAuthWorld, type OAuthWorld } from '../oauth/support/oauth-world';
import { bootNotionApp, type NotionTestApp } from '../notion/support/notion-app';
import { connectUser, type ConnectedUser } from '../notion/support/notion-world';

jest.setTimeout(120_000);

const lines = (count: number, prefix: string) => Array.from({ length: count }, (_, i) => `${prefix} ${i}`);

/**
 * PATCH /pages/:id with `mode: "replace"` writes only what changed (the content writer's diff): unchanged
 * blocks keep their ids, and a Notion failure midway leaves old and new content on the page, never nothing.
 * Calls are counted from the sandbox's request log; failures are the sandbox's injected faults.
 */
describe('replacing a page’s content writes only what changed', () => {
  let world: OAuthWorld;
  let t: NotionTestApp;
  let ada: ConnectedUser;

  beforeAll(async () => {
    world = await startOAuthWorld();
    t = await bootNotionApp(world, { env: { NOTION_RATE_LIMIT_PER_SECOND: '100' } });
    ada = await connectUser(t, world, 'ada');
  });
  afterAll(() => world.close());

  const createPage = async (content: string[]): Promise<string> => {
    const res = await t.http().post('/pages').set(...bearer(ada.token)).send({ title: 'Replace me', content: content.join('\n\n') });
    expect(res.status).toBe(201);
    return res.body.pageId as string;
  };
  const replace = (pageId: string, content: string[]) =>
    t.http().patch(`/pages/${pageId}`).set(...bearer(ada.token)).send({ content: content.join('\n\n'), mode: 'replace' });
  const blocks = (pageId: string): ContentTreeNode[] => world.sandbox.control.pageContent(pageId).blocks;
  const texts = (pageId: string) => blocks(pageId).map((b) => b.text);
  /** The Notion writes (not reads) since the log was cleared, as `METHOD route`. */
  const writes = () =>
    world.sandbox.control
      .requestLog()
      .filter((r) => r.method !== 'GET')
      .map((r) => `${r.method} ${r.route}`);

  it('changing one paragraph of a 250-block page is one write, and every block keeps its id', async () => {
    const before = lines(250, 'Paragraph');
    const pageId = await createPage(before);
    const ids = blocks(pageId).map((b) => b.id);
    const after = [...before];
    after[100] = 'Paragraph 100, changed';
    world.sandbox.control.clearRequestLog();
    const res = await replace(pageId, after);
    expect(res.status).toBe(200);
    expect(writes()).toEqual(['PATCH /v1/blocks/{block_id}']);
    expect(blocks(pageId).map((b) => b.id)).toEqual(ids);
    expect(texts(pageId)).toEqual(after);
  });

  it('appending one paragraph to a 250-block page is one write at the end', async () => {
    const before = lines(250, 'Paragraph');
    const pageId = await createPage(before);
    const ids = blocks(pageId).map((b) => b.id);
    world.sandbox.control.clearRequestLog();
    const res = await t.http().patch(`/pages/${pageId}`).set(...bearer(ada.token)).send({ content: 'The end', mode: 'append' });
    expect(res.status).toBe(200);
    expect(writes()).toEqual(['PATCH /v1/blocks/{block_id}/children']);
    expect(texts(pageId)).toEqual([...before, 'The end']);
    expect(blocks(pageId).map((b) => b.id).slice(0, 250)).toEqual(ids);
  });

  it('adding and removing paragraphs keeps the ids of the others', async () => {
    const before = lines(12, 'Line');
    const pageId = await createPage(before);
    const ids = blocks(pageId).map((b) => b.id);
    const after = ['A new first line', ...before.slice(0, 5), ...before.slice(7), 'A new last line'];
    world.sandbox.control.clearRequestLog();
    expect((await replace(pageId, after)).status).toBe(200);
    expect(writes().sort()).toEqual(['DELETE /v1/blocks/{block_id}', 'DELETE /v1/blocks/{block_id}', 'PATCH /v1/blocks/{block_id}/children', 'PATCH /v1/blocks/{block_id}/children']);
    expect(texts(pageId)).toEqual(after);
    expect(blocks(pageId).map((b) => b.id).slice(1, -1)).toEqual([...ids.slice(0, 5), ...ids.slice(7)]);
  });

  it('a failure midway through the updates leaves old and new paragraphs, never an empty page', async () => {
    const pageId = await createPage(lines(20, 'Old'));
    const eighth = blocks(pageId)[8].id;
    world.sandbox.control.injectFault({ kind: 'status', status: 500, method: 'PATCH', path: `/v1/blocks/${eighth}` });
    const res = await replace(pageId, lines(20, 'New'));
    world.sandbox.control.clearFaults();
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect(texts(pageId)).toEqual([...lines(8, 'New'), ...lines(20, 'Old').slice(8)]);
    // Asked again, the page is finished from where it stands.
    expect((await replace(pageId, lines(20, 'New'))).status).toBe(200);
    expect(texts(pageId)).toEqual(lines(20, 'New'));
  });

  it('a failure while inserting leaves the old content whole; one while deleting leaves the new content whole', async () => {
    const pageId = await createPage(lines(150, 'Old'));
    const headings = lines(150, 'New heading').map((line) => `## ${line}`);
    // New blocks go in before old ones go: the append fails, and nothing of the old content is gone.
    world.sandbox.control.injectFault({ kind: 'status', status: 503, method: 'PATCH', path: '/v1/blocks/{block_id}/children' });
    const failed = await replace(pageId, headings);
    world.sandbox.control.clearFaults();
    expect(failed.status).toBeGreaterThanOrEqual(500);
    expect(texts(pageId)).toEqual(lines(150, 'Old'));

    const old = blocks(pageId).map((b) => b.id);
    world.sandbox.control.injectFault({ kind: 'status', status: 500, method: 'DELETE', path: `/v1/blocks/${old[40]}` });
    const halfway = await replace(pageId, headings);
    world.sandbox.control.clearFaults();
    expect(halfway.status).toBeGreaterThanOrEqual(500);
    expect(texts(pageId)).toEqual([...lines(150, 'New heading'), ...lines(150, 'Old').slice(40)]);

    expect((await replace(pageId, headings)).status).toBe(200);
    expect(texts(pageId)).toEqual(lines(150, 'New heading'));
  });
});
