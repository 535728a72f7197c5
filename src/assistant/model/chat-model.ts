import type {
  ChatCompletionMessage,
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from 'openai/resources/chat/completions';

export interface ChatRequest {
  messages: ChatCompletionMessageParam[];
  tools: ChatCompletionTool[];
  /** 'none' forces a text answer (used once the step budget is spent). */
  toolChoice: 'auto' | 'none';
}

/** The port to a chat model with function calling. Throws LlmFailedError when the model does not answer. */
export abstract class ChatModel {
  abstract complete(request: ChatRequest): Promise<ChatCompletionMessage>;
}
