import { DomainError } from '../core/errors/domain-error';

export class LlmNotConfiguredError extends DomainError {
  constructor() {
    super(
      'LLM_NOT_CONFIGURED',
      'No language model is configured. Set LLM_API_KEY (OpenAI) or LLM_BASE_URL (any OpenAI-compatible endpoint, ' +
        'e.g. Ollama at http://localhost:11434/v1), and LLM_MODEL, then restart the service.',
    );
  }
}

/** The configured model failed; the reason is a short code, never the provider's message (it may echo secrets). */
export class LlmFailedError extends DomainError {
  constructor(readonly reason: string, cause?: unknown) {
    super('LLM_FAILED', `The language model did not answer (${reason}); try again shortly.`, { cause });
  }
}

export class AssistantActionResolvedError extends DomainError {
  constructor(status: string) {
    super('ASSISTANT_ACTION_RESOLVED', `This action was already ${status === 'declined' ? 'declined' : 'confirmed'}.`);
  }
}

export class AssistantActionExpiredError extends DomainError {
  constructor(hours: number) {
    super('ASSISTANT_ACTION_EXPIRED', `This action waited more than ${hours} hours for confirmation; ask the assistant again.`);
  }
}
