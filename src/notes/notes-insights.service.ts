import { Injectable } from '@nestjs/common';
import type { NoteIntelligenceDto, RelatedNoteDto } from './dto/note.dto';
import { NoteRefDto } from './dto/note.dto';
import { TAGS_MIN } from './enhancer/enhancement';
import type { NoteEntity } from './note.entity';
import { NotesRepository } from './notes.repository';

const RELATED_LIMIT = 10;

/** Related notes (shared tags and text similarity) and a note's intelligence (get_note_intelligence). */
@Injectable()
export class NotesInsightsService {
  constructor(private readonly notes: NotesRepository) {}

  async related(userId: string, id: string): Promise<RelatedNoteDto[]> {
    const note = await this.notes.findOwned(userId, id);
    return this.relatedOf(note);
  }

  async intelligence(userId: string, id: string): Promise<NoteIntelligenceDto> {
    const note = await this.notes.findOwned(userId, id);
    const related = await this.relatedOf(note);
    return { noteId: note.id, keyTopics: note.keyTopics, actionItems: note.actionItems, suggestions: suggestionsFor(note, related), related };
  }

  private async relatedOf(note: NoteEntity): Promise<RelatedNoteDto[]> {
    const rows = await this.notes.related(note, RELATED_LIMIT);
    const linked = new Set((await this.notes.linkTargetIds([note.id])).get(note.id));
    return rows.map((row) => ({
      ...NoteRefDto.from(row.note),
      sharedTags: row.sharedTags,
      score: Math.round(row.score * 1000) / 1000,
      linked: linked.has(row.note.id),
    }));
  }
}

/** Plain rules over what the note holds; each names the endpoint that acts on it. */
export function suggestionsFor(note: NoteEntity, related: RelatedNoteDto[]): string[] {
  const out: string[] = [];
  if (note.syncStatus === 'failed') out.push('The last sync to Notion failed: retry it with POST /notes/{id}/sync.');
  if (note.syncStatus === 'needs_reauth') out.push('Reconnect Notion at /app; the note syncs by itself afterwards.');
  if (note.enhancer === 'none') out.push('The note was saved as written: POST /notes/{id}/enhance can title, tag and summarise it.');
  else if (note.enhancerFallback) out.push(`The LLM was not used (${note.enhancerFallback}): enhance again when it is back.`);
  if (note.tags.length < TAGS_MIN) out.push('Add a few tags so the note is easier to find (POST /notes/{id}/enhance with mode "tags").');
  if (!note.summary) out.push('Add a summary (POST /notes/{id}/enhance with mode "summary").');
  if (note.actionItems.length > 0 && note.type !== 'task') {
    out.push(`It holds ${note.actionItems.length} action item${note.actionItems.length === 1 ? '' : 's'}: consider a task note for them.`);
  }
  for (const candidate of related.filter((r) => !r.linked && r.sharedTags.length > 0).slice(0, 3)) {
    out.push(`Link it to "${candidate.title}" (shares ${candidate.sharedTags.join(', ')}).`);
  }
  return out;
}
