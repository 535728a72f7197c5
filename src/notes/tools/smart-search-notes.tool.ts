import { Injectable } from '@nestjs/common';
import type { z } from 'zod';
import { toolInput } from '../../tools/dto-input';
import { AgentTool, type AgentToolDefinition, type ToolContext } from '../../tools/tool-definition';
import { SmartSearchNotesDto } from '../dto/list-notes.dto';
import { NotesService } from '../notes.service';
import { noteToolHit, type NoteToolHit } from './note-tool.view';
import { zNoteSearchResult } from './note-tool.schemas';

/** GET /notes/search's filters, a page sized for a model. */
const input = toolInput(SmartSearchNotesDto, {
  describe: {
    q: 'What to look for: words, "exact phrases", `or`, and -excluded words',
    type: 'Only notes of this kind',
    tag: 'Only notes carrying this tag',
    limit: 'How many notes at most (default 10)',
  },
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
