import type { NoteEntity } from '../note.entity';
import { canonicalMarkdown, type NoteState } from './note-merge';
import { pageMarkdown } from './note-page.writer';

export const TITLE_MAX = 200;
export const SUMMARY_MAX = 400;

/** The note as the product holds it, in the form the merge compares (content as its page shows it). */
export function ourState(note: NoteEntity): NoteState {
  return {
    title: note.title,
    type: note.type,
    tags: [...note.tags],
    summary: note.summary,
    trashed: note.trashedAt !== null,
    content: canonicalMarkdown(pageMarkdown(note)),
  };
}

/** The note's fields set to a state (to write its properties). */
export function fieldsOf(state: NoteState): Pick<NoteEntity, 'title' | 'type' | 'tags' | 'summary'> {
  return { title: state.title, type: state.type as NoteEntity['type'], tags: state.tags, summary: state.summary };
}

export type PulledFields = Partial<Pick<NoteEntity, 'title' | 'type' | 'tags' | 'summary' | 'content' | 'trashedAt'>>;

/** The columns a merge changes: only the fields whose merged value differs from the product's. */
export function changedFields(ours: NoteState, merged: NoteState): PulledFields {
  const fields: PulledFields = {};
  if (merged.title !== ours.title) fields.title = merged.title;
  if (merged.type !== ours.type) fields.type = merged.type as NoteEntity['type'];
  if (!sameList(merged.tags, ours.tags)) fields.tags = merged.tags;
  if (merged.summary !== ours.summary) fields.summary = merged.summary;
  if (merged.content !== ours.content) fields.content = merged.content;
  if (merged.trashed !== ours.trashed) fields.trashedAt = merged.trashed ? new Date() : null;
  return fields;
}

export function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}
