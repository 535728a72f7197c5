import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { WORKSPACE_STATES, type WorkspaceState } from '../workspace/notion-workspace.entity';
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

export class SchemaIssueDto {
  @ApiProperty({ example: 'Tags', description: 'Our name of the property (you may have renamed it in Notion)' })
  property: string;

  @ApiProperty({ enum: ['type_changed'], description: 'type_changed: its type was changed in Notion; the assistant no longer writes it' })
  kind: 'type_changed';

  @ApiProperty({ example: 'multi_select' })
  expected: string;

  @ApiProperty({ example: 'rich_text' })
  found: string;
}

/** What the person may do about a workspace that is not active. */
export const WORKSPACE_CHOICES = ['restore', 'start_new'] as const;
export type WorkspaceChoice = (typeof WORKSPACE_CHOICES)[number];

export class WorkspaceDto {
  @ApiProperty({ format: 'uuid', description: 'The Notion connection this workspace belongs to' })
  integrationId: string;

  @ApiProperty({ type: NotionObjectLinkDto, description: 'The "Personal Assistant" page' })
  rootPage: NotionObjectLinkDto;

  @ApiProperty({ type: NotionDatabaseLinkDto, description: 'The "Table of Contents" database inside it' })
  database: NotionDatabaseLinkDto;

  @ApiProperty({
    enum: WORKSPACE_STATES,
    description:
      'active; root_trashed / toc_trashed: the page or the Table of Contents is in the Notion trash; gone: deleted for good. ' +
      'While not active, notes wait (pending) until you restore it (POST /workspace/restore) or start a new one (POST /workspace/start-new).',
  })
  state: WorkspaceState;

  @ApiProperty({ enum: WORKSPACE_CHOICES, isArray: true, description: 'What you can do now: empty while active; no restore once gone' })
  choices: WorkspaceChoice[];

  @ApiProperty({ type: [SchemaIssueDto], description: 'Properties of the Table of Contents changed in Notion in a way the assistant leaves alone' })
  schemaIssues: SchemaIssueDto[];

  static from(workspace: NotionWorkspace): WorkspaceDto {
    return {
      integrationId: workspace.integrationId,
      rootPage: { id: workspace.rootPageId, url: workspace.rootPageUrl },
      database: { id: workspace.databaseId, url: workspace.databaseUrl, dataSourceId: workspace.dataSourceId },
      state: workspace.state,
      choices: workspace.state === 'active' ? [] : workspace.state === 'gone' ? ['start_new'] : ['restore', 'start_new'],
      schemaIssues: workspace.schemaIssues.map(({ property, kind, expected, found }) => ({ property, kind, expected, found })),
    };
  }
}
