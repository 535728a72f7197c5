import { ApiProperty } from '@nestjs/swagger';

export class PageSummaryDto {
  @ApiProperty({ format: 'uuid', description: 'The Notion page id' })
  pageId: string;

  @ApiProperty({ example: 'Kickoff with Ada' })
  title: string;

  @ApiProperty({ example: 'https://www.notion.so/Kickoff-with-Ada-1c2d3e4f5a6b4c7d8e9f0a1b2c3d4e5f' })
  url: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The page it sits under (null for a database row or at workspace level)' })
  parentPageId: string | null;

  @ApiProperty({ format: 'date-time' })
  createdTime: string;

  @ApiProperty({ format: 'date-time' })
  lastEditedTime: string;

  @ApiProperty()
  inTrash: boolean;
}

export class NotePageDto extends PageSummaryDto {
  @ApiProperty({ description: 'The content as Markdown', example: '## Agenda\n\n- scope\n- dates' })
  content: string;
}

export class PageSearchHitDto {
  @ApiProperty({ format: 'uuid', description: 'The Notion page id (what the page routes and tools take)' })
  pageId: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: "The product's note whose page this is; null for a plain page" })
  noteId: string | null;

  @ApiProperty()
  title: string;

  @ApiProperty()
  url: string;

  @ApiProperty({ format: 'date-time' })
  lastEditedTime: string;

  @ApiProperty({
    enum: ['notion', 'notes', 'both'],
    description: "Where the hit came from: Notion's title search, the product's note index (titles, tags, summaries, content), or both",
  })
  source: 'notion' | 'notes' | 'both';
}

export class PageSearchResultDto {
  @ApiProperty()
  query: string;

  @ApiProperty({ type: [PageSearchHitDto], description: 'Pages found by both first, then the two sources in turn' })
  results: PageSearchHitDto[];
}

export class TocEntryDto {
  @ApiProperty({ format: 'uuid', description: 'The Notion page id of the note (a row) or sub-page' })
  pageId: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ type: String, nullable: true, description: 'Set for notes (rows); null for plain sub-pages' })
  url: string | null;

  @ApiProperty({ type: [String] })
  tags: string[];

  @ApiProperty({ type: String, nullable: true })
  summary: string | null;

  @ApiProperty({ format: 'date-time' })
  createdTime: string;

  @ApiProperty({ format: 'date-time' })
  lastEditedTime: string;
}

export class TocGroupDto {
  @ApiProperty({ example: 'meeting', description: 'A note type, `untyped`, or `page` for the root\'s plain sub-pages' })
  type: string;

  @ApiProperty()
  count: number;

  @ApiProperty({ type: [TocEntryDto], description: 'Newest first' })
  entries: TocEntryDto[];
}

export class TableOfContentsDto {
  @ApiProperty({ format: 'uuid', description: 'The "Personal Assistant" page' })
  rootPageId: string;

  @ApiProperty({ format: 'uuid', description: 'The "Table of Contents" database' })
  databaseId: string;

  @ApiProperty()
  total: number;

  @ApiProperty({ type: [TocGroupDto] })
  groups: TocGroupDto[];
}

export class LinkedPageRefDto {
  @ApiProperty({ format: 'uuid', description: 'The Notion page id' })
  pageId: string;

  @ApiProperty({ type: String, nullable: true, description: 'null when the page is gone or no longer shared' })
  title: string | null;
}

export class PageLinkDto {
  @ApiProperty({ type: LinkedPageRefDto })
  from: LinkedPageRefDto;

  @ApiProperty({ type: LinkedPageRefDto })
  to: LinkedPageRefDto;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class GraphLinkDto extends LinkedPageRefDto {
  @ApiProperty({ format: 'date-time' })
  linkedAt: string;
}

export class BacklinksDto {
  @ApiProperty({ type: LinkedPageRefDto })
  page: LinkedPageRefDto;

  @ApiProperty({ type: [GraphLinkDto], description: 'Pages this page links to' })
  linksTo: GraphLinkDto[];

  @ApiProperty({ type: [GraphLinkDto], description: 'Pages that link to this page (its backlinks)' })
  linkedFrom: GraphLinkDto[];

  @ApiProperty({ type: [LinkedPageRefDto], description: 'For a note: its Related notes' })
  related: LinkedPageRefDto[];

  @ApiProperty({ type: [LinkedPageRefDto], description: 'For a note: the notes that list it as Related' })
  relatedFrom: LinkedPageRefDto[];
}
