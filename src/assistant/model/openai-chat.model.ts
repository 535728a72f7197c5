import { Injectable, Logger } from '@nestjs/common';
import OpenAI from 'openai';
import type { ChatCompletionMessage } from 'openai/resources/chat/completions';
import { createOpenAiClient } from '../../core/llm/openai-client';
import { AppConfig } from '../../core/config/app-config';
import { LlmFailedError } from '../assistant.errors';
import { ChatModel, type ChatRequest } from './chat-model';


/** Any OpenAI-compatible chat endpoint with function calling, configured by the `llm` settings. */
@Injectable()
export class OpenAiChatModel extends ChatModel {
  private readonly logger = new Logger(OpenAiChatModel.name);
  private readonly client: OpenAI;

  constructor(private readonly config: AppConfig) {
    super();
    this.client = createOpenAiClient(config.llm);
  }

  async complete(request: ChatRequest): Promise<ChatCompletionMessage> {
    let message: ChatCompletionMessage | undefined;
    try {
      const completion = await this.client.chat.completions.create({
        model: this.config.llm.model,
        messages: request.messages,
        ...(request.tools.length > 0 ? { tools: request.tools, tool_choice: request.toolChoice } : {}),
      });
      message = completion.choices?.[0]?.message;
    } catch (error) {
      const reason = reasonOf(error);
      this.logger.warn(`The assistant's model failed (${reason})`);
      throw new LlmFailedError(reason, error);
    }
    if (!message) throw new LlmFailedError('llm_empty_answer');
    return message;
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof OpenAI.APIConnectionTimeoutError) return 'llm_timeout';
  if (error instanceof OpenAI.APIConnectionError) return 'llm_unreachable';
  if (error instanceof OpenAI.APIError && error.status) return `llm_http_${error.status}`;
  return 'llm_error';
}
