import { DataSource } from 'typeorm';
import { MAX_TOOL_ROUNDS } from '../../src/assistant/assistant.service';
import { createApiKey } from '../support/api-keys';
import { bootApp, type TestApp } from '../support/app';
import { bearer, signUp, type SignedIn } from '../support/auth';
import { FakeOpenAi, reply } from '../support/fake-openai';
import { ProbeToolsModule, probeCalls } from '../support/probe-tools.module';

interface SentMessage {
  role: string;
  content: string | null;
  tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
  tool_call_id?: string;
}
const messagesOf = (fake: FakeOpenAi, index: number) => fake.requests[index].body?.messages as unknown as SentMessage[];

describe('the assistant endpoint (agent loop over the fake OpenAI-compatible model)', () => {
  let fake: FakeOpenAi;
  let t: TestApp;
  let ada: SignedIn;
  let bob: SignedIn;

  beforeAll(async () => {
    fake = await FakeOpenAi.start();
    t = await bootApp({
      imports: [ProbeToolsModule],
      env: { LLM_BASE_URL: fake.baseUrl, LLM_API_KEY: 'sk-test-assistant-secret', LLM_MODEL: 'fake-agent', LLM_MAX_RETRIES: '0' },
    });
    ada = await signUp(t, 'ada');
    bob = await signUp(t, 'bob');
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });
  beforeEach(() => {
    fake.reset();
    probeCalls.length = 0;
  });

  const send = (who: string, body: object) => t.http().post('/assistant/messages').set(...bearer(who)).send(body);

  it('runs the get_account call the model asks for as the user, feeds the result back, and lists it in the reply', async () => {
    fake.enqueue(reply.toolCalls({ name: 'get_account', arguments: {} }), reply.text('You are Test User.'));
    const res = await send(ada.token, { message: 'Who am I?' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      conversationId: expect.any(String),
      reply: 'You are Test User.',
      toolRuns: [
        { name: 'get_account', arguments: {}, ok: true, result: { userId: ada.userId, email: ada.email, name: 'Test User', createdAt: expect.any(String) } },
      ],
      pendingActions: [],
    });

    expect(fake.requests).toHaveLength(2);
    const first = fake.requests[0].body as Record<string, unknown>;
    expect(first.model).toBe('fake-agent');
    expect(first.tool_choice).toBe('auto');
    const tools = first.tools as Array<{ type: string; function: { name: string } }>;
    const listed = await t.http().get('/tools').set(...bearer(ada.token));
    expect(tools).toEqual(listed.body);
    expect(messagesOf(fake, 0).map((m) => m.role)).toEqual(['system', 'user']);

    const second = messagesOf(fake, 1);
    expect(second.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool']);
    expect(second[3].tool_call_id).toBe(second[2].tool_calls?.[0].id);
    expect(JSON.parse(second[3].content ?? '')).toMatchObject({ userId: ada.userId, email: ada.email });
  });

  it("calls a tool's handler with the caller's identity, also when the caller uses an API key", async () => {
    const { key } = await createApiKey(t, bob, 'assistant');
    fake.enqueue(reply.toolCalls({ name: 'probe_echo', arguments: { text: 'ping' } }), reply.text('done'));
    const res = await send(key, { message: 'echo ping' });
    expect(res.status).toBe(200);
    expect(res.body.toolRuns).toEqual([{ name: 'probe_echo', arguments: { text: 'ping' }, ok: true, result: { echo: 'ping', ranFor: bob.userId } }]);
    expect(probeCalls.map((call) => ({ userId: call.ctx.userId, via: call.ctx.via }))).toEqual([{ userId: bob.userId, via: 'assistant' }]);
  });

  it('keeps the conversation per user: continues it with the history, and B cannot continue A\'s (404)', async () => {
    fake.enqueue(reply.text('Noted: blue.'));
    const started = await send(ada.token, { message: 'My favourite colour is blue.' });
    const conversationId = started.body.conversationId as string;

    fake.enqueue(reply.text('Blue.'));
    const next = await send(ada.token, { message: 'What is my favourite colour?', conversationId: conversationId });
    expect(next.status).toBe(200);
    expect(next.body.conversationId).toBe(conversationId);
    expect(messagesOf(fake, 1).map((m) => [m.role, m.content])).toEqual([
      ['system', expect.any(String)],
      ['user', 'My favourite colour is blue.'],
      ['assistant', 'Noted: blue.'],
      ['user', 'What is my favourite colour?'],
    ]);

    const { key: bobKey } = await createApiKey(t, bob, 'snoop');
    for (const credential of [bob.token, bobKey]) {
      const stolen = await send(credential, { message: 'What did Ada say?', conversationId: conversationId });
      expect({ status: stolen.status, code: stolen.body.code }).toEqual({ status: 404, code: 'NOT_FOUND' });
    }
    expect(fake.requests).toHaveLength(2);
    const stored = await t.app
      .get(DataSource)
      .query('SELECT m.message FROM assistant_messages m WHERE m.conversation_id = $1 ORDER BY m.seq', [conversationId]);
    expect(stored.map((row: { message: SentMessage }) => row.message.content)).toEqual([
      'My favourite colour is blue.',
      'Noted: blue.',
      'What is my favourite colour?',
      'Blue.',
    ]);
  });

  it('keeps every message of concurrent turns of one conversation, in consecutive order', async () => {
    fake.enqueue(reply.text('first'));
    const started = await send(bob.token, { message: 'start' });
    const conversationId = started.body.conversationId as string;
    fake.always(reply.text('concurrent'));
    const turns = await Promise.all(
      ['a', 'b', 'c'].map((message) => send(bob.token, { message, conversationId: conversationId })),
    );
    expect(turns.map((turn) => turn.status)).toEqual([200, 200, 200]);
    const rows: Array<{ seq: number; role: string }> = await t.app
      .get(DataSource)
      .query(`SELECT seq, message->>'role' AS role FROM assistant_messages WHERE conversation_id = $1 ORDER BY seq`, [conversationId]);
    expect(rows.map((row) => row.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(rows.map((row) => row.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user', 'assistant', 'user', 'assistant']);
  });

  it('feeds tool errors back to the model as tool results and carries on', async () => {
    fake.enqueue(
      reply.toolCalls(
        { name: 'probe_echo', arguments: { text: '', user_id: bob.userId } },
        { name: 'no_such_tool' },
        { name: 'probe_fail', arguments: { how: 'crash' } },
        { name: 'probe_echo', arguments: '{not json' },
      ),
      reply.text('Some tools failed.'),
    );
    const res = await send(ada.token, { message: 'try things' });
    expect(res.status).toBe(200);
    expect(res.body.reply).toBe('Some tools failed.');
    expect(res.body.toolRuns.map((run: { ok: boolean; error: { code: string } }) => [run.ok, run.error.code])).toEqual([
      [false, 'VALIDATION_FAILED'],
      [false, 'TOOL_NOT_FOUND'],
      [false, 'INTERNAL'],
      [false, 'VALIDATION_FAILED'],
    ]);
    const results = messagesOf(fake, 1).filter((m) => m.role === 'tool');
    expect(results).toHaveLength(4);
    expect(JSON.parse(results[0].content ?? '').error.details.map((d: { field: string }) => d.field).sort()).toEqual(['text', 'user_id']);
    expect(JSON.stringify(res.body)).not.toContain('secret-internal-detail');
    expect(probeCalls.map((call) => call.tool)).toEqual(['probe_fail']);
  });

  it(`stops running tools after ${MAX_TOOL_ROUNDS} rounds and makes the model answer in words`, async () => {
    fake.enqueue(...Array.from({ length: MAX_TOOL_ROUNDS }, () => reply.toolCalls({ name: 'probe_echo', arguments: { text: 'again' } })), reply.text('Enough.'));
    const res = await send(ada.token, { message: 'loop forever' });
    expect(res.status).toBe(200);
    expect(res.body.reply).toBe('Enough.');
    expect(res.body.toolRuns).toHaveLength(MAX_TOOL_ROUNDS);
    expect(fake.requests).toHaveLength(MAX_TOOL_ROUNDS + 1);
    expect(fake.requests.map((r) => r.body?.tool_choice)).toEqual([...Array(MAX_TOOL_ROUNDS).fill('auto'), 'none']);
  });

  it('answers 502 LLM_FAILED when the model fails, stores nothing, and never echoes the provider key', async () => {
    const before = await t.app.get(DataSource).query('SELECT count(*)::int AS n FROM assistant_conversations');
    fake.enqueue(reply.status(500, { echoAuthorization: true }));
    const res = await send(ada.token, { message: 'hello' });
    expect(res.status).toBe(502);
    expect(res.body.code).toBe('LLM_FAILED');
    expect(JSON.stringify(res.body)).not.toContain('sk-test-assistant-secret');
    const after = await t.app.get(DataSource).query('SELECT count(*)::int AS n FROM assistant_conversations');
    expect(after[0].n).toBe(before[0].n);
  });

  it('validates the request', async () => {
    for (const body of [{}, { message: '' }, { message: 'x', conversationId: 'nope' }, { message: 'x', user_id: bob.userId }]) {
      const res = await send(ada.token, body);
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status: 400, code: 'VALIDATION_FAILED' });
    }
    expect(fake.requests).toHaveLength(0);
  });
});

describe('the assistant endpoint without a configured model', () => {
  it('answers 503 LLM_NOT_CONFIGURED saying which variables to set', async () => {
    const t = await bootApp({ env: { LLM_BASE_URL: undefined, LLM_API_KEY: undefined } });
    try {
      const ada = await signUp(t, 'ada');
      const res = await t.http().post('/assistant/messages').set(...bearer(ada.token)).send({ message: 'hi' });
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('LLM_NOT_CONFIGURED');
      expect(res.body.message).toMatch(/LLM_API_KEY/);
      expect(res.body.message).toMatch(/LLM_BASE_URL/);
    } finally {
      await t.close();
    }
  });
});
