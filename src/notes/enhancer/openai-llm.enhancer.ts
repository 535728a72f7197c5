import { Injectable, Logger } from '@nestjs/common';
import OpenAI from 'openai';
import type { ChatCompletion } from 'openai/resources/chat/completions';
import { createOpenAiClient } from '../../core/llm/openai-client';
import { AppConfig } from '../../core/config/app-config';
import type { EnhanceInput, Enhancement } from './enhancement';
import { LlmEnhancer } from './llm-enhancer';
import { clampSummary, clampTitle, cleanList, mergeTags } from './note-fields';
import { OfflineEnhancer } from './offline.enhancer';
import { cleanMarkdown } from './offline/markdown-cleaner';
import { wordsOf } from './offline/note-text';
import { splitForModel } from './openai/content-split';
import { buildEnhancePrompt } from './openai/enhance-prompt';
import { LLM_ANSWER_JSON_SCHEMA, LLM_ANSWER_SCHEMA_NAME, llmAnswerSchema, type LlmAnswer } from './openai/llm-answer.schema';
import { failureReason, LlmAnswerError, schemaMismatch } from './openai/llm-failure';

/** A rewrite that keeps fewer of the note's words than this is taken as lossy and not used for content. */
const MIN_WORDS_KEPT = 0.6;

/**
 * Enhancement by any OpenAI-compatible chat endpoint (OpenAI, Ollama, vLLM) with JSON-schema structured
 * output, validated again with zod. Timeout and retries come from config (the SDK's own defaults are 10
 * minutes and 2 retries).
 *
 * Long notes: only the first LLM_MAX_INPUT_CHARS (cut at a paragraph boundary) are sent. The returned
 * content is the model's rewrite of that head followed by the rest exactly as written, and `truncated` is
 * true; title, type, tags and summary then describe the head.
 *
 * Any failure (connection, timeout, HTTP error, refusal, invalid JSON, wrong shape) yields the offline
 * enhancement of the whole note with `fallbackReason` set to a short code; `enhance` never rejects for them.
 */
@Injectable()
export class OpenAiLlmEnhancer extends LlmEnhancer {
  private readonly logger = new Logger(OpenAiLlmEnhancer.name);
  private readonly client: OpenAI;

  constructor(
    private readonly config: AppConfig,
    private readonly offline: OfflineEnhancer,
  ) {
    super();
    this.client = createOpenAiClient(config.llm);
  }

  async enhance(input: EnhanceInput): Promise<Enhancement> {
    const mode = input.mode ?? 'all';
    const { head, tail } = splitForModel(input.content, this.config.llm.maxInputChars);
    const truncated = tail.length > 0;
    let answer: LlmAnswer;
    let model: string;
    const started = Date.now();
    try {
      const prompt = buildEnhancePrompt({ content: head, title: input.title, type: input.type, tags: input.tags, mode, truncated });
      const completion = await this.client.chat.completions.create({
        model: this.config.llm.model,
        messages: prompt.messages,
        temperature: 0.2,
        response_format: {
          type: 'json_schema',
          json_schema: { name: LLM_ANSWER_SCHEMA_NAME, strict: true, schema: LLM_ANSWER_JSON_SCHEMA },
        },
      });
      answer = parseAnswer(completion);
      model = completion.model || this.config.llm.model;
    } catch (error) {
      const reason = failureReason(error, { elapsedMs: Date.now() - started, timeoutMs: this.config.llm.timeoutMs });
      this.logger.warn(`LLM enhancement failed (${reason}); the offline enhancer answered instead`);
      return { ...this.offline.enhanceNow(input), fallbackReason: reason };
    }

    const title = input.title?.trim() || clampTitle(answer.title) || this.offline.enhanceNow(input).title;
    const type = input.type ?? answer.type;
    const rewrites = mode === 'all' || mode === 'structure';
    const headContent = rewrites ? keptRewrite(head, answer.content) : head;
    return {
      title,
      content: rewrites && truncated ? `${headContent.trimEnd()}\n\n${tail}` : rewrites ? headContent : input.content,
      type,
      tags: mergeTags(input.tags, answer.tags, type),
      summary: clampSummary(answer.summary) || clampSummary(title),
      keyTopics: cleanList(answer.keyTopics, 5),
      actionItems: cleanList(answer.actionItems),
      confidence: Math.round((0.5 + 0.5 * clamp01(answer.confidence)) * 100) / 100,
      enhancer: 'openai',
      model,
      truncated,
    };
  }
}

function parseAnswer(completion: ChatCompletion): LlmAnswer {
  const choice = completion.choices?.[0];
  if (!choice) throw new LlmAnswerError('llm_empty_answer');
  if (choice.message.refusal) throw new LlmAnswerError('llm_refusal');
  if (choice.finish_reason === 'length') throw new LlmAnswerError('llm_answer_cut_off');
  const text = choice.message.content?.trim();
  if (!text) throw new LlmAnswerError('llm_empty_answer');
  let json: unknown;
  try {
    // Some compatible servers wrap the JSON in a Markdown fence even in JSON mode.
    json = JSON.parse(text.replace(/^```(?:json)?\s*\n([\s\S]*?)\n?```$/, '$1'));
  } catch {
    throw new LlmAnswerError('llm_invalid_json');
  }
  const parsed = llmAnswerSchema.safeParse(json);
  if (!parsed.success) throw new LlmAnswerError(schemaMismatch(parsed.error.issues.map((issue) => issue.path)));
  return parsed.data;
}

/**
 * The model's rewrite, unless it dropped much of the note (a summary instead of a rewrite, or an empty
 * answer): then the note itself, lightly tidied. The original content is never replaced by less of itself.
 */
function keptRewrite(original: string, rewrite: string): string {
  const source = new Set(wordsOf(original.toLowerCase()));
  if (source.size === 0) return rewrite.trim() || original;
  const kept = new Set(wordsOf(rewrite.toLowerCase()));
  let found = 0;
  for (const word of source) if (kept.has(word)) found++;
  return found / source.size >= MIN_WORDS_KEPT ? rewrite.trim() : cleanMarkdown(original);
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}
