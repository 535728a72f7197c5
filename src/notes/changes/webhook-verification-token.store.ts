import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../core/config/app-config';
import { OAuthSecurityService } from '../../oauth/security/oauth-security.service';

/**
 * The binding the verification token is encrypted under: the OAuth token cipher's associated data names an
 * integration, a user and a field; no integration or user has these ids (they are uuids), so this ciphertext
 * can only ever be read back as what it is.
 */
const BINDING = { integrationId: 'notion-webhook', userId: 'verification-token', field: 'access' as const };
const NAME = 'notion_verification_token';
/** How long an instance reuses the token it read; a new handshake on another instance is seen within it. */
const CACHE_MS = 5_000;

export interface VerificationTokenView {
  token: string;
  fingerprint: string;
  source: 'environment' | 'handshake';
  receivedAt: Date | null;
}

/** A short, non-reversible name of a secret for logs and the operator view. */
export function fingerprintOf(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 12);
}

/**
 * The Notion webhook subscription's verification token: the one in NOTION_WEBHOOK_VERIFICATION_TOKEN, or
 * the last one a handshake delivered, kept encrypted (AES-256-GCM under the token keyring, like the OAuth
 * tokens) in `notion_webhook_secrets`. Logs name it by fingerprint only.
 */
@Injectable()
export class WebhookVerificationTokenStore {
  private readonly logger = new Logger('NotionWebhook');
  private cached: { value: VerificationTokenView | null; until: number } | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly security: OAuthSecurityService,
    private readonly dataSource: DataSource,
  ) {}

  /** The token deliveries are signed with, or null before any is known. */
  async current(): Promise<VerificationTokenView | null> {
    const configured = this.config.notes.changes.webhookVerificationToken;
    if (configured) return { token: configured, fingerprint: fingerprintOf(configured), source: 'environment', receivedAt: null };
    if (this.cached && this.cached.until > Date.now()) return this.cached.value;
    const [row] = (await this.dataSource.query(`SELECT value_enc, received_at FROM notion_webhook_secrets WHERE name = $1`, [NAME])) as Array<{
      value_enc: string;
      received_at: Date;
    }>;
    let value: VerificationTokenView | null = null;
    if (row) {
      try {
        const token = this.security.decrypt(row.value_enc, BINDING);
        value = { token, fingerprint: fingerprintOf(token), source: 'handshake', receivedAt: row.received_at };
      } catch (error) {
        // Encrypted under a key this instance does not hold: as if none were known (deliveries answer 401).
        this.logger.warn({ reason: (error as Error).message }, 'The stored Notion webhook verification token cannot be decrypted');
      }
    }
    this.cached = { value, until: Date.now() + CACHE_MS };
    return value;
  }

  /**
   * Keeps the token a handshake delivered (replacing an earlier one: a new subscription sends a new
   * token). Ignored when the token is configured. Returns whether it was kept.
   */
  async receive(token: string): Promise<boolean> {
    const fingerprint = fingerprintOf(token);
    if (this.config.notes.changes.webhookVerificationToken) {
      this.logger.warn({ fingerprint }, 'A Notion webhook verification token arrived; NOTION_WEBHOOK_VERIFICATION_TOKEN is set, so it was not kept');
      return false;
    }
    const enc = this.security.encrypt(token, BINDING);
    await this.dataSource.query(
      `INSERT INTO notion_webhook_secrets (name, value_enc, key_id, fingerprint, received_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (name) DO UPDATE SET value_enc = EXCLUDED.value_enc, key_id = EXCLUDED.key_id, fingerprint = EXCLUDED.fingerprint, received_at = now()`,
      [NAME, enc, this.security.activeKeyId, fingerprint],
    );
    this.cached = null;
    this.logger.log(
      { fingerprint },
      'A Notion webhook verification token arrived (kept encrypted). Read it with GET /webhooks/notion/verification-token ' +
        '(Authorization: Bearer <OPERATOR_TOKEN>) and paste it into the subscription in your integration\'s Webhooks settings.',
    );
    return true;
  }
}
