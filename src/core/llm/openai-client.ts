import OpenAI from 'openai';
import type { AppConfig } from '../config/app-config';

/** Local OpenAI-compatible servers (Ollama, vLLM) take no key, but the SDK refuses to start without one. */
const NO_KEY = 'no-key';

/**
 * The one way the product builds an `openai` client from the `llm` settings. Every option the SDK would
 * otherwise read from OPENAI_* environment variables is given explicitly, timeouts and retries included,
 * and the SDK's own logging is off (its lines can hold request details; callers log a sanitised line).
 */
export function createOpenAiClient(llm: AppConfig['llm']): OpenAI {
  return new OpenAI({
    apiKey: llm.apiKey ?? NO_KEY,
    baseURL: llm.baseUrl ?? 'https://api.openai.com/v1',
    organization: null,
    project: null,
    webhookSecret: null,
    timeout: llm.timeoutMs,
    maxRetries: llm.maxRetries,
    logLevel: 'off',
  });
}
