import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';

export const INTEGRATION_STATUSES = ['active', 'needs_reauth', 'revoked'] as const;
export type IntegrationStatus = (typeof INTEGRATION_STATUSES)[number];

/**
 * One connected workspace of one user (one bot of one provider). The id is chosen by the app before the
 * first insert because the encrypted tokens are bound to it (associated data), so a ciphertext copied to
 * another row does not decrypt.
 */
@Entity('oauth_integrations')
@Unique('UQ_oauth_integrations_user_provider_bot', ['userId', 'provider', 'botId'])
@Index('UQ_oauth_integrations_default', { synchronize: false })
@Index('IDX_oauth_integrations_active_workspace', { synchronize: false })
export class OAuthIntegrationEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_oauth_integrations' })
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'varchar', length: 32 })
  provider: string;

  @Column({ name: 'bot_id', type: 'varchar', length: 64 })
  botId: string;

  @Column({ name: 'workspace_id', type: 'varchar', length: 64 })
  workspaceId: string;

  @Column({ name: 'workspace_name', type: 'varchar', length: 200, nullable: true })
  workspaceName: string | null;

  @Column({ name: 'workspace_icon', type: 'varchar', length: 2000, nullable: true })
  workspaceIcon: string | null;

  @Column({ name: 'owner_type', type: 'varchar', length: 16, nullable: true })
  ownerType: string | null;

  @Column({ name: 'owner_id', type: 'varchar', length: 64, nullable: true })
  ownerId: string | null;

  @Column({ name: 'owner_name', type: 'varchar', length: 200, nullable: true })
  ownerName: string | null;

  @Column({ name: 'owner_email', type: 'varchar', length: 254, nullable: true })
  ownerEmail: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: IntegrationStatus;

  @Column({ name: 'is_default', type: 'boolean', default: false })
  isDefault: boolean;

  /** `v1.<kid>.<iv>.<tag>.<ct>`; null once disconnected. */
  @Column({ name: 'access_token_enc', type: 'text', nullable: true })
  accessTokenEnc: string | null;

  @Column({ name: 'refresh_token_enc', type: 'text', nullable: true })
  refreshTokenEnc: string | null;

  /** The key both ciphertexts were made with (what the rotation command looks for). */
  @Index('IDX_oauth_integrations_key_id')
  @Column({ name: 'key_id', type: 'varchar', length: 32, nullable: true })
  keyId: string | null;

  @Column({ name: 'connected_at', type: 'timestamptz' })
  connectedAt: Date;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
