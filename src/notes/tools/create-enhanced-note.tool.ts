import { Injectable } from '@nestjs/common';
import type { z } from 'zod';
import { toolInput } from '../../tools/dto-input';
import { AgentTool, type AgentToolDefinition, type ToolContext } from '../../tools/tool-definition';
import { CreateNoteDto } from '../dto/create-note.dto';
import { NotesService } from '../notes.service';
import { noteToolView, type NoteToolView } from './note-tool.view';
import { zNoteToolView } from './note-tool.schemas';

/** POST /notes's body, described for a model. */
const input = toolInput(CreateNoteDto, {
  describe: {
    content: 'The note as the user gave it: Markdown or plain text, in their words',
    title: 'A title; only when the user named one (otherwise one is proposed)',
    type: 'The kind of note, when the user said; otherwise it is classified',
    tags: 'Tags the user asked for; topped up to 3 by the enhancer',
    enhance: 'false keeps the content exactly as given (no rewrite); default true',
    integrationId: "Which of the user's Notion connections to write to; the default one when omitted",
  },
});

/** create_enhanced_note: POST /notes for a model. */
@AgentTool()
@Injectable()
export class CreateEnhancedNoteTool implements AgentToolDefinition<typeof input> {
  readonly name = 'create_enhanced_note';
  readonly title = 'Create an enhanced note';
  readonly annotations = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true };
  readonly output = zNoteToolView;
  readonly description =
    "Saves a new note for the user and writes it to their Notion workspace (the Table of Contents database). " +
    'The note is enhanced first: given a title, a type (meeting, project, task, research, learning, idea, journal, ' +
    'personal), 3-5 tags, a one-line summary, key topics and action items, and its content tidied into Markdown. ' +
    'Use it whenever the user wants something written down or remembered. ' +
    'Returns the saved note: noteId (for the other note tools), pageId (its Notion page, for the page tools, once ' +
    'synced), title, type, tags, summary, Markdown content, the Notion URL and the sync status ("synced", or ' +
    '"pending" while Notion is still being written; it finishes on its own).';
  readonly input = input;

  constructor(private readonly notes: NotesService) {}

  async run(ctx: ToolContext, args: z.output<typeof input>): Promise<NoteToolView> {
    const created = await this.notes.create(ctx.userId, args);
    return noteToolView(created);
  }
}
