import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { ENHANCE_MODES, NOTE_TYPES, TAGS_MAX, type EnhanceMode, type NoteType } from '../enhancer/enhancement';

const CONTENT_MAX_CHARS = 100_000;
/** Notion refuses commas in select options; tags are words joined by hyphens. */
const TAG_PATTERN = /^[^,\n]{1,50}$/;

export class CreateNoteDto {
  @ApiProperty({ minLength: 1, maxLength: CONTENT_MAX_CHARS, description: 'The raw note (Markdown or plain text)' })
  @IsString()
  @Length(1, CONTENT_MAX_CHARS)
  @Matches(/\S/, { message: 'content must not be blank' })
  content: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'Wins over the proposed title' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  title?: string;

  @ApiPropertyOptional({ enum: NOTE_TYPES })
  @IsOptional()
  @IsIn(NOTE_TYPES)
  type?: NoteType;

  @ApiPropertyOptional({ type: [String], maxItems: TAGS_MAX, description: 'Lower-cased and hyphenated; topped up to 3 by the enhancer' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(TAGS_MAX)
  @IsString({ each: true })
  @Matches(TAG_PATTERN, { each: true, message: 'each tag must be 1-50 characters without commas' })
  tags?: string[];

  @ApiPropertyOptional({ default: true, description: 'Rewrite and classify with the LLM (or the offline enhancer); false keeps the content as given' })
  @IsOptional()
  @IsBoolean()
  enhance?: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: "One of the user's Notion connections; the default one when omitted" })
  @IsOptional()
  @IsUUID()
  integrationId?: string;
}

export class UpdateNoteDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  title?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: CONTENT_MAX_CHARS })
  @IsOptional()
  @IsString()
  @Length(1, CONTENT_MAX_CHARS)
  @Matches(/\S/, { message: 'content must not be blank' })
  content?: string;

  @ApiPropertyOptional({ enum: NOTE_TYPES })
  @IsOptional()
  @IsIn(NOTE_TYPES)
  type?: NoteType;

  @ApiPropertyOptional({ type: [String], maxItems: 5 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(TAGS_MAX)
  @IsString({ each: true })
  @Matches(TAG_PATTERN, { each: true, message: 'each tag must be 1-50 characters without commas' })
  tags?: string[];

  @ApiPropertyOptional({
    enum: ['ours', 'theirs', 'both'],
    description:
      "Resolves the note's conflict: keep the product's version (ours), Notion's (theirs) or the merged text holding both. Sending content also resolves it.",
  })
  @IsOptional()
  @IsIn(['ours', 'theirs', 'both'])
  resolveConflict?: 'ours' | 'theirs' | 'both';
}

export class EnhanceNoteDto {
  @ApiPropertyOptional({
    enum: ENHANCE_MODES,
    default: 'all',
    description: 'structure: rewrite the content as tidy Markdown; tags: new tags; summary: new summary and action items; all: everything, title and type included',
  })
  @IsOptional()
  @IsIn(ENHANCE_MODES)
  mode?: EnhanceMode;
}

export class CreateLinkDto {
  @ApiProperty({ format: 'uuid', description: 'The note to link to (yours)' })
  @IsUUID()
  targetNoteId: string;
}

/**
 * The note a tool acts on. REST takes it from the path (`/notes/{id}`, where any other string is just a note
 * that is not there: 404); a tool argument must be a note id (400 otherwise), so a model learns its mistake.
 */
export class NoteIdDto {
  @ApiProperty({ format: 'uuid', description: 'The note id' })
  @IsUUID()
  noteId: string;
}
