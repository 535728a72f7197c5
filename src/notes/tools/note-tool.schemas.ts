import { z } from 'zod';
import type { NoteIntelligenceDto } from '../dto/note.dto';
import { NOTE_TYPES } from '../enhancer/enhancement';
import { SYNC_STATUSES } from '../note.entity';
import type { NoteToolHit, NoteToolView } from './note-tool.view';

/** What the note tools return, as MCP publishes it (`outputSchema`); each is checked against its TypeScript type. */
const noteCore = {
  noteId: z.uuid().describe('The note id (for the note tools; the page tools take it too, for the note\'s page)'),
  title: z.string(),
  type: z.enum(NOTE_TYPES),
  tags: z.array(z.string()),
  summary: z.string(),
  pageId: z.string().nullable().describe("The note's Notion page id, once synced (for the page tools); null before"),
  notionUrl: z.string().nullable(),
  sync: z.object({ status: z.enum(SYNC_STATUSES), lastError: z.string().nullable() }),
  trashed: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
};

export const zNoteToolView = z.object({
  ...noteCore,
  content: z.string().describe('Markdown'),
  keyTopics: z.array(z.string()),
  actionItems: z.array(z.string()),
  linkedNoteIds: z.array(z.uuid()),
}) satisfies z.ZodType<NoteToolView>;

export const zNoteSearchResult = z.object({
  notes: z.array(z.object({ ...noteCore, excerpt: z.string() }) satisfies z.ZodType<NoteToolHit>),
});

const zNoteRef = { noteId: z.uuid(), title: z.string(), type: z.enum(NOTE_TYPES), tags: z.array(z.string()), notionUrl: z.string().nullable() };

export const zNoteIntelligence = z.object({
  noteId: z.uuid(),
  keyTopics: z.array(z.string()),
  actionItems: z.array(z.string()),
  suggestions: z.array(z.string()),
  related: z.array(z.object({ ...zNoteRef, sharedTags: z.array(z.string()), score: z.number(), linked: z.boolean() })),
}) satisfies z.ZodType<NoteIntelligenceDto>;
