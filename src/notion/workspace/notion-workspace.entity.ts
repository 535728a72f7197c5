import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

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

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
