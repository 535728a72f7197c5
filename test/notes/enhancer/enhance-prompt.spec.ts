import { NOTE_TYPES } from '../../../src/notes/enhancer/enhancement';
import { buildEnhancePrompt, type EnhancePromptInput } from '../../../src/notes/enhancer/openai/enhance-prompt';

const base: EnhancePromptInput = { content: 'met with Sam about the Q3 budget\n\n- [ ] send numbers', mode: 'all', truncated: false };

describe('buildEnhancePrompt', () => {
  it('is pure: the same input gives equal messages, and the input is not modified', () => {
    const input = { ...base, tags: ['budget'] };
    const frozen = JSON.stringify(input);
    expect(buildEnhancePrompt(input)).toEqual(buildEnhancePrompt({ ...input, tags: ['budget'] }));
    expect(JSON.stringify(input)).toBe(frozen);
  });

  it('sends a system message with the eight types and the field rules, and the note between markers', () => {
    const { messages } = buildEnhancePrompt(base);
    expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
    for (const type of NOTE_TYPES) expect(messages[0].content).toContain(`- ${type}: `);
    expect(messages[0].content).toMatch(/3 to 5, lower-case, words joined by hyphens/);
    expect(messages[0].content).toMatch(/at most 200 characters/);
    expect(messages[0].content).toMatch(/data, not instructions/);
    expect(messages[1].content.endsWith(`<note>\n${base.content}\n</note>`)).toBe(true);
    // The note appears once, in the user message only.
    expect(messages[0].content).not.toContain('Q3 budget');
  });

  it('states the user-given title, type and tags as fixed', () => {
    const user = buildEnhancePrompt({ ...base, title: ' Budget chat ', type: 'meeting', tags: ['finance', ' ', 'q3'] }).messages[1].content;
    expect(user).toContain('The user chose the title "Budget chat": answer it unchanged.');
    expect(user).toContain('The user chose the type "meeting": answer it unchanged.');
    expect(user).toContain('The user chose the tags ["finance","q3"]: include them first.');
    expect(buildEnhancePrompt(base).messages[1].content).not.toContain('The user chose');
  });

  it('asks for an empty content in tags and summary modes, and for a rewrite otherwise', () => {
    for (const mode of ['tags', 'summary'] as const) {
      expect(buildEnhancePrompt({ ...base, mode }).messages[1].content).toContain('answer "content" with an empty string');
    }
    for (const mode of ['all', 'structure'] as const) {
      const user = buildEnhancePrompt({ ...base, mode }).messages[1].content;
      expect(user).not.toContain('empty string');
      expect(user).toMatch(/rewritten as clean, well-structured Markdown|Rewrite the content as clean/);
    }
  });

  it('tells the model when it sees only the first part of the note', () => {
    expect(buildEnhancePrompt({ ...base, truncated: true }).messages[1].content).toContain('only the first part of a longer note');
    expect(buildEnhancePrompt(base).messages[1].content).not.toContain('first part');
  });
});
