import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { bootApp, type TestApp } from '../support/app';
import { bearer, signUp, type SignedIn } from '../support/auth';
import { ProbeToolsModule, probeCalls } from '../support/probe-tools.module';

interface ListedTool {
  type: string;
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

describe('the tool registry over REST', () => {
  let t: TestApp;
  let ada: SignedIn;
  let bob: SignedIn;

  beforeAll(async () => {
    t = await bootApp({ imports: [ProbeToolsModule] });
    ada = await signUp(t, 'ada');
    bob = await signUp(t, 'bob');
  });
  afterAll(() => t.close());
  beforeEach(() => {
    probeCalls.length = 0;
  });

  const invoke = (who: SignedIn, name: string, body: unknown) =>
    t.http().post(`/tools/${name}/invoke`).set(...bearer(who.token)).send(body as object);

  it("lists the tools in OpenAI's function-calling format, sorted, with valid JSON Schemas that refuse unknown keys", async () => {
    const res = await t.http().get('/tools').set(...bearer(ada.token));
    expect(res.status).toBe(200);
    const tools = res.body as ListedTool[];
    expect(tools.map((tool) => tool.function.name)).toEqual([
      'create_enhanced_note',
      'create_link',
      'create_note_page',
      'delete_note_page',
      'enhance_existing_note',
      'get_account',
      'get_backlinks',
      'get_note_intelligence',
      'get_table_of_contents',
      'probe_echo',
      'probe_fail',
      'probe_wipe',
      'read_note_page',
      'search_note_pages',
      'smart_search_notes',
      'update_note_page',
    ]);
    // Formats (`uuid` of the note ids) are checked too, not waved through.
    const ajv = addFormats(new Ajv2020({ strict: true, strictRequired: false }));
    for (const tool of tools) {
      expect(Object.keys(tool).sort()).toEqual(['function', 'type']);
      expect(tool.type).toBe('function');
      expect(tool.function.description.length).toBeGreaterThan(10);
      expect(tool.function.parameters).toMatchObject({ type: 'object', additionalProperties: false });
      expect(tool.function.parameters).not.toHaveProperty('$schema');
      expect(() => ajv.compile(tool.function.parameters)).not.toThrow();
    }
    const echo = tools.find((tool) => tool.function.name === 'probe_echo');
    expect(echo?.function.parameters).toEqual({
      type: 'object',
      properties: {
        text: { type: 'string', minLength: 1, description: 'Any text' },
        count: { type: 'integer', minimum: 1, maximum: 5, default: 1 },
        options: { type: 'object', properties: { shout: { type: 'boolean' } }, required: ['shout'], additionalProperties: false },
      },
      required: ['text'],
      additionalProperties: false,
    });
  });

  it('the published schema accepts exactly what the tool accepts (same zod source)', async () => {
    const res = await t.http().get('/tools').set(...bearer(ada.token));
    const echo = (res.body as ListedTool[]).find((tool) => tool.function.name === 'probe_echo');
    const validate = new Ajv2020({ strictRequired: false }).compile(echo?.function.parameters ?? {});
    const samples: unknown[] = [{ text: 'a' }, { text: '' }, { text: 'a', count: 6 }, { text: 'a', user_id: 'x' }, {}, { text: 'a', options: { shout: 1 } }];
    for (const args of samples) {
      const rest = await invoke(ada, 'probe_echo', { arguments: args });
      expect({ args, accepted: rest.status === 200 }).toEqual({ args, accepted: validate(args) });
    }
  });

  it('get_account answers for the caller, and only the caller', async () => {
    const res = await invoke(ada, 'get_account', { arguments: {} });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      tool: 'get_account',
      result: { userId: ada.userId, email: ada.email, name: 'Test User', createdAt: expect.any(String) },
    });
    const forBob = await invoke(bob, 'get_account', {});
    expect(forBob.body.result.userId).toBe(bob.userId);
  });

  it("runs a tool's handler with the authenticated caller's identity, whatever the arguments claim", async () => {
    const res = await invoke(bob, 'probe_echo', { arguments: { text: 'hi', count: 2 } });
    expect(res.status).toBe(200);
    expect(res.body.result).toEqual({ echo: 'hi hi', ranFor: bob.userId });
    expect(probeCalls).toHaveLength(1);
    expect(probeCalls[0].ctx).toMatchObject({ userId: bob.userId, user: { id: bob.userId, email: bob.email }, via: 'rest' });
    expect(probeCalls[0].args).toEqual({ text: 'hi', count: 2 });

    const spoof = await invoke(bob, 'probe_echo', { arguments: { text: 'hi', user_id: ada.userId } });
    expect(spoof.status).toBe(400);
    expect(spoof.body.details).toEqual([{ field: 'user_id', messages: ['is not an argument of this tool'] }]);
    expect(probeCalls).toHaveLength(1);
  });

  it('refuses bad arguments with VALIDATION_FAILED naming each field path, before the tool runs', async () => {
    const res = await invoke(ada, 'probe_echo', { arguments: { text: '', count: 9, options: { shout: 'yes', extra: 1 } } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const fields = (res.body.details as Array<{ field: string }>).map((d) => d.field).sort();
    expect(fields).toEqual(['count', 'options.extra', 'options.shout', 'text']);
    const missing = await invoke(ada, 'probe_echo', {});
    expect(missing.status).toBe(400);
    expect(missing.body.details).toEqual([{ field: 'text', messages: [expect.any(String)] }]);
    const notObject = await invoke(ada, 'probe_echo', { arguments: 'text' });
    expect(notObject.status).toBe(400);
    expect(notObject.body.details[0].field).toBe('arguments');
    const extraBody = await invoke(ada, 'probe_echo', { arguments: { text: 'a' }, user_id: bob.userId });
    expect(extraBody.status).toBe(400);
    expect(probeCalls).toHaveLength(0);
  });

  it('answers 404 TOOL_NOT_FOUND for an unknown tool, without echoing odd characters', async () => {
    const res = await invoke(ada, 'no_such_tool', { arguments: {} });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('TOOL_NOT_FOUND');
    const odd = await invoke(ada, encodeURIComponent('<script>'), {});
    expect(odd.status).toBe(404);
    expect(odd.body.code).toBe('TOOL_NOT_FOUND');
    expect(odd.body.message).not.toContain('<');
  });

  it("keeps a handler's domain error code, and turns a bug into a 500 that reveals nothing", async () => {
    const notFound = await invoke(ada, 'probe_fail', { arguments: { how: 'not_found' } });
    expect(notFound.status).toBe(404);
    expect(notFound.body).toMatchObject({ code: 'NOT_FOUND', message: 'Probe page not found.' });
    const crash = await invoke(ada, 'probe_fail', { arguments: { how: 'crash' } });
    expect(crash.status).toBe(500);
    expect(crash.body.code).toBe('INTERNAL');
    expect(JSON.stringify(crash.body)).not.toContain('secret-internal-detail');
  });

  it('needs authentication for listing and invoking', async () => {
    expect((await t.http().get('/tools')).status).toBe(401);
    const res = await t.http().post('/tools/get_account/invoke').send({});
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });
});
