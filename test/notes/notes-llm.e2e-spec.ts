import type { TestApp } from '../support/app';
import { FakeOpenAi, reply } from '../support/fake-openai';
import { startOAuthWorld, type OAuthWorld } from '../oauth/support/oauth-world';
import { FAST_SYNC_ENV, connectedPerson, postNote, sandboxRows, type ConnectedPerson } from './support/notes-world';

const ANSWER = {
  title: 'Q3 budget with Sam',
  content: 'Met Sam about the Q3 budget.\n\n- [ ] Send the revised sheet on Friday',
  type: 'meeting',
  tags: ['budget', 'paid-social', 'q3'],
  summary: 'Sam and I reviewed the Q3 budget.',
  keyTopics: ['Q3 budget'],
  actionItems: ['Send the revised budget sheet on Friday'],
  confidence: 0.8,
};

const RAW = 'met sam re q3 budget. todo send revised sheet friday';

describe('POST /notes with an OpenAI-compatible LLM (the openai SDK against a fake server)', () => {
  let world: OAuthWorld;
  let fake: FakeOpenAi;
  let t: TestApp;
  let person: ConnectedPerson;

  beforeAll(async () => {
    fake = await FakeOpenAi.start();
    world = await startOAuthWorld();
    t = await world.boot({ ...FAST_SYNC_ENV, LLM_BASE_URL: fake.baseUrl, LLM_API_KEY: 'sk-test-notes', LLM_TIMEOUT_MS: '2000', LLM_MAX_RETRIES: '0' });
    person = await connectedPerson(t, world, 'llm');
  });
  afterAll(async () => {
    await world.close();
    await fake.close();
  });
  beforeEach(() => fake.reset());

  it('structured output is used for the note and its Notion row', async () => {
    fake.enqueue(reply.answer(ANSWER));
    const res = await postNote(t, person, { content: RAW });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ title: ANSWER.title, type: 'meeting', tags: ANSWER.tags, summary: ANSWER.summary, enhancement: { enhancer: 'openai', fallbackReason: null } });
    expect(fake.requests).toHaveLength(1);
    const row = (await sandboxRows(t, world, person.integrationId)).find((r) => r.noteId === res.body.id);
    expect(row?.title).toBe(ANSWER.title);
  });

  it.each([
    ['invalid JSON', () => fake.always(reply.content('{"title": "cut')), 'llm_invalid_json'],
    ['a 500', () => fake.always(reply.status(500)), 'llm_http_500'],
    ['a timeout', () => fake.always(reply.hang()), 'llm_timeout'],
  ])('%s falls back to the offline enhancer; the note is saved and synced', async (_label, script, reason) => {
    script();
    const res = await postNote(t, person, { content: RAW });
    expect(res.status).toBe(201);
    expect(res.body.enhancement).toMatchObject({ enhancer: 'offline', fallbackReason: reason });
    expect(res.body.originalContent).toBe(RAW);
    expect((await sandboxRows(t, world, person.integrationId)).filter((r) => r.noteId === res.body.id)).toHaveLength(1);
  });
});
