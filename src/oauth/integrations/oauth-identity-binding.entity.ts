import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A provider user (for Notion the person who authorized, `owner.user.id`) and the one account of this
 * service they are bound to. Written by the first grant; kept after a disconnect, so a code of theirs stolen
 * later still connects nothing elsewhere; goes with the account.
 */
@Entity('oauth_identity_bindings')
export class OAuthIdentityBindingEntity {
  @PrimaryColumn({ type: 'varchar', length: 32, primaryKeyConstraintName: 'PK_oauth_identity_bindings' })
  provider: string;

  @PrimaryColumn({ name: 'subject_id', type: 'varchar', length: 64, primaryKeyConstraintName: 'PK_oauth_identity_bindings' })
  subjectId: string;

  @Index('IX_oauth_identity_bindings_user')
  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
