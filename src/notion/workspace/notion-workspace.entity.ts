import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * What Notion last said about the workspace: `active`; the root page (`root_trashed`) or the Table of
 * Contents (`toc_trashed`) in the trash; or one of them deleted for good (`gone`, a 404).
 */
export const WORKSPACE_STATES = ['active', 'root_trashed', 'toc_trashed', 'gone'] as const;
export type WorkspaceState = (typeof WORKSPACE_STATES)[number];

/** A property of ours the person changed in a way the product does not undo (its type): reported, left alone. */
export interface SchemaIssue {
  /** Our name of the property (the person may have renamed it). */
  property: string;
  kind: 'type_changed';
  expected: string;
  found: string;
}

/** One integration's root page and notes database in Notion (see the CreateNotionWorkspaces migration). */
@Entity('notion_workspaces')
export class NotionWorkspaceEntity {
  @PrimaryColumn({ name: 'integration_id', type: 'uuid', primaryKeyConstraintName: 'PK_notion_workspaces' })
  integrationId: string;

  @Column({ name: 'root_page_id', type: 'uuid' })
  rootPageId: string;

  @Column({ name: 'root_page_url', type: 'text' })
  rootPageUrl: string;

  @Column({ name: 'database_id', type: 'uuid' })
  databaseId: string;

  @Column({ name: 'database_url', type: 'text' })
  databaseUrl: string;

  @Column({ name: 'data_source_id', type: 'uuid' })
  dataSourceId: string;

  /** Our property name → Notion's property id. */
  @Column({ name: 'property_ids', type: 'jsonb', default: () => `'{}'` })
  propertyIds: Record<string, string>;

  @Column({ name: 'state', type: 'varchar', length: 16, default: 'active' })
  state: WorkspaceState;

  @Column({ name: 'schema_issues', type: 'jsonb', default: () => `'[]'` })
  schemaIssues: SchemaIssue[];

  @Column({ name: 'state_checked_at', type: 'timestamptz', nullable: true })
  stateCheckedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
