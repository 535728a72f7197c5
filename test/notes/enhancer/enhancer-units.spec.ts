import fc from 'fast-check';
import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { clampText, mergeTags, normaliseTag } from '../../../src/notes/enhancer/note-fields';
import { splitForModel } from '../../../src/notes/enhancer/openai/content-split';
import { LLM_ANSWER_JSON_SCHEMA, llmAnswerSchema } from '../../../src/notes/enhancer/openai/llm-answer.schema';
import { failureReason, LlmAnswerError, schemaMismatch } from '../../../src/notes/enhancer/openai/llm-failure';
import { TAG_FORMAT } from './support/invariants';

describe('splitForModel', () => {
  const para = (n: number, size: number) => `p${n} ${'x'.repeat(size - 3)}`;

  it('leaves content within the limit whole', () => {
    expect(splitForModel('short note', 500)).toEqual({ head: 'short note', separator: '', tail: '' });
  });

  it('cuts at the last paragraph break before the limit', () => {
    const content = [para(1, 200), para(2, 200), para(3, 200)].join('\n\n');
    const { head, separator, tail } = splitForModel(content, 450);
    expect(head).toBe([para(1, 200), para(2, 200)].join('\n\n'));
    expect(separator).toBe('\n\n');
    expect(tail).toBe(para(3, 200));
  });

  it('does not cut inside fenced code when a paragraph break outside it exists', () => {
    const content = `${para(1, 100)}\n\n\`\`\`\ncode\n\nmore code\n\`\`\`\n${'y'.repeat(400)}`;
    const { head } = splitForModel(content, 300);
    expect(head).toBe(para(1, 100));
  });

  it('falls back to a line break, a space, then a hard cut', () => {
    expect(splitForModel(`${'a'.repeat(10)}\n${'b'.repeat(10)}`, 15).head).toBe('a'.repeat(10));
    expect(splitForModel(`${'a'.repeat(10)} ${'b'.repeat(10)}`, 15).head).toBe('a'.repeat(10));
    expect(splitForModel('c'.repeat(30), 15)).toEqual({ head: 'c'.repeat(15), separator: '', tail: 'c'.repeat(15) });
    // Never between the halves of a surrogate pair.
    const emoji = splitForModel(`${'c'.repeat(14)}😀${'d'.repeat(5)}`, 15);
    expect(emoji.head).toBe('c'.repeat(14));
    expect(emoji.tail.startsWith('😀')).toBe(true);
  });

  it('loses nothing: head + separator + tail is the content, the head within the limit', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 600 }), fc.integer({ min: 1, max: 300 }), (content, max) => {
        const { head, separator, tail } = splitForModel(content, max);
        expect(head + separator + tail).toBe(content);
        expect(head.length).toBeLessThanOrEqual(max);
        expect(separator.trim()).toBe('');
        if (content.length <= max) expect(tail).toBe('');
      }),
      { numRuns: 300 },
    );
  });
});

