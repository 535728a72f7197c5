import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createApiKey } from '../support/api-keys';
import { bootApp, type TestApp } from '../support/app';
import { bearer, signUp, type SignedIn } from '../support/auth';
import { ProbeToolsModule, probeCalls } from '../support/probe-tools.module';

describe('MCP over Streamable HTTP at /mcp, with a real MCP client', () => {
  let t: TestApp;
  let base: string;
  let ada: SignedIn;
  let bob: SignedIn;
  let adaKey: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    t = await bootApp({ imports: [ProbeToolsModule] });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${((t.app.getHttpServer() as Server).address() as AddressInfo).port}`;
    ada = await signUp(t, 'ada');
    bob = await signUp(t, 'bob');
    adaKey = (await createApiKey(t, ada, 'mcp')).key;
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await t.close();
  });
  beforeEach(() => {
    probeCalls.length = 0;
  });

  async function connect(credential: string | undefined, extraHeaders: Record<string, string> = {}) {
    const headers: Record<string, string> = { ...extraHeaders, ...(credential ? { Authorization: `Bearer ${credential}` } : {}) };
    const transport = new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit: { headers } });
    const client = new Client({ name: 'jest-mcp-client', version: '1.0.0' });
    await client.connect(transport);
    clients.push(client);
    return { client, transport };
  }

  const json = (result: unknown) => JSON.parse(((result as CallToolResult).content[0] as { text: string }).text);

  it("lists exactly the registry's tools: same names, descriptions and input schemas as GET /tools", async () => {
    const { client } = await connect(adaKey);
    expect(client.getServerVersion()?.name).toBe('personal-assistant');
    const listed = await client.listTools();
    const rest = await t.http().get('/tools').set(...bearer(ada.token));
    expect(listed.tools.map((tool) => ({ name: tool.name, description: tool.description, parameters: tool.inputSchema }))).toEqual(
      (rest.body as Array<{ function: unknown }>).map((tool) => tool.function),
    );
  });

  it('describes every tool with a title and the MCP annotations that are true of it', async () => {
    // [readOnly, destructive, idempotent, openWorld]: what each tool does to the user's data and to Notion.
    const expected: Record<string, [boolean, boolean, boolean, boolean]> = {
      get_account: [true, false, true, false],
      create_enhanced_note: [false, false, false, true], // a new note each call, written to Notion, enhanced by a model
      enhance_existing_note: [false, true, false, true], // may rewrite the note's content
      get_note_intelligence: [true, false, true, false], // the product's own index
      smart_search_notes: [true, false, true, false],
      create_link: [false, false, true, true], // the same link twice is recorded once
      create_note_page: [false, false, false, true],
      delete_note_page: [false, true, true, true],
      get_backlinks: [true, false, true, true],
      get_table_of_contents: [true, false, true, true],
      read_note_page: [true, false, true, true],
      search_note_pages: [true, false, true, true],
      update_note_page: [false, true, false, true], // replace overwrites; append adds again
      probe_echo: [true, false, true, false],
      probe_fail: [true, false, true, false],
      probe_wipe: [false, true, true, false],
    };
    const { client } = await connect(adaKey);
    const { tools } = await client.listTools();
    expect(Object.fromEntries(tools.map((tool) => [tool.name, tool.annotations]))).toEqual(
      Object.fromEntries(
        Object.entries(expected).map(([name, [readOnlyHint, destructiveHint, idempotentHint, openWorldHint]]) => [
          name,
          { title: expect.any(String), readOnlyHint, destructiveHint, idempotentHint, openWorldHint },
        ]),
      ),
    );
    for (const tool of tools) {
      expect(tool.title).toMatch(/^[A-Z]\S.{2,40}$/);
      expect(tool.annotations?.title).toBe(tool.title);
      // The SDK client validates every structuredContent against it: the MCP runs of the note and page tools
      // (test/notes/note-tools, test/pages/page-tools) would fail on a result the schema does not describe.
      expect(tool.outputSchema).toMatchObject({ type: 'object', properties: expect.any(Object) });
    }
  });

  it('runs get_account as the owner of the API key, and as the owner of a bearer session', async () => {
    const viaKey = await (await connect(adaKey)).client.callTool({ name: 'get_account', arguments: {} });
    expect(viaKey.isError).toBeFalsy();
    expect(json(viaKey)).toMatchObject({ userId: ada.userId, email: ada.email });
    expect(viaKey.structuredContent).toMatchObject({ userId: ada.userId });

    const viaSession = await (await connect(bob.token)).client.callTool({ name: 'get_account', arguments: {} });
    expect(json(viaSession)).toMatchObject({ userId: bob.userId, email: bob.email });
  });

  it("calls the tool's handler with the caller's identity", async () => {
    const { client } = await connect(adaKey);
    const result = await client.callTool({ name: 'probe_echo', arguments: { text: 'hello', options: { shout: true } } });
    expect(json(result)).toEqual({ echo: 'HELLO', ranFor: ada.userId });
    expect(probeCalls).toHaveLength(1);
    expect(probeCalls[0].ctx).toMatchObject({ userId: ada.userId, via: 'mcp' });
  });

  it('answers tool failures as tool results with isError and the stable code, and keeps serving', async () => {
    const { client } = await connect(adaKey);
    const invalid = await client.callTool({ name: 'probe_echo', arguments: { text: '', user_id: bob.userId } });
    expect(invalid.isError).toBe(true);
    expect(json(invalid).error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(json(invalid).error.details.map((d: { field: string }) => d.field).sort()).toEqual(['text', 'user_id']);

    const unknown = await client.callTool({ name: 'no_such_tool', arguments: {} });
    expect(unknown.isError).toBe(true);
    expect(json(unknown).error.code).toBe('TOOL_NOT_FOUND');

    const domain = await client.callTool({ name: 'probe_fail', arguments: { how: 'not_found' } });
    expect(domain.isError).toBe(true);
    expect(json(domain).error).toEqual({ code: 'NOT_FOUND', message: 'Probe page not found.' });

    const crash = await client.callTool({ name: 'probe_fail', arguments: { how: 'crash' } });
    expect(crash.isError).toBe(true);
    expect(json(crash).error).toEqual({ code: 'INTERNAL', message: 'The tool failed unexpectedly.', errorId: expect.any(String) });
    expect(JSON.stringify(crash)).not.toContain('secret-internal-detail');

    const after = await client.callTool({ name: 'get_account', arguments: {} });
    expect(json(after).userId).toBe(ada.userId);
  });

  it('refuses a client without credentials, or with a revoked key, with 401', async () => {
    await expect(connect(undefined)).rejects.toThrow(/401/);
    const { key, id } = await createApiKey(t, bob, 'short-lived');
    const { client } = await connect(key);
    expect(json(await client.callTool({ name: 'get_account', arguments: {} })).userId).toBe(bob.userId);
    expect((await t.http().delete(`/auth/api-keys/${id}`).set(...bearer(bob.token))).status).toBe(204);
    await expect(client.callTool({ name: 'get_account', arguments: {} })).rejects.toThrow(/401/);
  });

  it('is stateless: no MCP session id is issued, and a session id header never carries another identity', async () => {
    const { transport } = await connect(adaKey);
    expect(transport.sessionId).toBeUndefined();
    // Bob's client presenting any session id (here a made-up one, as if it were Ada's) still acts as Bob only.
    const { client } = await connect(bob.token, { 'mcp-session-id': 'ada-session-00000000' });
    const result = await client.callTool({ name: 'get_account', arguments: {} });
    expect(json(result).userId).toBe(bob.userId);
  });

  it('answers GET and DELETE with 405 (no server-initiated stream, no session to end)', async () => {
    const get = await t.http().get('/mcp').set(...bearer(adaKey)).set('Accept', 'text/event-stream');
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    expect(get.body.code).toBe('METHOD_NOT_ALLOWED');
    expect((await t.http().delete('/mcp').set(...bearer(adaKey))).status).toBe(405);
    expect((await t.http().get('/mcp')).status).toBe(401);
  });

  it('answers a malformed JSON-RPC message with a JSON-RPC error, not a crash', async () => {
    const res = await t
      .http()
      .post('/mcp')
      .set(...bearer(adaKey))
      .set('Accept', 'application/json, text/event-stream')
      .send({ hello: 'world' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ jsonrpc: '2.0', error: { code: expect.any(Number) } });
  });
});
