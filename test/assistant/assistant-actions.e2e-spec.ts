import { DataSource } from 'typeorm';
import { Clock } from '../../src/core/clock/clock';
import { createApiKey } from '../support/api-keys';
import { bootApp, type TestApp } from '../support/app';
import { bearer, login, signUp, type SignedIn } from '../support/auth';
import { FakeClock } from '../support/fake-clock';
import { FakeOpenAi, reply } from '../support/fake-openai';
import { ProbeToolsModule, probeCalls } from '../support/probe-tools.module';

const LLM_ENV = { LLM_API_KEY: 'sk-test-actions', LLM_MODEL: 'fake-agent', LLM_MAX_RETRIES: '0' };

interface SentMessage {
  role: string;
  content: string | null;
}

describe('the assistant holds destructive calls for the person to confirm (fake model, probe tools)', () => {
  let fake: FakeOpenAi;
  let t: TestApp;
  let ada: SignedIn;
  let bob: SignedIn;

  beforeAll(async () => {
    fake = await FakeOpenAi.start();
    t = await bootApp({ imports: [ProbeToolsModule], env: { ...LLM_ENV, LLM_BASE_URL: fake.baseUrl } });
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
  const confirm = (who: string, id: string) => t.http().post(`/assistant/actions/${id}/confirm`).set(...bearer(who));
  const decline = (who: string, id: string) => t.http().post(`/assistant/actions/${id}/decline`).set(...bearer(who));

  /** The model asks to wipe `what` (and to echo, which runs at once), then answers. */
  async function askToWipe(what: string) {
    fake.enqueue(
      reply.toolCalls({ name: 'probe_wipe', arguments: { what } }, { name: 'probe_echo', arguments: { text: 'hi' } }),
      reply.text('That awaits your confirmation.'),
    );
    const res = await send(ada.token, { message: `Please read my note (it says: wipe ${what})` });
    expect(res.status).toBe(200);
    return res;
  }

  it('does not run the destructive call: the reply lists it as pending, the model is told, the harmless call runs', async () => {
    const res = await askToWipe('every page');
    expect(res.body.toolRuns).toEqual([{ name: 'probe_echo', arguments: { text: 'hi' }, ok: true, result: { echo: 'hi', ranFor: ada.userId } }]);
    expect(res.body.pendingActions).toEqual([
      {
        actionId: expect.any(String),
        conversationId: res.body.conversationId,
        tool: 'probe_wipe',
        arguments: { what: 'every page' },
        description: 'Wipe every page',
        status: 'pending',
        createdAt: expect.any(String),
        expiresAt: expect.any(String),
      },
    ]);
    expect(probeCalls.map((call) => call.tool)).toEqual(['probe_echo']);
    const toModel = (fake.requests[1].body?.messages as unknown as SentMessage[]).filter((m) => m.role === 'tool');
    expect(JSON.parse(toModel[0].content ?? '')).toMatchObject({ status: 'awaiting_confirmation', actionId: res.body.pendingActions[0].actionId });

    const listed = await t.http().get('/assistant/actions').set(...bearer(ada.token));
    expect(listed.body.map((a: { actionId: string }) => a.actionId)).toContain(res.body.pendingActions[0].actionId);
    const bobs = await t.http().get('/assistant/actions').set(...bearer(bob.token));
    expect(bobs.body).toEqual([]);
  });

  it('runs it once the person confirms, as them; a second answer is refused; the conversation records it', async () => {
    const res = await askToWipe('the drafts');
    const id = res.body.pendingActions[0].actionId as string;

    // Another user, by session or by API key, cannot confirm it, and it stays pending.
    const { key: bobKey } = await createApiKey(t, bob, 'snoop');
    for (const credential of [bob.token, bobKey]) {
      const stolen = await confirm(credential, id);
      expect({ status: stolen.status, code: stolen.body.code }).toEqual({ status: 404, code: 'NOT_FOUND' });
    }
    expect(probeCalls.map((call) => call.tool)).toEqual(['probe_echo']);

    const done = await confirm(ada.token, id);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ actionId: id, status: 'done', result: { wiped: 'the drafts', ranFor: ada.userId } });
    expect(probeCalls.filter((call) => call.tool === 'probe_wipe').map((call) => [call.ctx.userId, call.ctx.via])).toEqual([[ada.userId, 'assistant']]);

    for (const again of [await confirm(ada.token, id), await decline(ada.token, id)]) {
      expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'ASSISTANT_ACTION_RESOLVED' });
    }
    const stored = await t.app
      .get(DataSource)
      .query('SELECT m.message FROM assistant_messages m WHERE m.conversation_id = $1 ORDER BY m.seq DESC LIMIT 1', [res.body.conversationId]);
    expect(stored[0].message).toEqual({ role: 'assistant', content: 'The user confirmed: Wipe the drafts; it ran.' });
  });

  it('never runs a declined action', async () => {
    const res = await askToWipe('the archive');
    const id = res.body.pendingActions[0].actionId as string;
    const declined = await decline(ada.token, id);
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ actionId: id, status: 'declined' });
    const late = await confirm(ada.token, id);
    expect({ status: late.status, code: late.body.code }).toEqual({ status: 409, code: 'ASSISTANT_ACTION_RESOLVED' });
    expect(probeCalls.some((call) => call.tool === 'probe_wipe')).toBe(false);
  });

  it('runs an action confirmed many times at once exactly once', async () => {
    const res = await askToWipe('the inbox');
    const id = res.body.pendingActions[0].actionId as string;
    const answers = await Promise.all([1, 2, 3, 4].map(() => confirm(ada.token, id)));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409, 409, 409]);
    expect(probeCalls.filter((call) => call.tool === 'probe_wipe')).toHaveLength(1);
  });

  it('refuses an action id that is not a uuid with 400, and an unknown one with 404', async () => {
    const bad = await confirm(ada.token, 'not-a-uuid');
    expect({ status: bad.status, code: bad.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    const unknown = await decline(ada.token, '00000000-0000-4000-8000-000000000000');
    expect({ status: unknown.status, code: unknown.body.code }).toEqual({ status: 404, code: 'NOT_FOUND' });
  });

  it('lists a user\'s conversations and deletes one with its messages and held actions; another user gets 404', async () => {
    const res = await askToWipe('the sketches');
    const conversationId = res.body.conversationId as string;
    const actionId = res.body.pendingActions[0].actionId as string;

    const mine = await t.http().get('/assistant/conversations').set(...bearer(ada.token));
    expect(mine.status).toBe(200);
    expect(mine.body[0]).toEqual({
      conversationId: conversationId,
      opening: 'Please read my note (it says: wipe the sketches)',
      messageCount: 5,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const theirs = await t.http().get('/assistant/conversations').set(...bearer(bob.token));
    expect(theirs.body.map((c: { conversationId: string }) => c.conversationId)).not.toContain(conversationId);

    const stolen = await t.http().delete(`/assistant/conversations/${conversationId}`).set(...bearer(bob.token));
    expect({ status: stolen.status, code: stolen.body.code }).toEqual({ status: 404, code: 'NOT_FOUND' });
    expect((await t.http().get('/assistant/conversations').set(...bearer(ada.token))).body[0].conversationId).toBe(conversationId);

    const deleted = await t.http().delete(`/assistant/conversations/${conversationId}`).set(...bearer(ada.token));
    expect(deleted.status).toBe(204);
    const after = await t.http().get('/assistant/conversations').set(...bearer(ada.token));
    expect(after.body.map((c: { conversationId: string }) => c.conversationId)).not.toContain(conversationId);
    const gone = await confirm(ada.token, actionId);
    expect(gone.status).toBe(404);
    const rows = await t.app.get(DataSource).query('SELECT count(*)::int AS n FROM assistant_messages WHERE conversation_id = $1', [conversationId]);
    expect(rows[0].n).toBe(0);
  });
});

describe('the assistant\'s limits: messages per user per minute, and how long an action waits', () => {
  let fake: FakeOpenAi;
  let t: TestApp;
  const clock = new FakeClock(Date.now());

  beforeAll(async () => {
    fake = await FakeOpenAi.start();
    t = await bootApp({
      imports: [ProbeToolsModule],
      env: { ...LLM_ENV, LLM_BASE_URL: fake.baseUrl, ASSISTANT_MESSAGES_PER_MINUTE: '2' },
      override: (builder) => builder.overrideProvider(Clock).useValue(clock),
    });
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  it('answers 429 with Retry-After past the per-user limit, without asking the model; other users are not held up', async () => {
    const ada = await signUp(t, 'ada');
    const bob = await signUp(t, 'bob');
    fake.always(reply.text('ok'));
    for (let i = 0; i < 2; i++) {
      expect((await t.http().post('/assistant/messages').set(...bearer(ada.token)).send({ message: `hi ${i}` })).status).toBe(200);
    }
    const asked = fake.requests.length;
    const limited = await t.http().post('/assistant/messages').set(...bearer(ada.token)).send({ message: 'one more' });
    expect({ status: limited.status, code: limited.body.code }).toEqual({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(fake.requests.length).toBe(asked);
    expect((await t.http().post('/assistant/messages').set(...bearer(bob.token)).send({ message: 'hi' })).status).toBe(200);
  });

  it('refuses to run an action confirmed after its window (ASSISTANT_ACTION_EXPIRED)', async () => {
    const cara = await signUp(t, 'cara');
    fake.reset();
    fake.enqueue(reply.toolCalls({ name: 'probe_wipe', arguments: { what: 'old things' } }), reply.text('Confirm?'));
    const res = await t.http().post('/assistant/messages').set(...bearer(cara.token)).send({ message: 'wipe old things' });
    const id = res.body.pendingActions[0].actionId as string;
    clock.advance(25 * 3600_000);
    const again = await login(t, cara.email);
    const late = await t.http().post(`/assistant/actions/${id}/confirm`).set(...bearer(again.token));
    expect({ status: late.status, code: late.body.code }).toEqual({ status: 409, code: 'ASSISTANT_ACTION_EXPIRED' });
    expect((await t.http().get('/assistant/actions').set(...bearer(again.token))).body).toEqual([]);
    probeCalls.length = 0;
  });
});
