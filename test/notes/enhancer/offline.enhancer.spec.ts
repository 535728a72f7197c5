import fc from 'fast-check';
import { NOTE_TYPES } from '../../../src/notes/enhancer/enhancement';
import { OfflineEnhancer } from '../../../src/notes/enhancer/offline.enhancer';
import { cleanMarkdown } from '../../../src/notes/enhancer/offline/markdown-cleaner';
import { wordsOf } from '../../../src/notes/enhancer/offline/note-text';
import { expectEnhancementInvariants } from './support/invariants';

const enhancer = new OfflineEnhancer();

const MEETING = [
  '# Weekly product sync',
  '',
  'Attendees: Ana, Kwame, Lee',
  '',
  'We discussed the onboarding funnel. Onboarding drop-off is at 40% on step two.',
  'Agreed to test a shorter onboarding form.',
  '',
  'Action items:',
  '* Ana: draft the shorter onboarding form',
  '* Kwame: pull the funnel numbers for March',
  '- [x] share last week\'s notes',
  '- [ ] book a room for the next sync',
  'TODO: ask legal about the consent checkbox',
].join('\n');

describe('OfflineEnhancer', () => {
  it('titles, types, tags, summarises and lists action items of a meeting note', async () => {
    const result = await enhancer.enhance({ content: MEETING });
    expect(result.title).toBe('Weekly product sync');
    expect(result.type).toBe('meeting');
    expect(result.tags).toContain('onboarding');
    expect(result.summary).toBe(
      'Attendees: Ana, Kwame, Lee. We discussed the onboarding funnel. Onboarding drop-off is at 40% on step two. Agreed to test a shorter onboarding form.',
    );
    expect(result.actionItems).toEqual([
      'Ana: draft the shorter onboarding form',
      'Kwame: pull the funnel numbers for March',
      'book a room for the next sync',
      'ask legal about the consent checkbox',
    ]);
    expect(result.enhancer).toBe('offline');
    expect(result.truncated).toBe(false);
    expect(result.fallbackReason).toBeUndefined();
    expect(result.model).toBeUndefined();
    expect(result.confidence).toBeLessThanOrEqual(0.45);
    expect(result.content).toContain('- Ana: draft the shorter onboarding form');
    expectEnhancementInvariants(result);
  });

  it('takes the first sentence as title when there is no heading, cut at a word within 80 characters', () => {
    const result = enhancer.enhanceNow({
      content:
        'Spent the whole afternoon comparing three approaches to caching the recommendation results for logged-out visitors. The second was best.',
    });
    expect(result.title.length).toBeLessThanOrEqual(80);
    expect(result.title.endsWith('…')).toBe(true);
    expect(result.title.startsWith('Spent the whole afternoon comparing three approaches')).toBe(true);
  });

  it('lets the user-given title, type and tags win', () => {
    const result = enhancer.enhanceNow({
      content: MEETING,
      title: '  My own title  ',
      type: 'project',
      tags: ['Q2 Planning', 'growth'],
    });
    expect(result.title).toBe('My own title');
    expect(result.type).toBe('project');
    expect(result.tags.slice(0, 2)).toEqual(['q2-planning', 'growth']);
    expect(result.tags).toHaveLength(3);
  });

  it('keeps at most five user tags and adds none when the user gave three or more', () => {
    const many = enhancer.enhanceNow({ content: MEETING, tags: ['a1', 'b2', 'c3', 'd4', 'e5', 'f6'] });
    expect(many.tags).toEqual(['a1', 'b2', 'c3', 'd4', 'e5']);
    const three = enhancer.enhanceNow({ content: MEETING, tags: ['x', 'y', 'z'] });
    expect(three.tags).toEqual(['x', 'y', 'z']);
  });

  it('reaches three tags on a note with no usable keywords', () => {
    const result = enhancer.enhanceNow({ content: 'ok' });
    expect(result.tags).toHaveLength(3);
    expect(result.title).toBe('ok');
    expect(result.summary).toBe('ok');
    expect(result.type).toBe('personal');
    expect(result.confidence).toBe(0.1);
  });

  it('gives an empty note a placeholder title and still keeps every promise', () => {
    const result = enhancer.enhanceNow({ content: '   \n\n  ' });
    expect(result.title).toBe('Untitled note');
    expectEnhancementInvariants(result);
  });

  it('leaves the content untouched in tags and summary modes', () => {
    const messy = '* one\r\n*  two   \r\n\r\n\r\n\r\nthree';
    expect(enhancer.enhanceNow({ content: messy, mode: 'tags' }).content).toBe(messy);
    expect(enhancer.enhanceNow({ content: messy, mode: 'summary' }).content).toBe(messy);
    expect(enhancer.enhanceNow({ content: messy, mode: 'structure' }).content).toBe('- one\n- two\n\nthree');
  });

  it('skips ticked checkboxes and finds imperative sentences', () => {
    const result = enhancer.enhanceNow({
      content: 'Weekend\n- [x] water the plants\nRemember to call the plumber. Send Jo the photos! The weather was nice.',
    });
    expect(result.actionItems).toEqual(['call the plumber', 'Send Jo the photos!']);
  });
});

