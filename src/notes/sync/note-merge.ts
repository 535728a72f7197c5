import { createHash } from 'node:crypto';
import { parseMarkdown } from '../../notion/markdown/markdown-parser';
import { renderMarkdown } from '../../notion/markdown/markdown-renderer';
import type { SyncedBase } from '../note.entity';

type Diff3Region = { ok?: string[]; conflict?: { a: string[]; o: string[]; b: string[] } };
/**
 * node-diff3 3.2.1 is an ES module with a CommonJS build for `require` (its package exports); its typings
 * are the ES module's, which this CommonJS project cannot import, hence the require and the local type.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { diff3Merge } = require('node-diff3') as {
  diff3Merge(a: string[], o: string[], b: string[], options?: { excludeFalseConflicts?: boolean }): Diff3Region[];
};

/** A note's fields as one side holds them (the product's row, or the Notion page). */
export type NoteState = SyncedBase;

export type MergedField = 'title' | 'type' | 'tags' | 'summary' | 'content' | 'trashed';

/** A value the merge replaced: kept in the note's history, never dropped silently. */
export interface ReplacedValue {
  field: MergedField;
  value: unknown;
  source: 'product' | 'notion';
  reason: string;
}

export interface MergeResult {
  merged: NoteState;
  /** True when both sides changed the same lines of the content: both are kept, the note is marked. */
  conflict: boolean;
  replaced: ReplacedValue[];
}

/** Markdown in the form the product reads it back from Notion, so that equal content compares equal. */
export function canonicalMarkdown(markdown: string): string {
  return renderMarkdown(parseMarkdown(markdown));
}

/** What "Notion changed since" is decided by: a hash of the fields the product syncs, content included. */
export function stateHash(state: NoteState): string {
  const { title, type, tags, summary, content, trashed } = state;
  return createHash('sha256')
    .update(JSON.stringify([title, type, [...tags].sort(), summary, content, Boolean(trashed)]))
    .digest('hex');
}

/**
 * Three-way merge of a note (base = what both sides last agreed on). A field changed on one side only
 * takes that side's value; a scalar changed on both takes the value set most recently (`theirsNewer`)
 * and keeps the other in the history; tags merge as sets (an addition or a removal on either side
 * holds); the content merges line by line with diff3. Where both sides changed the same lines, both
 * versions are kept in the merged text (ours first) and the merge reports a conflict; insertions at the
 * same place on both sides are kept both, without one.
 */
export function mergeNote(base: NoteState, ours: NoteState, theirs: NoteState, theirsNewer: boolean): MergeResult {
  const replaced: ReplacedValue[] = [];
  const scalar = <T extends string | boolean>(field: 'title' | 'type' | 'summary' | 'trashed'): T => {
    const [b, o, t] = [base[field], ours[field], theirs[field]] as T[];
    if (o === t || t === b) return o;
    if (o === b) return t;
    replaced.push({ field, value: theirsNewer ? o : t, source: theirsNewer ? 'product' : 'notion', reason: 'changed on both sides; the later change was kept' });
    return theirsNewer ? t : o;
  };
  const { content, conflict } = mergeContent(base.content, ours.content, theirs.content);
  return {
    merged: {
      title: scalar<string>('title'),
      type: scalar<string>('type'),
      summary: scalar<string>('summary'),
      trashed: scalar<boolean>('trashed'),
      tags: mergeTags(base.tags, ours.tags, theirs.tags),
      content,
    },
    conflict,
    replaced,
  };
}

/** Set merge: what either side added is in, what either side removed (and the other kept) is out. */
export function mergeTags(base: string[], ours: string[], theirs: string[]): string[] {
  const removed = new Set(base.filter((tag) => !ours.includes(tag) || !theirs.includes(tag)));
  const result: string[] = [];
  for (const tag of [...ours, ...theirs]) {
    if (result.includes(tag)) continue;
    if (base.includes(tag) && removed.has(tag)) continue;
    result.push(tag);
  }
  return result;
}

export function mergeContent(base: string, ours: string, theirs: string): { content: string; conflict: boolean } {
  if (ours === theirs || theirs === base) return { content: ours, conflict: false };
  if (ours === base) return { content: theirs, conflict: false };
  const lines: string[] = [];
  let conflict = false;
  for (const region of diff3Merge(split(ours), split(base), split(theirs), { excludeFalseConflicts: true })) {
    if (region.ok) {
      lines.push(...region.ok);
      continue;
    }
    const { a, o, b } = region.conflict as NonNullable<Diff3Region['conflict']>;
    // Both sides inserted at the same place and changed nothing that was there: keep both, no conflict. When
    // one side's insertion holds the other's (a write that reached Notion although its answer was lost,
    // read back with the person's edit), it is that one.
    const inserted = o.every((line) => line.trim() === '');
    if (inserted && contains(b, a)) lines.push(...b);
    else if (inserted && contains(a, b)) lines.push(...a);
    else {
      if (!inserted) conflict = true;
      lines.push(...a, ...(needsSeparator(a, b) ? [''] : []), ...b);
    }
  }
  return { content: canonicalMarkdown(lines.join('\n')), conflict };
}

/** Whether `outer` holds `inner` as a run of lines (blank lines aside). */
function contains(outer: string[], inner: string[]): boolean {
  const solid = (lines: string[]) => lines.filter((line) => line.trim() !== '');
  const [o, i] = [solid(outer), solid(inner)];
  if (i.length === 0) return true;
  for (let start = 0; start + i.length <= o.length; start += 1) {
    if (i.every((line, k) => o[start + k] === line)) return true;
  }
  return false;
}

function split(text: string): string[] {
  return text.replace(/\n+$/, '').split('\n');
}

/** Two blocks of Markdown written one after the other stay two blocks. */
function needsSeparator(a: string[], b: string[]): boolean {
  return a.length > 0 && b.length > 0 && a[a.length - 1].trim() !== '' && b[0].trim() !== '';
}
