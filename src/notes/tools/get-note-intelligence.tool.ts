import { Injectable } from '@nestjs/common';
import type { z } from 'zod';
import { toolInput } from '../../tools/dto-input';
import { AgentTool, type AgentToolDefinition, type ToolContext } from '../../tools/tool-definition';
import { NoteIdDto } from '../dto/create-note.dto';
import type { NoteIntelligenceDto } from '../dto/note.dto';
import { NotesInsightsService } from '../notes-insights.service';
import { zNoteIntelligence } from './note-tool.schemas';

/** GET /notes/{id}/intelligence's note. */
const input = toolInput(NoteIdDto, { describe: { noteId: 'The noteId of one of the user\'s notes (from create_enhanced_note, smart_search_notes or search_note_pages)' } });

/** get_note_intelligence: GET /notes/{id}/intelligence for a model. */
@AgentTool()
@Injectable()
export class GetNoteIntelligenceTool implements AgentToolDefinition<typeof input> {
  readonly name = 'get_note_intelligence';
  readonly title = 'Note intelligence';
  readonly annotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
  readonly output = zNoteIntelligence;
  readonly description =
    "Analyses one of the user's notes: its key topics, its action items, suggestions that would make it more useful, " +
    'and related notes (sharing tags or words, best first, each with noteId, title, type, tags, Notion URL, shared tags, ' +
    'a score and whether it is already linked). Use it when the user asks what a note is about, what to do next, ' +
    'or what else they wrote on the subject (a suggestion naming POST /notes/{id}/enhance is done with ' +
    'enhance_existing_note). Reads only; changes nothing.';
  readonly input = input;

  constructor(private readonly insights: NotesInsightsService) {}

  run(ctx: ToolContext, args: z.output<typeof input>): Promise<NoteIntelligenceDto> {
    return this.insights.intelligence(ctx.userId, args.noteId);
  }
}
