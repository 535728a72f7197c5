import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** An AI client registered by RFC 7591 dynamic registration. Public clients only: PKCE, no client secret. */
@Entity('mcp_clients')
export class McpClientEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'client_id', primaryKeyConstraintName: 'PK_mcp_clients' })
  clientId: string;

  @Column({ name: 'client_name', type: 'text' })
  clientName: string;

  @Column({ name: 'redirect_uris', type: 'text', array: true })
  redirectUris: string[];

  /** The registered metadata as the client sent it (validated), for the registration response. */
  @Column({ type: 'jsonb' })
  metadata: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A person's yes to one AI client: what /app lists as a connected AI client, and what Revoke ends. */
@Entity('mcp_grants')
export class McpGrantEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_mcp_grants' })
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'client_id', type: 'uuid' })
  clientId: string;

  @Column({ type: 'text', array: true })
  scopes: string[];

  /** The protected resource (RFC 8707) the grant's tokens are for: this service's /mcp. */
  @Column({ type: 'text' })
  resource: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}

export const MCP_TOKEN_KINDS = ['code', 'access', 'refresh'] as const;
export type McpTokenKind = (typeof MCP_TOKEN_KINDS)[number];

/** An authorization code, access token or refresh token of a grant, stored as its SHA-256 only. */
@Entity('mcp_tokens')
export class McpTokenEntity {
  @PrimaryColumn({ name: 'token_hash', type: 'text', primaryKeyConstraintName: 'PK_mcp_tokens' })
  tokenHash: string;

  @Column({ type: 'text' })
  kind: McpTokenKind;

  @Column({ name: 'grant_id', type: 'uuid' })
  grantId: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  /** A code once exchanged, a refresh token once rotated: presented again, the grant is revoked. */
  @Column({ name: 'consumed_at', type: 'timestamptz', nullable: true })
  consumedAt: Date | null;

  /** For a code: the PKCE S256 challenge and the redirect URI it was issued for. */
  @Column({ name: 'code_challenge', type: 'text', nullable: true })
  codeChallenge: string | null;

  @Column({ name: 'redirect_uri', type: 'text', nullable: true })
  redirectUri: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
