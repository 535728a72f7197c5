import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { NOTION_ID_MESSAGE, NOTION_ID_PATTERN } from '../page-ids';
import { CONTENT_MAX, QUERY_MAX, SEARCH_LIMIT_DEFAULT, SEARCH_LIMIT_MAX, TITLE_MAX, UPDATE_MODES } from '../page-input';

/** Something other than spaces (a title or a query of blanks names nothing). */
const NOT_BLANK = /\S/;

const ID = { example: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', pattern: NOTION_ID_PATTERN.source };

export class PageIdParamDto {
  @ApiProperty({ ...ID, description: "A Notion page id, or one of your note ids (it stands for the note's page)" })
  @Matches(NOTION_ID_PATTERN, { message: `id ${NOTION_ID_MESSAGE}` })
  id: string;
}

export class LinkParamsDto extends PageIdParamDto {
  @ApiProperty({ ...ID, description: 'The page the link points to' })
  @Matches(NOTION_ID_PATTERN, { message: `target ${NOTION_ID_MESSAGE}` })
  target: string;
}

export class CreatePageDto {
  @ApiProperty({ example: 'Kickoff with Ada', maxLength: TITLE_MAX, pattern: NOT_BLANK.source })
  @IsString()
  @Matches(NOT_BLANK, { message: 'title must not be blank' })
  @MaxLength(TITLE_MAX)
  title: string;

  @ApiProperty({ description: 'The page content as Markdown', example: '## Agenda\n\n- scope\n- dates', maxLength: CONTENT_MAX })
  @IsString()
  @MaxLength(CONTENT_MAX)
  content: string;

  @ApiPropertyOptional({ ...ID, description: 'Where to put the page; your "Personal Assistant" page when omitted' })
  @IsOptional()
  @Matches(NOTION_ID_PATTERN, { message: `parentPageId ${NOTION_ID_MESSAGE}` })
  parentPageId?: string;
}

export class UpdatePageDto {
  @ApiPropertyOptional({ example: 'Kickoff with Ada (moved)', maxLength: TITLE_MAX, pattern: NOT_BLANK.source })
  @IsOptional()
  @IsString()
  @Matches(NOT_BLANK, { message: 'title must not be blank' })
  @MaxLength(TITLE_MAX)
  title?: string;

  @ApiPropertyOptional({ description: 'New content as Markdown', maxLength: CONTENT_MAX })
  @IsOptional()
  @IsString()
  @MaxLength(CONTENT_MAX)
  content?: string;

  @ApiPropertyOptional({ enum: UPDATE_MODES, default: 'append', description: 'replace the content, or append to it' })
  @IsOptional()
  @IsIn(UPDATE_MODES)
  mode?: (typeof UPDATE_MODES)[number];
}

export class SearchPagesQueryDto {
  @ApiProperty({ description: 'Words of the title', example: 'kickoff', maxLength: QUERY_MAX, pattern: NOT_BLANK.source })
  @IsString()
  @Matches(NOT_BLANK, { message: 'q must not be blank' })
  @MaxLength(QUERY_MAX)
  q: string;

  @ApiPropertyOptional({ minimum: 1, maximum: SEARCH_LIMIT_MAX, default: SEARCH_LIMIT_DEFAULT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(SEARCH_LIMIT_MAX)
  limit?: number;
}

export class CreatePageLinkDto {
  @ApiProperty({ ...ID, description: 'The page to link to' })
  @Matches(NOTION_ID_PATTERN, { message: `targetPageId ${NOTION_ID_MESSAGE}` })
  targetPageId: string;
}
