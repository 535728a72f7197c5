import { canonicalPageId } from './page-ids';

/** One page found by GET /pages/search and search_note_pages. */
export interface PageSearchHit {
  /** The Notion page id: what read_note_page, update_note_page and create_link take. */
  pageId: string;
  /** The product's note whose page this is (what the note tools take); null for a page that is not a note. */
  noteId: string | null;
  title: string;
  url: string;
  lastEditedTime: string;
  /** notion: Notion's title search; notes: the product's own note index (titles, tags, summary, content); both. */
  source: 'notion' | 'notes' | 'both';
}

export type SourcedHit = Omit<PageSearchHit, 'source'>;

/**
 * Merges Notion's title search with the product's note index: one hit per page (a page found by both says
 * `both` and names its note), pages found by both first, then the two lists taken in turn so neither crowds
 * the other out, each in its own order (most recently edited for Notion, best match for the index).
 */
export function mergeSearchHits(notion: SourcedHit[], notes: SourcedHit[], limit: number): PageSearchHit[] {
  const key = (hit: SourcedHit) => canonicalPageId(hit.pageId);
  const fromNotes = new Map(notes.map((hit) => [key(hit), hit]));
  const inNotion = new Set(notion.map(key));
  const both = notion
    .filter((hit) => fromNotes.has(key(hit)))
    .map((hit): PageSearchHit => ({ ...hit, noteId: fromNotes.get(key(hit))?.noteId ?? null, source: 'both' }));
  const notionOnly = notion.filter((hit) => !fromNotes.has(key(hit))).map((hit): PageSearchHit => ({ ...hit, source: 'notion' }));
  const notesOnly = notes.filter((hit) => !inNotion.has(key(hit))).map((hit): PageSearchHit => ({ ...hit, source: 'notes' }));
  const merged = [...both];
  for (let i = 0; i < Math.max(notionOnly.length, notesOnly.length); i++) {
    if (i < notesOnly.length) merged.push(notesOnly[i]);
    if (i < notionOnly.length) merged.push(notionOnly[i]);
  }
  return merged.slice(0, limit);
}
