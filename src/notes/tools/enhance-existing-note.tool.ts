import { Injectable } from '@nestjs/common';
import { IntersectionType } from '@nestjs/swagger';
import type { z } from 'zod';
import { toolInput } from '../../tools/dto-input';
import { AgentTool, type AgentToolDefinition, type ToolContext } from '../../tools/tool-definition';
import { EnhanceNoteDto, NoteIdDto } from '../dto/create-note.dto';
import { NotesService } from '../notes.service';
import { noteToolView, type NoteToolView } from './note-tool.view';
import { zNoteToolView } from './note-tool.schemas';

/** POST /notes/{id}/enhance: the note and the body. */
const input = toolInput(IntersectionType(NoteIdDto, EnhanceNoteDto), {
  describe: { noteId: 'The noteId of one of the user\'s notes (from create_enhanced_note, smart_search_notes or search_note_pages)' },
});

/** enhance_existing_note: POST /notes/{id}/enhance for a model. */
@AgentTool()
@Injectable()
export class EnhanceExistingNoteTool implements AgentToolDefinition<typeof input> {
  readonly name = 'enhance_existing_note';
  readonly title = 'Enhance a note again';
  readonly annotations = { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true };
  readonly output = zNoteToolView;
  readonly description =
    "Enhances one of the user's notes again and updates its Notion page. Use it when the user asks to tidy, " +
    're-tag or re-summarise a note, or after its content changed. A note in the trash is refused (NOTE_IN_TRASH). ' +
    'Returns the updated note: title, type, tags, summary, Markdown content, key topics, action items, the Notion ' +
    'URL and the sync status ("pending" until Notion has the change).';
  readonly input = input;

  constructor(private readonly notes: NotesService) {}

  /** New tags or a new summary leave the person's text alone; rewriting the content needs their yes. */
  confirmation(args: z.output<typeof input>): string | null {
    const mode = args.mode ?? 'all';
    return mode === 'structure' || mode === 'all' ? `Rewrite the content of the note ${args.noteId} with the enhancer` : null;
  }

  async run(ctx: ToolContext, args: z.output<typeof input>): Promise<NoteToolView> {
    return noteToolView(await this.notes.enhance(ctx.userId, args.noteId, args.mode ?? 'all'));
  }
}
