import { ApiProperty, ApiPropertyOptional, OmitType, PickType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { NOTE_TYPES, type NoteType } from '../enhancer/enhancement';
import { SYNC_STATUSES, type SyncStatus } from '../note.entity';

export class ListNotesQueryDto {
  @ApiPropertyOptional({ description: 'Full-text search (web-search syntax: words, "phrases", or, -not), ranked' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  q?: string;

  @ApiPropertyOptional({ enum: NOTE_TYPES })
  @IsOptional()
  @IsIn(NOTE_TYPES)
  type?: NoteType;

  @ApiPropertyOptional({ description: 'Notes carrying this tag' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  tag?: string;

  @ApiPropertyOptional({ enum: SYNC_STATUSES })
  @IsOptional()
  @IsIn(SYNC_STATUSES)
  status?: SyncStatus;

  @ApiPropertyOptional({ default: false, description: 'List the trash instead' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  trashed?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  cursor?: string;
}

export class SearchNotesQueryDto extends OmitType(ListNotesQueryDto, ['q'] as const) {
  @ApiProperty({ description: 'Full-text search (web-search syntax), ranked', minLength: 1, maxLength: 500 })
  @IsString()
  @Length(1, 500)
  q: string;
}

/** What smart_search_notes takes: GET /notes/search's filters, a page at a time sized for a model (10, at most 50). */
export class SmartSearchNotesDto extends PickType(SearchNotesQueryDto, ['q', 'type', 'tag'] as const) {
  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 10 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50)
  limit?: number;
}
