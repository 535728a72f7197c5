import { Test } from '@nestjs/testing';
import { loadConfig } from '../../../src/core/config/app-config';
import { ConfigModule } from '../../../src/core/config/config.module';
import { NotesEnhancerModule } from '../../../src/notes/enhancer/enhancer.module';
import { LlmEnhancer } from '../../../src/notes/enhancer/llm-enhancer';
import { OfflineEnhancer } from '../../../src/notes/enhancer/offline.enhancer';
import { OpenAiLlmEnhancer } from '../../../src/notes/enhancer/openai-llm.enhancer';

async function enhancerFor(env: Record<string, string>): Promise<LlmEnhancer> {
  const moduleRef = await Test.createTestingModule({
    imports: [ConfigModule.forRoot(loadConfig(env)), NotesEnhancerModule],
  }).compile();
  return moduleRef.get(LlmEnhancer);
}

describe('LLM settings', () => {
  it('default to the offline enhancer with explicit timeout and retries', () => {
    const { llm } = loadConfig({});
    expect(llm).toEqual({
      configured: false,
      baseUrl: undefined,
      apiKey: undefined,
      model: 'gpt-4o-mini',
      timeoutMs: 20000,
      maxRetries: 1,
      maxInputChars: 8000,
    });
  });

  it('count as configured with a key or a base URL alone, and trim a trailing slash', () => {
    expect(loadConfig({ LLM_API_KEY: 'sk-x' }).llm.configured).toBe(true);
    const local = loadConfig({ LLM_BASE_URL: 'http://localhost:11434/v1/', LLM_API_KEY: '' }).llm;
    expect(local.configured).toBe(true);
    expect(local.baseUrl).toBe('http://localhost:11434/v1');
    expect(local.apiKey).toBeUndefined();
  });

  it('name bad LLM variables without echoing the values', () => {
    expect(() => loadConfig({ LLM_BASE_URL: 'ftp://secret-host', LLM_TIMEOUT_MS: '0', LLM_MAX_RETRIES: '-1' })).toThrow(
      /LLM_BASE_URL.*LLM_TIMEOUT_MS.*LLM_MAX_RETRIES/,
    );
    expect(() => loadConfig({ LLM_BASE_URL: 'ftp://secret-host' })).not.toThrow(/secret-host/);
  });
});

describe('NotesEnhancerModule', () => {
  it('binds the port to the offline enhancer when no LLM is configured', async () => {
    expect(await enhancerFor({})).toBeInstanceOf(OfflineEnhancer);
  });

  it('binds the port to the OpenAI-compatible adapter with a key or a base URL', async () => {
    expect(await enhancerFor({ LLM_API_KEY: 'sk-test' })).toBeInstanceOf(OpenAiLlmEnhancer);
    expect(await enhancerFor({ LLM_BASE_URL: 'http://127.0.0.1:11434/v1' })).toBeInstanceOf(OpenAiLlmEnhancer);
  });
});
