import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import type { NotionWorkspace } from '../workspace/notion-workspace.manager';

export class WorkspaceQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: "One of the user's Notion connections; the default one when omitted" })
  @IsOptional()
  @IsUUID()
  integrationId?: string;
}

export class NotionObjectLinkDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'https://www.notion.so/Personal-Assistant-0f0c8a8e3b0e4d7e9a556f3c1c1b2d4e' })
  url: string;
}

export class NotionDatabaseLinkDto extends NotionObjectLinkDto {
  @ApiProperty({ format: 'uuid', description: 'The data source holding the notes (Notion API 2025-09-03 and later)' })
  dataSourceId: string;
}

export class WorkspaceDto {
  @ApiProperty({ format: 'uuid', description: 'The Notion connection this workspace belongs to' })
  integrationId: string;

  @ApiProperty({ type: NotionObjectLinkDto, description: 'The "Personal Assistant" page' })
  rootPage: NotionObjectLinkDto;

  @ApiProperty({ type: NotionDatabaseLinkDto, description: 'The "Table of Contents" database inside it' })
  database: NotionDatabaseLinkDto;

  static from(workspace: NotionWorkspace): WorkspaceDto {
    return {
      integrationId: workspace.integrationId,
      rootPage: { id: workspace.rootPageId, url: workspace.rootPageUrl },
      database: { id: workspace.databaseId, url: workspace.databaseUrl, dataSourceId: workspace.dataSourceId },
    };
  }
}
