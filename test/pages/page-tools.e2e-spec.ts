import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Client as McpClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { isFullBlock, type Client } from '@notionhq/client';
import { createApiKey } from '../support/api-keys';
import { bearer } from '../support/auth';
import { startOAuthWorld, type OAuthWorld } from '../oauth/support/oauth-world';
import { bootNotionApp, type NotionTestApp } from '../notion/support/notion-app';
import { connectUser, directClient, type ConnectedUser } from '../notion/support/notion-world';

/** The fields of the page tools' results that the tests read (each result has some of them). */
interface ToolResult {
  pageId: string;
  content: string;
  results: Array<{ pageId: string; noteId: string | null }>;
  groups: Array<{ type: string; entries: Array<{ pageId: string; title: string }> }>;
  [key: string]: unknown;
}
type Outcome = { ok: true; result: ToolResult } | { ok: false; error: { code: string; details?: Array<{ field: string }> } };
type Surface = 'rest' | 'mcp';

const PAGE_TOOLS = [
  'create_note_page',
  'read_note_page',
  'update_note_page',
  'delete_note_page',
  'search_note_pages',
  'get_table_of_contents',
  'create_link',
  'get_backlinks',
];

/**
 * The page tools through POST /tools/:name/invoke and through a real MCP client against the running app,
 * on the sandbox over HTTP; users connected through the real OAuth flow.
 */
