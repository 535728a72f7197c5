import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { AgentTool, type AgentToolDefinition, type ToolContext } from '../../tools/tool-definition';
import { NOTE_TYPES } from '../enhancer/enhancement';
import { NotesService } from '../notes.service';
import { noteToolHit, type NoteToolHit } from './note-tool.view';
import { zNoteSearchResult } from './note-tool.schemas';

const input = z.object({
  q: z.string().min(1).max(500).describe('What to look for: words, "exact phrases", `or`, and -excluded words'),
  type: z.enum(NOTE_TYPES).optional().describe('Only notes of this kind'),
  tag: z.string().min(1).max(50).optional().describe('Only notes carrying this tag'),
  limit: z.number().int().min(1).max(50).default(10).describe('How many notes at most (default 10)'),
});

/** smart_search_notes: GET /notes/search for a model. */
@AgentTool()
@Injectable()
export class SmartSearchNotesTool implements AgentToolDefinition<typeof input> {
  readonly name = 'smart_search_notes';
  readonly title = 'Search notes';
  readonly annotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
  readonly output = zNoteSearchResult;
  readonly description =
    "Searches the user's notes (title, tags, summary and content; trashed notes are left out), best match first. " +
    'Use it to find what the user wrote before, or to find a note id for enhance_existing_note or ' +
    'get_note_intelligence. Narrow with type or tag. Returns {notes: [...]} with noteId (for the note tools), pageId ' +
    '(the Notion page, for the page tools, which also take the noteId), title, type, tags, summary, a short excerpt, ' +
    'the Notion URL and the sync status of each; an empty list when nothing matches.';
  readonly input = input;

  constructor(private readonly notes: NotesService) {}

  async run(ctx: ToolContext, args: z.output<typeof input>): Promise<{ notes: NoteToolHit[] }> {
    const page = await this.notes.list(ctx.userId, { q: args.q, type: args.type, tag: args.tag, limit: args.limit });
    return { notes: page.items.map(noteToolHit) };
  }
}
