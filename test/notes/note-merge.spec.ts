import { mergeContent, mergeNote, mergeTags } from '../../src/notes/sync/note-merge';

const state = (over: Partial<Parameters<typeof mergeNote>[0]> = {}) => ({ title: 'T', type: 'idea', tags: ['a'], summary: 'S', content: 'One.\n', trashed: false, ...over });

describe('note merge (three-way)', () => {
  it('takes the side that changed each field', () => {
    const { merged, replaced, conflict } = mergeNote(state(), state({ title: 'Ours' }), state({ summary: 'Theirs', trashed: true }), false);
    expect(merged).toMatchObject({ title: 'Ours', summary: 'Theirs', trashed: true });
    expect([replaced, conflict]).toEqual([[], false]);
  });

  it('a scalar changed on both sides: the newer wins, the other is kept as replaced', () => {
    const newer = mergeNote(state(), state({ title: 'Ours' }), state({ title: 'Theirs' }), true);
    expect(newer.merged.title).toBe('Theirs');
    expect(newer.replaced).toEqual([expect.objectContaining({ field: 'title', value: 'Ours', source: 'product' })]);
    const older = mergeNote(state(), state({ title: 'Ours' }), state({ title: 'Theirs' }), false);
    expect(older.merged.title).toBe('Ours');
    expect(older.replaced).toEqual([expect.objectContaining({ field: 'title', value: 'Theirs', source: 'notion' })]);
  });

  it('tags merge as sets: additions and removals on either side hold', () => {
    expect(mergeTags(['a', 'b', 'c'], ['a', 'b', 'c', 'x'], ['a', 'c', 'y'])).toEqual(['a', 'c', 'x', 'y']);
  });

  it('content: appends on both sides are both kept, without a conflict', () => {
    const result = mergeContent('One.\n', 'One.\n\nOurs.\n', 'One.\n\nTheirs.\n');
    expect(result).toEqual({ content: 'One.\n\nOurs.\n\nTheirs.\n', conflict: false });
  });

  it('content: the same line changed on both sides keeps both and reports a conflict', () => {
    const result = mergeContent('One.\n\nTwo.\n', 'One, ours.\n\nTwo.\n', 'One, theirs.\n\nTwo.\n');
    expect(result.conflict).toBe(true);
    expect(result.content).toBe('One, ours.\n\nOne, theirs.\n\nTwo.\n');
  });

  it('content: a write Notion took although its answer was lost is not doubled', () => {
    const result = mergeContent('One.\n', 'One.\n\nOurs.\n', 'One.\n\nTheirs.\n\nOurs.\n');
    expect(result).toEqual({ content: 'One.\n\nTheirs.\n\nOurs.\n', conflict: false });
  });

  it('content: changes to different lines merge cleanly', () => {
    const result = mergeContent('One.\n\nTwo.\n\nThree.\n', 'One, ours.\n\nTwo.\n\nThree.\n', 'One.\n\nTwo.\n\nThree, theirs.\n');
    expect(result).toEqual({ content: 'One, ours.\n\nTwo.\n\nThree, theirs.\n', conflict: false });
  });
});
