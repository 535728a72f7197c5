import { normaliseTag } from '../../../src/notes/enhancer/note-fields';
import { isNoteType, NOTE_TYPES, type NoteType } from '../../../src/notes/enhancer/enhancement';
import { OfflineEnhancer } from '../../../src/notes/enhancer/offline.enhancer';
import labelled from './fixtures/labelled-notes.json';

interface LabelledNote {
  id: string;
  split: 'dev' | 'holdout';
  expectedType: string;
  expectedTags: string[];
  lines: string[];
}

interface SplitScore {
  notes: number;
  typeAccuracy: number;
  /** Share of expected tags found among the produced tags, exactly. */
  tagHitRate: number;
  /** The same, also counting an expected tag found as a part of a produced one ("kitchen" in "kitchen-renovation"). */
  tagPartHitRate: number;
  misses: string[];
}

/**
 * Floors, set from what the rules measured when this test was written (dev 40/40 types, tags 0.63; holdout
 * 22/24 types, tags 0.53), a little below so that a real regression fails and nothing else does. The dev
 * notes shaped the rules; the holdout notes were written after the rules were frozen: the holdout figures
 * are the honest ones.
 */
const FLOORS = {
  dev: { typeAccuracy: 0.9, tagHitRate: 0.55 },
  holdout: { typeAccuracy: 0.8, tagHitRate: 0.45 },
};

const notes = (labelled as { notes: LabelledNote[] }).notes;
const enhancer = new OfflineEnhancer();

function score(split: LabelledNote['split']): SplitScore {
  const chosen = notes.filter((n) => n.split === split);
  let typeHits = 0;
  let tagHits = 0;
  let tagPartHits = 0;
  let tagTotal = 0;
  const misses: string[] = [];
  for (const note of chosen) {
    const result = enhancer.enhanceNow({ content: note.lines.join('\n') });
    if (result.type === note.expectedType) typeHits++;
    else misses.push(`${note.id}: ${result.type} (expected ${note.expectedType})`);
    const parts = new Set(result.tags.flatMap((t) => t.split('-')));
    for (const expected of note.expectedTags) {
      tagTotal++;
      if (result.tags.includes(expected)) tagHits++;
      if (result.tags.includes(expected) || expected.split('-').every((p) => parts.has(p))) tagPartHits++;
    }
  }
  return {
    notes: chosen.length,
    typeAccuracy: typeHits / chosen.length,
    tagHitRate: tagHits / tagTotal,
    tagPartHitRate: tagPartHits / tagTotal,
    misses,
  };
}

describe('offline enhancer quality on labelled notes', () => {
  it('has well-formed labels for every type in both splits', () => {
    for (const split of ['dev', 'holdout'] as const) {
      const types = new Set(notes.filter((n) => n.split === split).map((n) => n.expectedType));
      expect([...types].sort()).toEqual([...NOTE_TYPES].sort());
    }
    for (const note of notes) {
      expect(isNoteType(note.expectedType)).toBe(true);
      expect(note.expectedTags.length).toBeGreaterThan(0);
      for (const tag of note.expectedTags) expect(normaliseTag(tag)).toBe(tag);
    }
    expect(new Set(notes.map((n) => n.id)).size).toBe(notes.length);
  });

  it('reports type accuracy and tag hit rate and stays above the floors', () => {
    const dev = score('dev');
    const holdout = score('holdout');
    const round = (n: number) => Math.round(n * 1000) / 1000;
    // eslint-disable-next-line no-console
    console.table(
      Object.fromEntries(
        Object.entries({ dev, holdout }).map(([name, s]) => [
          name,
          {
            notes: s.notes,
            'type accuracy': round(s.typeAccuracy),
            'tag hit rate': round(s.tagHitRate),
            'tag hit rate (parts)': round(s.tagPartHitRate),
            'wrong types': s.misses.join('; ') || '-',
          },
        ]),
      ),
    );
    expect(dev.typeAccuracy).toBeGreaterThanOrEqual(FLOORS.dev.typeAccuracy);
    expect(dev.tagHitRate).toBeGreaterThanOrEqual(FLOORS.dev.tagHitRate);
    expect(holdout.typeAccuracy).toBeGreaterThanOrEqual(FLOORS.holdout.typeAccuracy);
    expect(holdout.tagHitRate).toBeGreaterThanOrEqual(FLOORS.holdout.tagHitRate);
  });

  it('puts every type within reach: each of the eight is predicted for some note', () => {
    const predicted = new Set<NoteType>(notes.map((n) => enhancer.enhanceNow({ content: n.lines.join('\n') }).type));
    expect([...predicted].sort()).toEqual([...NOTE_TYPES].sort());
  });
});