describe('page tools over REST and MCP', () => {
  let world: OAuthWorld;
  let t: NotionTestApp;
  let base: string;
  let ada: ConnectedUser & { key: string };
  let bob: ConnectedUser & { key: string };
  let adaNotion: Client;
  let bobNotion: Client;
  const clients: McpClient[] = [];

  beforeAll(async () => {
    world = await startOAuthWorld();
    t = await bootNotionApp(world);
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${((t.app.getHttpServer() as Server).address() as AddressInfo).port}`;
    const withKey = async (label: string) => {
      const user = await connectUser(t, world, label);
      return { ...user, key: (await createApiKey(t, user, `${label}'s agent`)).key };
    };
    ada = await withKey('ada');
    bob = await withKey('bob');
    adaNotion = await directClient(t, world, ada.integrationId);
    bobNotion = await directClient(t, world, bob.integrationId);
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await world.close();
  });

  const mcpFor = new Map<string, McpClient>();
  async function mcp(credential: string): Promise<McpClient> {
    const known = mcpFor.get(credential);
    if (known) return known;
    const transport = new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${credential}` } } });
    const client = new McpClient({ name: 'jest-pages', version: '1.0.0' });
    await client.connect(transport);
    clients.push(client);
    mcpFor.set(credential, client);
    return client;
  }

  /** One tool call as `credential` (a session token or an API key) over one surface. */
  async function call(surface: Surface, credential: string, name: string, args: Record<string, unknown>): Promise<Outcome> {
    if (surface === 'rest') {
      const res = await t.http().post(`/tools/${name}/invoke`).set(...bearer(credential)).send({ arguments: args });
      return res.status === 200 ? { ok: true, result: res.body.result } : { ok: false, error: { ...res.body, status: res.status } };
    }
    const result = (await (await mcp(credential)).callTool({ name, arguments: args })) as CallToolResult;
    const body = JSON.parse((result.content[0] as { text: string }).text);
    return result.isError ? { ok: false, error: body.error } : { ok: true, result: body };
  }
  const ok = (outcome: Outcome) => {
    if (!outcome.ok) throw new Error(`tool failed: ${JSON.stringify(outcome.error)}`);
    return outcome.result;
  };

  const mentionsOn = async (notion: Client, pageId: string) =>
    (await notion.blocks.children.list({ block_id: pageId, page_size: 100 })).results
      .filter(isFullBlock)
      .flatMap((b) => (b.type === 'paragraph' ? b.paragraph.rich_text : []))
      .flatMap((r) => (r.type === 'mention' && r.mention.type === 'page' ? [r.mention.page.id] : []));

  it('publishes the eight page tools with object schemas', async () => {
    const res = await t.http().get('/tools').set(...bearer(ada.token));
    const listed = (res.body as Array<{ function: { name: string; parameters: { type: string } } }>).map((tool) => tool.function);
    for (const name of PAGE_TOOLS) expect(listed.find((fn) => fn.name === name)?.parameters.type).toBe('object');
    const viaMcp = await (await mcp(ada.key)).listTools();
    expect(viaMcp.tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(PAGE_TOOLS));
  });

  describe.each<Surface>(['rest', 'mcp'])('over %s', (surface) => {
    const tag = `${surface}-${Math.random().toString(36).slice(2, 7)}`;

    it('creates, reads, updates, searches, lists, links, finds backlinks and deletes', async () => {
      const as = surface === 'rest' ? ada.token : ada.key;
      const page = ok(await call(surface, as, 'create_note_page', { title: `Plan ${tag}`, content: '# Goals\n\n- ship' }));
      expect(page).toMatchObject({ title: `Plan ${tag}`, content: '# Goals\n\n- ship\n', inTrash: false });

      const read = ok(await call(surface, as, 'read_note_page', { pageId: page.pageId }));
      expect(read).toEqual(page);

      const updated = ok(await call(surface, as, 'update_note_page', { pageId: page.pageId, title: `Plan ${tag} v2`, content: 'More.' }));
      expect(updated).toMatchObject({ title: `Plan ${tag} v2`, content: '# Goals\n\n- ship\n\nMore.\n' });
      const replaced = ok(await call(surface, as, 'update_note_page', { pageId: page.pageId, content: 'Only this.', mode: 'replace' }));
      expect(replaced.content).toBe('Only this.\n');

      const found = ok(await call(surface, as, 'search_note_pages', { query: `plan ${tag}` }));
      expect(found.results.map((r) => r.pageId)).toEqual([page.pageId]);

      const toc = ok(await call(surface, as, 'get_table_of_contents', {}));
      const pages = toc.groups.find((g) => g.type === 'page')?.entries;
      expect(pages?.[0]).toMatchObject({ pageId: page.pageId, title: `Plan ${tag} v2` });

      const other = ok(await call(surface, as, 'create_note_page', { title: `Notes ${tag}`, content: '' }));
      const link = ok(await call(surface, as, 'create_link', { fromPageId: page.pageId, toPageId: other.pageId }));
      expect(link).toMatchObject({ from: { pageId: page.pageId }, to: { pageId: other.pageId } });
      expect(await mentionsOn(adaNotion, page.pageId)).toEqual([other.pageId]);
      expect(await mentionsOn(adaNotion, other.pageId)).toEqual([page.pageId]);
      const fromSide = ok(await call(surface, as, 'get_backlinks', { pageId: page.pageId }));
      expect(fromSide).toMatchObject({ linksTo: [{ pageId: other.pageId, title: `Notes ${tag}` }], linkedFrom: [] });
      const toSide = ok(await call(surface, as, 'get_backlinks', { pageId: other.pageId }));
      expect(toSide).toMatchObject({ linksTo: [], linkedFrom: [{ pageId: page.pageId, title: `Plan ${tag} v2` }] });

      const trashed = ok(await call(surface, as, 'delete_note_page', { pageId: page.pageId }));
      expect(trashed).toMatchObject({ pageId: page.pageId, inTrash: true });
      const after = ok(await call(surface, as, 'get_table_of_contents', {}));
      expect(JSON.stringify(after)).not.toContain(page.pageId);
    });

    it('names the bad field of the arguments', async () => {
      const as = surface === 'rest' ? ada.token : ada.key;
      const cases: Array<[string, Record<string, unknown>, string]> = [
        ['create_note_page', { content: 'x' }, 'title'],
        ['create_note_page', { title: '   ', content: 'x' }, 'title'],
        ['search_note_pages', { query: ' \n ' }, 'query'],
        ['create_note_page', { title: 'x', content: 'y', parentPageId: 'nope' }, 'parentPageId'],
        ['read_note_page', { pageId: 'abc' }, 'pageId'],
        ['update_note_page', { pageId: '0f0c8a8e3b0e4d7e9a556f3c1c1b2d4e', mode: 'overwrite' }, 'mode'],
        ['update_note_page', { pageId: '0f0c8a8e3b0e4d7e9a556f3c1c1b2d4e' }, 'title'],
        ['search_note_pages', { query: '' }, 'query'],
        ['create_link', { fromPageId: '0f0c8a8e3b0e4d7e9a556f3c1c1b2d4e' }, 'toPageId'],
        ['get_backlinks', { pageId: 7 }, 'pageId'],
        ['get_table_of_contents', { user_id: bob.userId }, 'user_id'],
      ];
      for (const [tool, args, field] of cases) {
        const outcome = await call(surface, as, tool, args);
        expect({ tool, field, ok: outcome.ok, code: !outcome.ok && outcome.error.code }).toEqual({ tool, field, ok: false, code: 'VALIDATION_FAILED' });
        if (!outcome.ok) expect(outcome.error.details?.map((d) => d.field)).toContain(field);
      }
    });

    it("never lets the other user read, change, delete or link the user's pages (404), nor leaves a trace", async () => {
      const page = ok(await call(surface, ada.key, 'create_note_page', { title: `Private ${tag}`, content: 'secret plans' }));
      const bobsPage = ok(await call(surface, bob.key, 'create_note_page', { title: `Bob ${tag}`, content: 'mine' }));
      for (const credential of [bob.token, bob.key]) {
        const attempts: Array<[string, Record<string, unknown>]> = [
          ['read_note_page', { pageId: page.pageId }],
          ['update_note_page', { pageId: page.pageId, title: 'hijacked', content: 'x', mode: 'replace' }],
          ['delete_note_page', { pageId: page.pageId }],
          ['get_backlinks', { pageId: page.pageId }],
          ['create_link', { fromPageId: bobsPage.pageId, toPageId: page.pageId }],
          ['create_link', { fromPageId: page.pageId, toPageId: bobsPage.pageId }],
        ];
        for (const [tool, args] of attempts) {
          const outcome = await call(surface, credential, tool, args);
          expect({ tool, ok: outcome.ok, code: !outcome.ok && outcome.error.code }).toEqual({ tool, ok: false, code: 'NOTION_OBJECT_NOT_FOUND' });
          expect(JSON.stringify(outcome)).not.toContain('secret plans');
        }
        const search = ok(await call(surface, credential, 'search_note_pages', { query: `private ${tag}` }));
        expect(search.results).toEqual([]);
      }
      const intact = ok(await call(surface, ada.key, 'read_note_page', { pageId: page.pageId }));
      expect(intact).toMatchObject({ title: `Private ${tag}`, content: 'secret plans\n', inTrash: false });
      expect(await mentionsOn(adaNotion, page.pageId)).toEqual([]);
      expect(await mentionsOn(bobNotion, bobsPage.pageId)).toEqual([]);
      expect(ok(await call(surface, bob.key, 'get_backlinks', { pageId: bobsPage.pageId }))).toMatchObject({ linksTo: [], linkedFrom: [] });
    });
  });

  it("answers 404 to the other user's session and API key on every /pages route with the user's page id", async () => {
    const page = ok(await call('rest', ada.token, 'create_note_page', { title: 'Ada only', content: 'hers' }));
    const mine = ok(await call('rest', bob.token, 'create_note_page', { title: 'Bob only', content: 'his' }));
    for (const credential of [bob.token, bob.key]) {
      const http = () => t.http();
      const responses = [
        await http().get(`/pages/${page.pageId}`).set(...bearer(credential)),
        await http().patch(`/pages/${page.pageId}`).set(...bearer(credential)).send({ title: 'hijacked' }),
        await http().delete(`/pages/${page.pageId}`).set(...bearer(credential)),
        await http().get(`/pages/${page.pageId}/backlinks`).set(...bearer(credential)),
        await http().post(`/pages/${page.pageId}/links`).set(...bearer(credential)).send({ targetPageId: mine.pageId }),
        await http().post(`/pages/${mine.pageId}/links`).set(...bearer(credential)).send({ targetPageId: page.pageId }),
        await http().post('/pages').set(...bearer(credential)).send({ title: 'inside hers', content: '', parentPageId: page.pageId }),
      ];
      for (const res of responses) {
        expect({ status: res.status, code: res.body.code }).toEqual({ status: 404, code: 'NOTION_OBJECT_NOT_FOUND' });
        expect(JSON.stringify(res.body)).not.toContain('hers');
      }
    }
    expect(ok(await call('rest', ada.token, 'read_note_page', { pageId: page.pageId }))).toMatchObject({ title: 'Ada only', inTrash: false });
    expect(await mentionsOn(bobNotion, mine.pageId)).toEqual([]);
  });
});
