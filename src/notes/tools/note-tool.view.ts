import type { NoteView } from '../notes.service';

/** A note as the tools hand it to a model: Markdown content, the Notion URL and the sync state, nothing raw. */
export interface NoteToolView {
  /** The note's own id: what the note tools take. */
  noteId: string;
  title: string;
  type: string;
  tags: string[];
  summary: string;
  content: string;
  keyTopics: string[];
  actionItems: string[];
  /** The note's page in Notion, once synced: what the page tools take (they take the noteId too). */
  pageId: string | null;
  notionUrl: string | null;
  sync: { status: string; lastError: string | null };
  linkedNoteIds: string[];
  trashed: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A search hit: the note without its full content (a short excerpt instead), to spare the model's context. */
export type NoteToolHit = Omit<NoteToolView, 'content' | 'keyTopics' | 'actionItems' | 'linkedNoteIds'> & { excerpt: string };

const EXCERPT_CHARS = 280;

export function noteToolView({ note, links }: NoteView): NoteToolView {
  return {
    noteId: note.id,
    title: note.title,
    type: note.type,
    tags: note.tags,
    summary: note.summary,
    content: note.content,
    keyTopics: note.keyTopics,
    actionItems: note.actionItems,
    pageId: note.notionPageId ?? null,
    notionUrl: note.notionUrl ?? null,
    sync: { status: note.syncStatus, lastError: note.lastSyncError ?? null },
    linkedNoteIds: links,
    trashed: note.trashedAt !== null,
    createdAt: note.createdAt.toISOString(),
    updatedAt: note.updatedAt.toISOString(),
  };
}

export function noteToolHit(view: NoteView): NoteToolHit {
  const { content, keyTopics: _topics, actionItems: _items, linkedNoteIds: _links, ...rest } = noteToolView(view);
  const flat = content.replace(/\s+/g, ' ').trim();
  return { ...rest, excerpt: flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS - 1)}…` : flat };
}
