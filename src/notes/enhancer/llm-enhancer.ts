import type { EnhanceInput, Enhancement } from './enhancement';

/**
 * Turns raw note text into a titled, typed, tagged, summarised note. Bound by NotesEnhancerModule to the
 * OpenAI-compatible adapter when an LLM is configured, else to the offline enhancer.
 *
 * Never rejects because of the LLM: a failed, slow or malformed answer yields the offline enhancement with
 * `fallbackReason` set.
 */
export abstract class LlmEnhancer {
  abstract enhance(input: EnhanceInput): Promise<Enhancement>;
}
