import { z } from 'zod';
import { NOTE_TYPES, SUMMARY_MAX_CHARS, TAGS_MAX, TAGS_MIN, TITLE_MAX_CHARS } from '../enhancement';

/**
 * What the model must answer. Only the structure is enforced here (and by the endpoint in strict mode);
 * lengths and counts are stated in the descriptions and enforced afterwards by normalising, because strict
 * structured output on OpenAI-compatible servers (vLLM, Ollama) supports few size keywords, and a summary of
 * 205 characters is worth clamping, not discarding.
 */
export const llmAnswerSchema = z
  .object({
    title: z.string().describe(`A clear, specific title, at most ${TITLE_MAX_CHARS} characters.`),
    content: z
      .string()
      .describe(
        'The note rewritten as clean Markdown with headings, lists and to-do checkboxes where they help. Keep every fact, name, number and link; do not add facts. Empty string when told not to rewrite.',
      ),
    type: z.enum(NOTE_TYPES).describe('The kind of note.'),
    tags: z
      .array(z.string())
      .describe(`${TAGS_MIN} to ${TAGS_MAX} topical tags, lower-case, words joined by hyphens, e.g. "machine-learning".`),
    summary: z.string().describe(`One sentence, at most ${SUMMARY_MAX_CHARS} characters.`),
    keyTopics: z.array(z.string()).describe('Up to 5 key topics, short noun phrases.'),
    actionItems: z
      .array(z.string())
      .describe('Open to-dos stated or clearly implied in the note, each one short imperative sentence. Empty if none.'),
    confidence: z.number().describe('How confident you are in the type and tags, from 0 to 1.'),
  })
  .strict();

export type LlmAnswer = z.infer<typeof llmAnswerSchema>;

/** The JSON schema sent as `response_format.json_schema.schema`, derived from the zod schema above. */
export const LLM_ANSWER_JSON_SCHEMA: Record<string, unknown> = (() => {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(llmAnswerSchema, { target: 'draft-2020-12' });
  return schema;
})();

export const LLM_ANSWER_SCHEMA_NAME = 'note_enhancement';