describe('cleanMarkdown', () => {
  it('normalises markers and whitespace and leaves fenced code exactly as written', () => {
    const input = ['##Plan', '* one  ', '+ two', '• three', '1) first', '', '', '', '```js', '*  not a list  ', '', '', '```', 'end'].join('\r\n');
    expect(cleanMarkdown(input)).toBe(
      ['## Plan', '- one', '- two', '- three', '1. first', '', '```js', '*  not a list  ', '', '', '```', 'end'].join('\n'),
    );
  });

  it('keeps a lone #word (a hashtag) and thematic breaks', () => {
    expect(cleanMarkdown('#idea for later\n\n* * *\ntext')).toBe('#idea for later\n\n* * *\ntext');
  });
});

describe('OfflineEnhancer properties', () => {
  const word = fc.stringMatching(/^[A-Za-z][a-z]{0,9}$/);
  const line = fc.oneof(
    fc.array(word, { minLength: 1, maxLength: 12 }).map((w) => `${w.join(' ')}.`),
    fc.array(word, { minLength: 1, maxLength: 6 }).map((w) => `# ${w.join(' ')}`),
    fc.array(word, { minLength: 1, maxLength: 6 }).map((w) => `* ${w.join(' ')}`),
    fc.array(word, { minLength: 1, maxLength: 6 }).map((w) => `- [ ] ${w.join(' ')}`),
    fc.array(word, { minLength: 1, maxLength: 6 }).map((w) => `TODO: ${w.join(' ')}`),
    fc.constant(''),
    fc.constant('```'),
  );
  const markdownNote = fc.array(line, { minLength: 0, maxLength: 30 }).map((lines) => lines.join('\n'));
  const anyText = fc.string({ unit: 'binary', maxLength: 400 });
  const note = fc.oneof(markdownNote, anyText);
  const input = fc.record(
    {
      content: note,
      title: fc.string({ maxLength: 120 }),
      type: fc.constantFrom(...NOTE_TYPES),
      tags: fc.array(fc.string({ unit: 'binary', maxLength: 30 }), { maxLength: 8 }),
      mode: fc.constantFrom('all', 'structure', 'tags', 'summary' as const),
    },
    { requiredKeys: ['content'] },
  );

  it('never throws and always keeps its promises (3-5 tags in format, summary ≤ 200, title ≤ 80)', () => {
    fc.assert(
      fc.property(input, (given) => {
        const result = enhancer.enhanceNow(given);
        expectEnhancementInvariants(result, { userTitle: Boolean(given.title?.trim()) });
        expect(result.confidence).toBeGreaterThanOrEqual(0.1);
        expect(result.confidence).toBeLessThanOrEqual(0.45);
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic: the same input gives the same output, on any instance', () => {
    fc.assert(
      fc.property(input, (given) => {
        expect(new OfflineEnhancer().enhanceNow(given)).toEqual(enhancer.enhanceNow(given));
      }),
      { numRuns: 200 },
    );
  });

  it('keeps every word of the input, in order, in the content', () => {
    fc.assert(
      fc.property(note, (content) => {
        expect(wordsOf(enhancer.enhanceNow({ content }).content)).toEqual(wordsOf(content));
      }),
      { numRuns: 300 },
    );
  });
});
