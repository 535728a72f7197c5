import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A link the user made from one Notion page to another (see the CreatePageLinks migration). */
@Entity('page_links')
export class PageLinkEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_page_links' })
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'integration_id', type: 'uuid' })
  integrationId: string;

  @Column({ name: 'from_page_id', type: 'uuid' })
  fromPageId: string;

  @Column({ name: 'to_page_id', type: 'uuid' })
  toPageId: string;

  /** The "Linked pages" block written on the `from` page (mentioning the `to` page). */
  @Column({ name: 'from_block_id', type: 'uuid', nullable: true })
  fromBlockId: string | null;

  /** The "Linked pages" block written on the `to` page (mentioning the `from` page). */
  @Column({ name: 'to_block_id', type: 'uuid', nullable: true })
  toBlockId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