describe('tags and text limits', () => {
  it('normalises tags to lower-case hyphenated words', () => {
    expect(normaliseTag('Machine Learning')).toBe('machine-learning');
    expect(normaliseTag('  C++ / Rust ')).toBe('c-rust');
    expect(normaliseTag('#Ideas_2025')).toBe('ideas-2025');
    expect(normaliseTag('Café Crème')).toBe('café-crème');
    expect(normaliseTag('!!!')).toBe('');
    expect(normaliseTag('a'.repeat(60)).length).toBeLessThanOrEqual(40);
  });

  it('merges user tags first, then proposals, then the type and fillers, 3 to 5 in all', () => {
    expect(mergeTags(undefined, ['One', 'two', 'two', 'three', 'four', 'five', 'six'], 'idea')).toEqual(['one', 'two', 'three', 'four', 'five']);
    expect(mergeTags(['Mine'], ['a1', 'b2', 'c3'], 'idea')).toEqual(['mine', 'a1', 'b2']);
    expect(mergeTags([], [], 'journal')).toEqual(['journal', 'note', 'inbox']);
    expect(mergeTags(undefined, ['note'], 'task')).toEqual(['note', 'task', 'inbox']);
  });

  it('always yields 3-5 well-formed distinct tags', () => {
    const raw = fc.array(fc.string({ unit: 'binary', maxLength: 20 }), { maxLength: 10 });
    fc.assert(
      fc.property(fc.option(raw, { nil: undefined }), raw, (user, proposed) => {
        const tags = mergeTags(user, proposed, 'research');
        expect(tags.length).toBeGreaterThanOrEqual(3);
        expect(tags.length).toBeLessThanOrEqual(5);
        expect(new Set(tags).size).toBe(tags.length);
        for (const tag of tags) expect(tag).toMatch(TAG_FORMAT);
      }),
    );
  });

  it('clamps text at a word with an ellipsis, within the limit', () => {
    expect(clampText('one two three four', 100)).toBe('one two three four');
    expect(clampText('one two three four', 12)).toBe('one two…');
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.integer({ min: 2, max: 200 }), (text, max) => {
        const out = clampText(text, max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(/[\uD800-\uDBFF]$/.test(out.replace(/…$/, ''))).toBe(false);
      }),
    );
  });
});

describe('LLM answer schema', () => {
  it('is sent as a strict-mode JSON schema: every property required, no extra properties, no $schema', () => {
    const schema = LLM_ANSWER_JSON_SCHEMA as { type: string; properties: Record<string, unknown>; required: string[]; additionalProperties: boolean };
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
    expect([...schema.required].sort()).toEqual(Object.keys(schema.properties).sort());
    expect(Object.keys(schema.properties).sort()).toEqual(
      ['actionItems', 'confidence', 'content', 'keyTopics', 'summary', 'tags', 'title', 'type'].sort(),
    );
    expect(schema).not.toHaveProperty('$schema');
    expect(JSON.stringify(schema)).not.toMatch(/"(minItems|maxItems|minLength|maxLength|pattern)"/);
  });

  it('rejects answers of the wrong shape', () => {
    const good = { title: 't', content: '', type: 'idea', tags: [], summary: 's', keyTopics: [], actionItems: [], confidence: 0.5 };
    expect(llmAnswerSchema.safeParse(good).success).toBe(true);
    expect(llmAnswerSchema.safeParse({ ...good, type: 'recipe' }).success).toBe(false);
    expect(llmAnswerSchema.safeParse({ ...good, extra: 1 }).success).toBe(false);
    const { tags: _tags, ...missing } = good;
    expect(llmAnswerSchema.safeParse(missing).success).toBe(false);
  });
});

describe('failure reasons', () => {
  it('are short fixed codes, never the error text', () => {
    const secret = 'sk-live-SECRET';
    expect(failureReason(new APIConnectionTimeoutError({ message: `timeout ${secret}` }))).toBe('llm_timeout');
    expect(failureReason(new APIConnectionError({ message: `refused ${secret}` }))).toBe('llm_unreachable');
    const unrecognisedTimeout = new APIConnectionError({ message: 'Connection error.' });
    expect(failureReason(unrecognisedTimeout, { elapsedMs: 20_001, timeoutMs: 20_000 })).toBe('llm_timeout');
    expect(failureReason(unrecognisedTimeout, { elapsedMs: 3, timeoutMs: 20_000 })).toBe('llm_unreachable');
    expect(failureReason(APIError.generate(500, { message: secret }, secret, new Headers()))).toBe('llm_http_500');
    expect(failureReason(APIError.generate(401, { message: secret }, secret, new Headers()))).toBe('llm_http_401');
    expect(failureReason(new Error(secret))).toBe('llm_error');
    expect(failureReason(new LlmAnswerError('llm_invalid_json'))).toBe('llm_invalid_json');
    expect(schemaMismatch([['type'], ['tags', 0], ['type'], []])).toBe('llm_schema_mismatch:type,tags,root');
  });
});
