import { loadConfig } from '../../../src/core/config/app-config';
import type { EnhanceInput } from '../../../src/notes/enhancer/enhancement';
import type { LlmEnhancer } from '../../../src/notes/enhancer/llm-enhancer';
import { OfflineEnhancer } from '../../../src/notes/enhancer/offline.enhancer';
import { OpenAiLlmEnhancer } from '../../../src/notes/enhancer/openai-llm.enhancer';
import { FakeOpenAi, reply } from '../../support/fake-openai';
import { expectEnhancementInvariants } from './support/invariants';

/** A generic, well-formed model answer: the contract must hold whatever the note. */
const MODEL_ANSWER = {
  title: 'Planning notes',
  content: '',
  type: 'project',
  tags: ['planning', 'roadmap', 'team'],
  summary: 'Planning notes for the next quarter.',
  keyTopics: ['planning'],
  actionItems: [],
  confidence: 0.7,
};

const INPUTS: Array<[string, EnhanceInput]> = [
  ['a plain note', { content: 'Roadmap review tomorrow. Bring the Q3 numbers and the hiring plan.' }],
  ['a note with user fields', { content: '# Groceries\n- milk\n- eggs', title: 'Shopping', type: 'personal', tags: ['food'] }],
  ['a one-word note', { content: 'hmm' }],
  ['summary mode', { content: 'We shipped the importer. Next: exporter.', mode: 'summary' }],
];

/** The LlmEnhancer contract, run against both adapters (the model's answer comes from the fake server). */
describe.each([
  ['OfflineEnhancer', 'offline'],
  ['OpenAiLlmEnhancer', 'openai'],
] as const)('%s keeps the LlmEnhancer contract', (_name, kind) => {
  let fake: FakeOpenAi;
  let enhancer: LlmEnhancer;

  beforeAll(async () => {
    fake = await FakeOpenAi.start();
    fake.always(reply.answer(MODEL_ANSWER));
    enhancer =
      kind === 'offline'
        ? new OfflineEnhancer()
        : new OpenAiLlmEnhancer(loadConfig({ LLM_BASE_URL: fake.baseUrl, LLM_API_KEY: 'sk-contract' }), new OfflineEnhancer());
  });
  afterAll(() => fake.close());

  it.each(INPUTS)('on %s: well-formed fields, user fields kept, named enhancer, no fallback', async (_label, input) => {
    const result = await enhancer.enhance(input);
    expectEnhancementInvariants(result, { userTitle: Boolean(input.title) });
    expect(result.enhancer).toBe(kind);
    expect(result.fallbackReason).toBeUndefined();
    expect(result.truncated).toBe(false);
    if (input.title) expect(result.title).toBe(input.title);
    if (input.type) expect(result.type).toBe(input.type);
    if (input.tags) expect(result.tags[0]).toBe(input.tags[0]);
    if (input.mode === 'summary' || input.mode === 'tags') expect(result.content).toBe(input.content);
    if (kind === 'offline') expect(result.confidence).toBeLessThan(0.5);
    else expect(result.confidence).toBeGreaterThanOrEqual(0.5);
  });
});
