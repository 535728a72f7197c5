import type { OfflineEnhancer } from '../../../../src/notes/enhancer/offline.enhancer';

export interface ActionLabelledNote {
  id: string;
  expectedType: string;
  /** Distinctive phrases, lower-case: each must be contained in one produced action item. [] means none. */
  expectedActionItems?: string[];
  /** Readers would disagree on this note's action items: left out of the action-item figures. */
  actionItemsUnclear?: boolean;
  lines: string[];
}

export interface ActionScore {
  notes: number;
  /** Notes whose action items count (the others are marked unclear). */
  actionNotes: number;
  typeAccuracy: number;
  /** Share of expected action items that some produced item contains. */
  actionRecall: number;
  /** Share of produced items (in notes that have some) that match an expected one. */
  actionPrecision: number;
  /** Notes labelled with no action item that got some anyway. */
  invented: string[];
  missed: string[];
  wrongTypes: string[];
}

const normalise = (text: string) => text.toLowerCase().replace(/[’]/g, "'").replace(/\s+/g, ' ');

/** Scores the offline enhancer's type and action items on labelled notes. */
export function scoreActions(enhancer: OfflineEnhancer, notes: readonly ActionLabelledNote[]): ActionScore {
  let typeHits = 0;
  let actionNotes = 0;
  let expected = 0;
  let found = 0;
  let produced = 0;
  let producedMatching = 0;
  const invented: string[] = [];
  const missed: string[] = [];
  const wrongTypes: string[] = [];
  for (const note of notes) {
    const result = enhancer.enhanceNow({ content: note.lines.join('\n') });
    if (result.type === note.expectedType) typeHits++;
    else wrongTypes.push(`${note.id}: ${result.type} (expected ${note.expectedType})`);
    if (!note.expectedActionItems) continue;
    actionNotes++;
    const items = result.actionItems.map(normalise);
    if (note.expectedActionItems.length === 0) {
      if (items.length > 0) invented.push(`${note.id}: ${JSON.stringify(result.actionItems)}`);
      continue;
    }
    for (const phrase of note.expectedActionItems) {
      expected++;
      if (items.some((item) => item.includes(phrase))) found++;
      else missed.push(`${note.id}: "${phrase}" not in ${JSON.stringify(result.actionItems)}`);
    }
    produced += items.length;
    const phrases = note.expectedActionItems;
    producedMatching += items.filter((item) => phrases.some((phrase) => item.includes(phrase))).length;
  }
  return {
    notes: notes.length,
    actionNotes,
    typeAccuracy: typeHits / notes.length,
    actionRecall: expected === 0 ? 1 : found / expected,
    actionPrecision: produced === 0 ? 1 : producedMatching / produced,
    invented,
    missed,
    wrongTypes,
  };
}
