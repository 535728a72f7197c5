import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NOTE_TYPES, type NoteType } from '../enhancer/enhancement';
import { SYNC_STATUSES, type NoteEntity, type SyncStatus } from '../note.entity';

export class NoteEnhancementDto {
  @ApiProperty({ enum: ['openai', 'offline', 'none'] })
  enhancer: string;

  @ApiProperty({ minimum: 0, maximum: 1 })
  confidence: number;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'Why the LLM was not used (e.g. llm_timeout)' })
  fallbackReason: string | null;
}

export class NoteNotionDto {
  @ApiProperty({ format: 'uuid' })
  pageId: string;

  @ApiProperty()
  url: string;
}

export class NoteConflictDto {
  @ApiProperty({ format: 'date-time' })
  detectedAt: string;

  @ApiProperty({ description: 'The content both sides last agreed on (Markdown)' })
  base: string;

  @ApiProperty({ description: "The product's version (what was written here)" })
  ours: string;

  @ApiProperty({ description: "Notion's version (what was written in Notion)" })
  theirs: string;
}

export class NoteSyncDto {
  @ApiProperty({ enum: SYNC_STATUSES })
  status: SyncStatus;

  @ApiProperty({ description: 'Failed attempts since the last success' })
  attempts: number;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'The last failure, sanitised' })
  lastError: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' })
  syncedAt: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time', description: "The page's last edit in Notion as last seen (Notion rounds it to the minute)" })
  notionEditedAt: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time', description: 'When a change made in Notion was last read into the note' })
  lastPulledAt: string | null;

  @ApiProperty({ description: 'The note page is gone from Notion for good; POST /notes/{id}/sync/retry writes it again' })
  notionMissing: boolean;

  @ApiPropertyOptional({
    nullable: true,
    type: NoteConflictDto,
    description: 'Set when edits here and in Notion touched the same lines: both are kept in the content; PATCH the note (content, or resolveConflict) to resolve',
  })
  conflict: NoteConflictDto | null;
}

export class NoteDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ description: 'Markdown' })
  content: string;

  @ApiProperty({ description: 'The text as first written' })
  originalContent: string;

  @ApiProperty({ enum: NOTE_TYPES })
  type: NoteType;

  @ApiProperty({ type: [String] })
  tags: string[];

  @ApiProperty()
  summary: string;

  @ApiProperty({ type: [String] })
  keyTopics: string[];

  @ApiProperty({ type: [String] })
  actionItems: string[];

  @ApiProperty({ type: NoteEnhancementDto })
  enhancement: NoteEnhancementDto;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' })
  integrationId: string | null;

  @ApiPropertyOptional({ nullable: true, type: NoteNotionDto, description: 'The page in Notion, once created' })
  notion: NoteNotionDto | null;

  @ApiProperty({ type: NoteSyncDto })
  sync: NoteSyncDto;

  @ApiProperty({ type: [String], description: 'Ids of the notes this one links to (Related in Notion)' })
  links: string[];

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' })
  trashedAt: string | null;

  static from(note: NoteEntity, links: string[]): NoteDto {
    return {
      id: note.id,
      title: note.title,
      content: note.content,
      originalContent: note.originalContent,
      type: note.type,
      tags: note.tags,
      summary: note.summary,
      keyTopics: note.keyTopics,
      actionItems: note.actionItems,
      enhancement: { enhancer: note.enhancer, confidence: note.confidence, fallbackReason: note.enhancerFallback },
      integrationId: note.integrationId,
      notion: note.notionPageId && note.notionUrl ? { pageId: note.notionPageId, url: note.notionUrl } : null,
      sync: {
        status: note.syncStatus,
        attempts: note.syncAttempts,
        lastError: note.lastSyncError,
        syncedAt: note.syncedAt?.toISOString() ?? null,
        notionEditedAt: note.notionEditedAt?.toISOString() ?? null,
        lastPulledAt: note.lastPulledAt?.toISOString() ?? null,
        notionMissing: note.notionMissing,
        conflict: note.conflict,
      },
      links,
      createdAt: note.createdAt.toISOString(),
      updatedAt: note.updatedAt.toISOString(),
      trashedAt: note.trashedAt?.toISOString() ?? null,
    };
  }
}

export class NoteListDto {
  @ApiProperty({ type: [NoteDto] })
  items: NoteDto[];

  @ApiPropertyOptional({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last' })
  nextCursor: string | null;
}

export class NoteRefDto {
  @ApiProperty({ format: 'uuid', description: 'The note id (a ref names what its id is: never a bare `id`)' })
  noteId: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ enum: NOTE_TYPES })
  type: NoteType;

  @ApiProperty({ type: [String] })
  tags: string[];

  @ApiPropertyOptional({ nullable: true, type: String })
  notionUrl: string | null;

  static from(note: NoteEntity): NoteRefDto {
    return { noteId: note.id, title: note.title, type: note.type, tags: note.tags, notionUrl: note.notionUrl };
  }
}

export class RelatedNoteDto extends NoteRefDto {
  @ApiProperty({ type: [String] })
  sharedTags: string[];

  @ApiProperty({ description: 'Shared tags (1 each) plus text similarity' })
  score: number;

  @ApiProperty({ description: 'Whether the note already links to it' })
  linked: boolean;
}

export class NoteIntelligenceDto {
  @ApiProperty({ format: 'uuid' })
  noteId: string;

  @ApiProperty({ type: [String] })
  keyTopics: string[];

  @ApiProperty({ type: [String] })
  actionItems: string[];

  @ApiProperty({ type: [String], description: 'What could make the note more useful' })
  suggestions: string[];

  @ApiProperty({ type: [RelatedNoteDto] })
  related: RelatedNoteDto[];
}

export class NoteRevisionDto {
  @ApiProperty({ enum: ['title', 'type', 'tags', 'summary', 'content', 'trashed'] })
  field: string;

  @ApiProperty({ description: 'The value that was replaced (as JSON)' })
  value: unknown;

  @ApiProperty({ enum: ['product', 'notion'], description: 'Where the replaced value was written' })
  source: 'product' | 'notion';

  @ApiProperty()
  reason: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}
