import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Index('UQ_users_email_normalized', ['emailNormalized'], { unique: true })
@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_users' })
  id: string;

  /** As the user typed it, in NFKC (see users/email.ts). */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  /** NFKC and lower case: what accounts are unique by and signed in with. */
  @Column({ name: 'email_normalized', type: 'varchar', length: 254 })
  emailNormalized: string;

  @Column({ name: 'display_name', type: 'varchar', length: 100 })
  displayName: string;

  /** An argon2id PHC string; never the password. */
  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
