import { DomainError } from '../core/errors/domain-error';
import { registerErrorStatus } from '../core/errors/error-codes';

/** The assistant's error codes and their HTTP statuses. */
export const ASSISTANT_ERROR_STATUS = registerErrorStatus({
  LLM_NOT_CONFIGURED: 503,
  // The configured model failed (unreachable, timed out, answered with an error or nonsense).
  LLM_FAILED: 502,
  // A held assistant action that was already confirmed or declined.
  ASSISTANT_ACTION_RESOLVED: 409,
  // A held assistant action older than its confirmation window: ask the assistant again.
  ASSISTANT_ACTION_EXPIRED: 409,
});

declare module '../core/errors/error-codes' {
  interface ErrorStatusMaps {
    assistant: typeof ASSISTANT_ERROR_STATUS;
  }
}

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
