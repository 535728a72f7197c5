import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An API key for agents. Only the SHA-256 of the key is kept; the key itself is shown once, at creation. */
@Entity('api_keys')
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_api_keys' })
  id: string;

  @Index('IX_api_keys_user_id')
  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** SHA-256 of the whole key, hex. */
  @Index('UQ_api_keys_token_hash', { unique: true })
  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash: string;

  /** The key's last four characters, to tell keys apart in a list. */
  @Column({ name: 'last_four', type: 'varchar', length: 4 })
  lastFour: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Recorded at most once a minute per key. */
  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt: Date | null;
}
