import { ConsoleLogger, Logger, type LoggerService } from '@nestjs/common';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../../src/core/config/app-config';
import type { EnhanceInput } from '../../../src/notes/enhancer/enhancement';
import { OfflineEnhancer } from '../../../src/notes/enhancer/offline.enhancer';
import { OpenAiLlmEnhancer } from '../../../src/notes/enhancer/openai-llm.enhancer';
import { buildEnhancePrompt } from '../../../src/notes/enhancer/openai/enhance-prompt';
import { LLM_ANSWER_JSON_SCHEMA } from '../../../src/notes/enhancer/openai/llm-answer.schema';
import { FakeOpenAi, reply } from '../../support/fake-openai';
import { expectEnhancementInvariants } from './support/invariants';

const API_KEY = 'sk-test-NEVER-LOG-THIS-4f1c2b';
const MODEL = 'test-model-mini';

const NOTE: EnhanceInput = {
  content: 'met sam re q3 budget. paid social too thin, move 10k from events?\n- [ ] send revised sheet fri',
};

const ANSWER = {
  title: 'Q3 budget with Sam',
  content: '# Q3 budget with Sam\n\nMet Sam about the Q3 budget: paid social is too thin; move 10k from events?\n\n- [ ] Send the revised sheet on Friday',
  type: 'meeting',
  tags: ['budget', 'paid-social', 'q3'],
  summary: 'Sam and I reviewed the Q3 budget and considered moving 10k from events to paid social.',
  keyTopics: ['Q3 budget', 'paid social'],
  actionItems: ['Send the revised budget sheet on Friday'],
  confidence: 0.8,
};

/** Records what Nest's Logger is given, to prove secrets stay out of it. */
class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];
  log = (...args: unknown[]) => this.lines.push(args.map(String).join(' '));
  error = (...args: unknown[]) => this.lines.push(args.map(String).join(' '));
  warn = (...args: unknown[]) => this.lines.push(args.map(String).join(' '));
  debug = (...args: unknown[]) => this.lines.push(args.map(String).join(' '));
  verbose = (...args: unknown[]) => this.lines.push(args.map(String).join(' '));
}

