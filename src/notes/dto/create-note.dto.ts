import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { NOTE_TYPES, type NoteType } from '../enhancer/enhancement';

export const CONTENT_MAX_CHARS = 100_000;
/** Notion refuses commas in select options; tags are words joined by hyphens. */
export const TAG_PATTERN = /^[^,\n]{1,50}$/;

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

  @ApiPropertyOptional({ type: [String], maxItems: 5, description: 'Lower-cased and hyphenated; topped up to 3 by the enhancer' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
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
  @ArrayMaxSize(5)
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
  @ApiPropertyOptional({ enum: ['structure', 'tags', 'summary', 'all'], default: 'all' })
  @IsOptional()
  @IsIn(['structure', 'tags', 'summary', 'all'])
  mode?: 'structure' | 'tags' | 'summary' | 'all';
}

export class CreateLinkDto {
  @ApiProperty({ format: 'uuid', description: 'The note to link to (yours)' })
  @IsUUID()
  targetNoteId: string;
}

export class NoteIdParams {
  @ApiProperty()
  @IsString()
  @MaxLength(100)
  id: string;
}
