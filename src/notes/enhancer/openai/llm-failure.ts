import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';

/**
 * Why an LLM answer was not used. The reason is built only from fixed words, HTTP status codes and field
 * names of our own schema, never from text the endpoint or the SDK produced, so it cannot carry a key, a
 * URL with credentials or a piece of the note.
 */
export type LlmFailureReason =
  | 'llm_timeout'
  | 'llm_unreachable'
  | 'llm_aborted'
  | `llm_http_${number}`
  | 'llm_refusal'
  | 'llm_answer_cut_off'
  | 'llm_empty_answer'
  | 'llm_invalid_json'
  | `llm_schema_mismatch:${string}`
  | 'llm_error';

/** An answer that came back but cannot be used. */
export class LlmAnswerError extends Error {
  constructor(readonly reason: LlmFailureReason) {
    super(reason);
    this.name = 'LlmAnswerError';
  }
}

/**
 * `elapsedMs` and `timeoutMs` tell a timeout the SDK could not recognise (it says itself that some fetch
 * implementations give too little to go on) from a refused connection: one that failed only after the
 * whole timeout is a timeout.
 */
export function failureReason(error: unknown, timing?: { elapsedMs: number; timeoutMs: number }): LlmFailureReason {
  if (error instanceof LlmAnswerError) return error.reason;
  // Order matters: the timeout error is a connection error, and both are API errors without a status.
  if (error instanceof APIConnectionTimeoutError) return 'llm_timeout';
  if (error instanceof APIUserAbortError) return 'llm_aborted';
  if (error instanceof APIConnectionError) {
    return timing && timing.elapsedMs >= timing.timeoutMs ? 'llm_timeout' : 'llm_unreachable';
  }
  if (error instanceof APIError && typeof error.status === 'number') return `llm_http_${error.status}`;
  return 'llm_error';
}

/** "llm_schema_mismatch:type,tags" from the paths zod reports (our own field names and indexes). */
export function schemaMismatch(paths: ReadonlyArray<ReadonlyArray<PropertyKey>>): LlmFailureReason {
  const fields = [...new Set(paths.map((path) => (path.length ? String(path[0]) : 'root')))]
    .map((field) => field.replace(/[^A-Za-z0-9_]/g, ''))
    .slice(0, 5);
  return `llm_schema_mismatch:${fields.join(',')}`;
}
