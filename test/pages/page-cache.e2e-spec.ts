import type { Client } from '@notionhq/client';
import { Clock } from '../../src/core/clock/clock';
import { bootApp } from '../support/app';
import { bearer } from '../support/auth';
import { startOAuthWorld, type OAuthWorld } from '../oauth/support/oauth-world';
import { withNotion, type NotionTestApp } from '../notion/support/notion-app';
import { connectUser, directClient, text, type ConnectedUser } from '../notion/support/notion-world';

/** Real time, moved on together with the sandbox's clock: time passing without waiting for it. */
class PassingClock extends Clock {
  offsetMs = 0;
  now(): number {
    return Date.now() + this.offsetMs;
  }
}

/**
 * Page content cached by integration, page id and last_edited_time: counted from the sandbox's request log,
 * a repeated read of a page nobody changed costs its pages.retrieve alone, and no read ever shows content
 * older than the page.
 */
describe('the page content cache', () => {
  let world: OAuthWorld;
  let t: NotionTestApp;
  let ada: ConnectedUser;
  let bob: ConnectedUser;
  let adaNotion: Client;
  const clock = new PassingClock();

  beforeAll(async () => {
    world = await startOAuthWorld();
    t = withNotion(
      await bootApp({ env: { ...world.env, NOTION_RETRY_BASE_DELAY_MS: '10' }, override: (b) => b.overrideProvider(Clock).useValue(clock) }),
    );
    ada = await connectUser(t, world, 'ada');
    bob = await connectUser(t, world, 'bob');
    adaNotion = await directClient(t, world, ada.integrationId);
  });
  afterAll(async () => {
    await t?.close();
    await world?.close();
  });

  const passMinutes = (minutes: number) => {
    clock.offsetMs += minutes * 60_000;
    world.sandbox.control.advanceClock(minutes * 60_000);
  };
  /** The Notion calls (method and route) made while `fn` ran. */
  const counted = async <T>(fn: () => Promise<T>): Promise<{ result: T; calls: string[] }> => {
    world.sandbox.control.clearRequestLog();
    const result = await fn();
    const calls = world.sandbox.control
      .requestLog()
      .filter((e) => e.path.startsWith('/v1/') && e.path !== '/v1/oauth/token')
      .map((e) => `${e.method} ${e.route ?? e.path}`);
    return { result, calls };
  };
  const readPage = (user: ConnectedUser, pageId: string) =>
    counted(async () => {
      const res = await t.http().get(`/pages/${pageId}`).set(...bearer(user.token));
      return { status: res.status, body: res.body as { content: string; lastEditedTime: string; code?: string } };
    });
  const readTool = (user: ConnectedUser, pageId: string) =>
    counted(async () => {
      const res = await t.http().post('/tools/read_note_page/invoke').set(...bearer(user.token)).send({ arguments: { pageId } });
      expect(res.status).toBe(200);
      return JSON.stringify(res.body);
    });
  const createPage = async (title: string, content: string, parentPageId?: string): Promise<string> => {
    const res = await t.http().post('/pages').set(...bearer(ada.token)).send({ title, content, ...(parentPageId ? { parentPageId } : {}) });
    expect(res.status).toBe(201);
    return (res.body as { pageId: string }).pageId;
  };
  const toggleContent = '- outer\n  - inner\n\nclosing line\n';
  const blockReads = (calls: string[]) => calls.filter((c) => c.includes('/children'));

  it('reads a page edited this minute from Notion every time, then a settled page with its retrieve alone', async () => {
    const pageId = await createPage('Cached', toggleContent);

    // Edited within the minute Notion stamps: the stamp could stay the same through another edit.
    const fresh1 = await readPage(ada, pageId);
    const fresh2 = await readPage(ada, pageId);
    expect(fresh1.result.status).toBe(200);
    expect(fresh1.result.body.content).toBe(toggleContent);
    expect(blockReads(fresh1.calls).length).toBeGreaterThanOrEqual(2);
    expect(fresh2.calls).toEqual(fresh1.calls);

    passMinutes(2);
    const first = await readPage(ada, pageId);
    expect(first.calls).toEqual(fresh1.calls);
    const second = await readPage(ada, pageId);
    expect(second.result).toEqual(first.result);
    expect(second.calls).toEqual(['GET /v1/pages/{page_id}']);
    // The agent's read_note_page goes the same way.
    const tool = await readTool(ada, pageId);
    expect(tool.calls).toEqual(['GET /v1/pages/{page_id}']);
    expect(tool.result).toContain('closing line');
  });

  it('never serves content older than the page: an edit gives the page a new stamp, read from Notion', async () => {
    const pageId = await createPage('Edited later', 'first version\n');
    passMinutes(2);
    await readPage(ada, pageId);
    expect((await readPage(ada, pageId)).calls).toEqual(['GET /v1/pages/{page_id}']);

    // Someone edits the page in Notion; the read right after shows it, and so does one after another edit
    // (usually within the same minute: the stamp does not move, but the page is not settled, so nothing is
    // cached; the real clock may cross a minute between the two edits, which changes nothing here).
    await adaNotion.blocks.children.append({ block_id: pageId, children: [{ paragraph: { rich_text: text('added in Notion') } }] });
    const afterEdit = await readPage(ada, pageId);
    expect(afterEdit.result.body.content).toBe('first version\n\nadded in Notion\n');
    expect(blockReads(afterEdit.calls).length).toBe(1);
    await adaNotion.blocks.children.append({ block_id: pageId, children: [{ paragraph: { rich_text: text('and again') } }] });
    const sameMinute = await readPage(ada, pageId);
    expect(sameMinute.result.body.content).toBe('first version\n\nadded in Notion\n\nand again\n');

    passMinutes(2);
    await readPage(ada, pageId);
    const settled = await readPage(ada, pageId);
    expect(settled.calls).toEqual(['GET /v1/pages/{page_id}']);
    expect(settled.result.body.content).toBe('first version\n\nadded in Notion\n\nand again\n');
  });

  it('keeps each integration to what it can read: another user asking for the page gets not found, from Notion', async () => {
    const pageId = await createPage('Ada only', 'private\n');
    passMinutes(2);
    await readPage(ada, pageId);
    expect((await readPage(ada, pageId)).calls).toEqual(['GET /v1/pages/{page_id}']);
    const asBob = await readPage(bob, pageId);
    expect(asBob.result.status).toBe(404);
    expect(asBob.result.body.code).toBe('NOTION_OBJECT_NOT_FOUND');
    expect(JSON.stringify(asBob.result.body)).not.toContain('private');
    expect(asBob.calls).toEqual(['GET /v1/pages/{page_id}']);
  });

  it('does not cache a page that shows a sub-page, whose title can change without the page moving', async () => {
    const parent = await createPage('Parent', 'intro\n');
    const child = await createPage('Child', 'inside\n', parent);
    passMinutes(2);
    const first = await readPage(ada, parent);
    await adaNotion.pages.update({ page_id: child, properties: { title: { title: text('Child renamed') } } });
    const again = await readPage(ada, parent);
    // The parent's stamp did not move: a cache keyed by it would still show the old title.
    expect(again.result.body.lastEditedTime).toBe(first.result.body.lastEditedTime);
    expect(again.result.body.content).toContain('Child renamed');
    expect(blockReads(again.calls).length).toBe(1);
  });
});
