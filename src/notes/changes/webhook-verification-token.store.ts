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
/** The token a newer handshake replaced: still accepted, so that an unsigned handshake cannot lock Notion out. */
const PREVIOUS = 'notion_verification_token_previous';
/** How long an instance reuses the tokens it read; a new handshake on another instance is seen within it. */
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
  private cached: { value: VerificationTokenView | null; previous: string | null; readAt: number } | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly security: OAuthSecurityService,
    private readonly dataSource: DataSource,
  ) {}

  /** The token to paste into Notion (the latest), or null before any is known. */
  async current(): Promise<VerificationTokenView | null> {
    return (await this.load()).value;
  }

  /**
   * The tokens a delivery may be signed with: the configured one; else the latest handshake's and the
   * one it replaced. A handshake is not signed (Notion has no token to sign it with yet), so anyone can
   * post one: keeping the previous token means such a post cannot make Notion's real deliveries fail.
   */
  async signingTokens(maxAgeMs = CACHE_MS): Promise<string[]> {
    const { value, previous } = await this.load(maxAgeMs);
    return [value?.token, previous].filter((t): t is string => typeof t === 'string' && t.length > 0);
  }

  /** Whether what this instance holds was read more than `ms` ago (a newer handshake may be stored since). */
  staleFor(ms: number): boolean {
    return !this.config.notes.changes.webhookVerificationToken && (this.cached === null || Date.now() - this.cached.readAt > ms);
  }

  private async load(maxAgeMs = CACHE_MS): Promise<{ value: VerificationTokenView | null; previous: string | null }> {
    const configured = this.config.notes.changes.webhookVerificationToken;
    if (configured) return { value: { token: configured, fingerprint: fingerprintOf(configured), source: 'environment', receivedAt: null }, previous: null };
    if (this.cached && Date.now() - this.cached.readAt <= maxAgeMs) return this.cached;
    const rows = (await this.dataSource.query(`SELECT name, value_enc, received_at FROM notion_webhook_secrets WHERE name = ANY($1::text[])`, [[NAME, PREVIOUS]])) as Array<{
      name: string;
      value_enc: string;
      received_at: Date;
    }>;
    let value: VerificationTokenView | null = null;
    let previous: string | null = null;
    for (const row of rows) {
      try {
        const token = this.security.decrypt(row.value_enc, BINDING);
        if (row.name === NAME) value = { token, fingerprint: fingerprintOf(token), source: 'handshake', receivedAt: row.received_at };
        else previous = token;
      } catch (error) {
        // Encrypted under a key this instance does not hold: as if none were known (deliveries answer 401).
        this.logger.warn({ reason: (error as Error).message }, 'A stored Notion webhook verification token cannot be decrypted');
      }
    }
    this.cached = { value, previous, readAt: Date.now() };
    return this.cached;
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
    await this.dataSource.transaction(async (manager) => {
      const [latest] = (await manager.query(`SELECT fingerprint FROM notion_webhook_secrets WHERE name = $1 FOR UPDATE`, [NAME])) as Array<{ fingerprint: string }>;
      if (latest && latest.fingerprint !== fingerprint) {
        await manager.query(
          `INSERT INTO notion_webhook_secrets (name, value_enc, key_id, fingerprint, received_at)
           SELECT $2, value_enc, key_id, fingerprint, received_at FROM notion_webhook_secrets WHERE name = $1
           ON CONFLICT (name) DO UPDATE SET value_enc = EXCLUDED.value_enc, key_id = EXCLUDED.key_id, fingerprint = EXCLUDED.fingerprint, received_at = EXCLUDED.received_at`,
          [NAME, PREVIOUS],
        );
      }
      await manager.query(
        `INSERT INTO notion_webhook_secrets (name, value_enc, key_id, fingerprint, received_at) VALUES ($1, $2, $3, $4, now())
         ON CONFLICT (name) DO UPDATE SET value_enc = EXCLUDED.value_enc, key_id = EXCLUDED.key_id, fingerprint = EXCLUDED.fingerprint, received_at = now()`,
        [NAME, enc, this.security.activeKeyId, fingerprint],
      );
    });
    this.cached = null;
    this.logger.log(
      { fingerprint },
      'A Notion webhook verification token arrived (kept encrypted). Read it with GET /webhooks/notion/verification-token ' +
        '(Authorization: Bearer <OPERATOR_TOKEN>) and paste it into the subscription in your integration\'s Webhooks settings.',
    );
    return true;
  }
}
