import { CreateDateColumn, Entity, PrimaryColumn, Column } from 'typeorm';

/** A link from one note to another: the Related relation of the source page in Notion ("Linked from" on the target). */
@Entity('note_links')
export class NoteLinkEntity {
  @PrimaryColumn({ name: 'source_note_id', type: 'uuid', primaryKeyConstraintName: 'PK_note_links' })
  sourceNoteId: string;

  @PrimaryColumn({ name: 'target_note_id', type: 'uuid', primaryKeyConstraintName: 'PK_note_links' })
  targetNoteId: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
