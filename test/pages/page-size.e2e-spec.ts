import type { ContentTreeNode } from '../../src/sandbox/notion';
import type { JsonObject } from '../../src/sandbox/notion/store/model';
import { bearer } from '../support/auth';
import { startOAuthWorld, type OAuthWorld } from '../oauth/support/oauth-world';
import { bootNotionApp, type NotionTestApp } from '../notion/support/notion-app';
import { connectUser, type ConnectedUser } from '../notion/support/notion-world';

jest.setTimeout(120_000);

const textOf = (nodes: ContentTreeNode[]): string => nodes.map((n) => n.text + textOf(n.children)).join('');

/** Non-Latin content sized as Notion sizes it (UTF-8 bytes), and a create that fails half-way leaves no page. */
describe('pages with large non-Latin content', () => {
  let world: OAuthWorld;
  let t: NotionTestApp;
  let ada: ConnectedUser;

  beforeAll(async () => {
    world = await startOAuthWorld();
    t = await bootNotionApp(world);
    ada = await connectUser(t, world, 'ada');
  });
  afterAll(() => world.close());

  const pagesTitled = (title: string) =>
    Object.values(world.sandbox.control.exportState().pages).filter((page) =>
      Object.values(page.properties).some((p) => p.type === 'title' && (p.value as JsonObject[]).map((r) => (r.text as JsonObject).content).join('') === title),
    );

  it('writes 190 000 CJK characters (570 KB of UTF-8, 190 000 UTF-16 units) without a request Notion refuses', async () => {
    const paragraphs = Array.from({ length: 100 }, (_, i) => `${i} ${'漢字'.repeat(949)}`);
    world.sandbox.control.clearRequestLog();
    const res = await t.http().post('/pages').set(...bearer(ada.token)).send({ title: 'Kanji', content: paragraphs.join('\n\n') });
    expect(res.status).toBe(201);
    expect(world.sandbox.control.requestLog().filter((r) => r.status >= 400)).toEqual([]);
    expect(textOf(world.sandbox.control.pageContent(res.body.pageId).blocks)).toBe(paragraphs.join(''));
  });

  it('a create whose follow-up append fails leaves no page behind (it goes to the trash)', async () => {
    const paragraphs = Array.from({ length: 250 }, (_, i) => `paragraph ${i}`);
    world.sandbox.control.injectFault({ kind: 'status', status: 500, method: 'PATCH', path: '/v1/blocks/{block_id}/children', times: 1 });
    const res = await t.http().post('/pages').set(...bearer(ada.token)).send({ title: 'Half written', content: paragraphs.join('\n\n') });
    world.sandbox.control.clearFaults();
    expect(res.status).toBeGreaterThanOrEqual(500);
    const pages = pagesTitled('Half written');
    expect(pages.length).toBeGreaterThan(0);
    expect(pages.every((page) => page.inTrash)).toBe(true);
  });
});