describe('OpenAiLlmEnhancer through the openai SDK against a fake OpenAI-compatible server', () => {
  let fake: FakeOpenAi;
  const logs = new CapturingLogger();
  const offline = new OfflineEnhancer();

  const enhancerWith = (env: Record<string, string> = {}) =>
    new OpenAiLlmEnhancer(
      loadConfig({ LLM_BASE_URL: fake.baseUrl, LLM_API_KEY: API_KEY, LLM_MODEL: MODEL, LLM_TIMEOUT_MS: '2000', ...env }),
      offline,
    );

  beforeAll(async () => {
    fake = await FakeOpenAi.start();
    Logger.overrideLogger(logs);
  });
  afterAll(async () => {
    Logger.overrideLogger(new ConsoleLogger());
    await fake.close();
  });
  beforeEach(() => {
    fake.reset();
    logs.lines.length = 0;
  });

  it('parses the structured answer into an enhancement', async () => {
    fake.enqueue(reply.answer(ANSWER));
    const result = await enhancerWith().enhance(NOTE);
    expect(result).toEqual({
      title: ANSWER.title,
      content: ANSWER.content,
      type: 'meeting',
      tags: ['budget', 'paid-social', 'q3'],
      summary: ANSWER.summary,
      keyTopics: ANSWER.keyTopics,
      actionItems: ANSWER.actionItems,
      confidence: 0.9,
      enhancer: 'openai',
      model: MODEL,
      truncated: false,
    });
    expectEnhancementInvariants(result);
    expect(fake.requests).toHaveLength(1);
  });

  it('asks with the configured model, the built prompt and a strict json_schema response format, sending the key', async () => {
    fake.enqueue(reply.answer(ANSWER));
    await enhancerWith().enhance({ ...NOTE, mode: 'structure' });
    const [request] = fake.requests;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(request.body?.model).toBe(MODEL);
    expect(request.body?.messages).toEqual(buildEnhancePrompt({ content: NOTE.content, mode: 'structure', truncated: false }).messages);
    expect(request.body?.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'note_enhancement', strict: true, schema: LLM_ANSWER_JSON_SCHEMA },
    });
  });

  it('keeps the user-given title, type and tags over the model proposal', async () => {
    fake.enqueue(reply.answer(ANSWER));
    const result = await enhancerWith().enhance({ ...NOTE, title: 'Budget', type: 'project', tags: ['Finance'] });
    expect(result.title).toBe('Budget');
    expect(result.type).toBe('project');
    expect(result.tags).toEqual(['finance', 'budget', 'paid-social']);
    expect(fake.requests[0].body?.messages?.[1].content).toContain('The user chose the type "project"');
  });

  it('normalises a sloppy but well-shaped answer: tags, summary length, confidence, title length', async () => {
    fake.enqueue(
      reply.answer({
        ...ANSWER,
        title: `A ${'very '.repeat(30)}long title`,
        tags: ['Machine Learning', 'machine-learning', 'AI', 'ml ops', 'data', 'python', 'jupyter'],
        summary: 'word '.repeat(80),
        confidence: 7,
      }),
    );
    const result = await enhancerWith().enhance(NOTE);
    expect(result.tags).toEqual(['machine-learning', 'ai', 'ml-ops', 'data', 'python']);
    expect(result.summary.length).toBeLessThanOrEqual(200);
    expect(result.title.length).toBeLessThanOrEqual(80);
    expect(result.confidence).toBe(1);
    expect(result.fallbackReason).toBeUndefined();
  });

  it('falls back to the offline enhancer on invalid JSON, saying why', async () => {
    fake.enqueue(reply.content('{"title": "Q3 budget", "type": '));
    const result = await enhancerWith().enhance(NOTE);
    expect(result).toEqual({ ...offline.enhanceNow(NOTE), fallbackReason: 'llm_invalid_json' });
    expect(result.enhancer).toBe('offline');
    expect(logs.lines.join('\n')).toContain('llm_invalid_json');
  });

  it('falls back when the answer does not match the schema, naming the fields', async () => {
    const { tags: _tags, ...noTags } = ANSWER;
    fake.enqueue(reply.answer({ ...noTags, type: 'recipe' }));
    const result = await enhancerWith().enhance(NOTE);
    expect(result.enhancer).toBe('offline');
    expect(result.fallbackReason).toMatch(/^llm_schema_mismatch:/);
    expect(result.fallbackReason!.split(':')[1].split(',').sort()).toEqual(['tags', 'type']);
  });

  it('accepts JSON wrapped in a Markdown fence (some compatible servers do that)', async () => {
    fake.enqueue(reply.content(`\`\`\`json\n${JSON.stringify(ANSWER)}\n\`\`\``));
    const result = await enhancerWith().enhance(NOTE);
    expect(result.enhancer).toBe('openai');
  });

  it('falls back on a refusal and on an answer cut off by the token limit', async () => {
    fake.enqueue(reply.refusal('I cannot help with that'), reply.content(JSON.stringify(ANSWER).slice(0, 40), 'length'));
    expect((await enhancerWith().enhance(NOTE)).fallbackReason).toBe('llm_refusal');
    expect((await enhancerWith().enhance(NOTE)).fallbackReason).toBe('llm_answer_cut_off');
  });

  it('retries a 500 as configured, then falls back; the key echoed by the server reaches neither the reason nor the logs', async () => {
    fake.always(reply.status(500, { echoAuthorization: true }));
    const result = await enhancerWith({ LLM_MAX_RETRIES: '1' }).enhance(NOTE);
    expect(result).toEqual({ ...offline.enhanceNow(NOTE), fallbackReason: 'llm_http_500' });
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[0].headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(logs.lines.length).toBeGreaterThan(0);
    expect(JSON.stringify(result)).not.toContain(API_KEY);
    expect(logs.lines.join('\n')).not.toContain(API_KEY);
    expect(logs.lines.join('\n')).not.toContain('NEVER-LOG');
  });

  it('does not retry a 400 and falls back', async () => {
    fake.always(reply.status(400, { echoAuthorization: true }));
    const result = await enhancerWith({ LLM_MAX_RETRIES: '3' }).enhance(NOTE);
    expect(result.fallbackReason).toBe('llm_http_400');
    expect(fake.requests).toHaveLength(1);
    expect(logs.lines.join('\n')).not.toContain(API_KEY);
  });

  it('gives up after LLM_TIMEOUT_MS on a server that hangs and falls back', async () => {
    fake.always(reply.hang());
    const result = await enhancerWith({ LLM_TIMEOUT_MS: '300', LLM_MAX_RETRIES: '0' }).enhance(NOTE);
    expect(result).toEqual({ ...offline.enhanceNow(NOTE), fallbackReason: 'llm_timeout' });
    expect(fake.requests).toHaveLength(1);
  });

  it('falls back when nothing listens at the base URL', async () => {
    const closed = await closedPort();
    const enhancer = new OpenAiLlmEnhancer(
      loadConfig({ LLM_BASE_URL: `http://127.0.0.1:${closed}/v1`, LLM_API_KEY: API_KEY, LLM_MAX_RETRIES: '0' }),
      offline,
    );
    const result = await enhancer.enhance(NOTE);
    expect(result.fallbackReason).toBe('llm_unreachable');
    expect(logs.lines.join('\n')).not.toContain(API_KEY);
  });

  it('works without a key (Ollama): a base URL alone is enough', async () => {
    fake.enqueue(reply.answer(ANSWER));
    const enhancer = new OpenAiLlmEnhancer(loadConfig({ LLM_BASE_URL: fake.baseUrl }), offline);
    const result = await enhancer.enhance(NOTE);
    expect(result.enhancer).toBe('openai');
    expect(fake.requests[0].body?.model).toBe('gpt-4o-mini');
  });

  describe('long content', () => {
    const paragraphs = Array.from({ length: 6 }, (_, i) => `Paragraph ${i + 1}: ${'lorem ipsum dolor sit amet '.repeat(8).trim()}.`);
    const long = paragraphs.join('\n\n');

    it('sends only the head, cut at a paragraph, and returns the rewrite of the head followed by the untouched tail', async () => {
      const rewrittenHead = `# Notes\n\n${paragraphs.slice(0, 2).join('\n\n')}`;
      fake.enqueue(reply.answer({ ...ANSWER, content: rewrittenHead }));
      const result = await enhancerWith({ LLM_MAX_INPUT_CHARS: '500' }).enhance({ content: long });
      const sent = fake.requests[0].body?.messages?.[1].content ?? '';
      expect(sent).toContain('Paragraph 2:');
      expect(sent).not.toContain('Paragraph 3:');
      expect(sent).toContain('only the first part of a longer note');
      expect(result.truncated).toBe(true);
      expect(result.content).toBe(`${rewrittenHead}\n\n${paragraphs.slice(2).join('\n\n')}`);
      for (const paragraph of paragraphs) expect(result.content).toContain(paragraph);
    });

    it('keeps the note itself when the model returns a rewrite that lost most of it', async () => {
      fake.enqueue(reply.answer({ ...ANSWER, content: 'A short summary instead of the note.' }));
      const result = await enhancerWith({ LLM_MAX_INPUT_CHARS: '500' }).enhance({ content: long });
      expect(result.enhancer).toBe('openai');
      expect(result.content).toBe(long);
    });

    it('falls back with the whole note (not truncated) when the LLM fails', async () => {
      fake.always(reply.status(503));
      const result = await enhancerWith({ LLM_MAX_INPUT_CHARS: '500', LLM_MAX_RETRIES: '0' }).enhance({ content: long });
      expect(result.truncated).toBe(false);
      expect(result.content).toBe(long);
      expect(result.fallbackReason).toBe('llm_http_503');
    });
  });

  it('leaves the content as given in tags mode, whatever the model answers', async () => {
    fake.enqueue(reply.answer({ ...ANSWER, content: '' }));
    const result = await enhancerWith().enhance({ ...NOTE, mode: 'tags' });
    expect(result.content).toBe(NOTE.content);
    expect(result.tags).toEqual(ANSWER.tags);
  });
});

async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
