import { DataSource } from 'typeorm';
import { OAuthIntegrationEntity } from '../integrations/oauth-integration.entity';
import { OAuthSecurityService, TokenDecryptError } from './oauth-security.service';

export interface RotationProgress {
  /** Rows looked at so far (rotated + failed). */
  done: number;
  /** Rows that needed rotation when the run started. */
  total: number;
  rotated: number;
  failed: number;
}

/**
 * Re-encrypts every stored token under the active key (the first of TOKEN_ENCRYPTION_KEYS). Each batch is
 * its own transaction and only rows under another key are picked, so the command is idempotent and resumes
 * where an interrupted run stopped. Rows that cannot be decrypted are left as they are and counted: the
 * token vault marks them for reconnection the first time they are used.
 *
 * Deploy the new key list to every instance before rotating: an instance still encrypting with the old key
 * would write old-key rows again (a later run picks them up). Run by `npm run tokens:rotate`
 * (scripts/rotate-tokens.ts), outside the app.
 */
export class TokenRotationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly security: OAuthSecurityService,
  ) {}

  /** How many rows are not yet under the active key. */
  async pending(): Promise<number> {
    const rows = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM "oauth_integrations" WHERE "key_id" IS NOT NULL AND "key_id" <> $1`,
      [this.security.activeKeyId],
    );
    return rows[0].n as number;
  }

  async rotate(options: { batchSize?: number; onProgress?: (progress: RotationProgress) => void } = {}): Promise<RotationProgress> {
    const batchSize = options.batchSize ?? 100;
    const active = this.security.activeKeyId;
    const progress: RotationProgress = { done: 0, total: await this.pending(), rotated: 0, failed: 0 };
    let cursor = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const batch = await this.dataSource.transaction(async (manager) => {
        // SKIP LOCKED: a row being refreshed right now is written under the active key by the refresh itself.
        const rows: OAuthIntegrationEntity[] = await manager
          .createQueryBuilder(OAuthIntegrationEntity, 'i')
          .where('i.keyId IS NOT NULL AND i.keyId <> :active AND i.id > :cursor', { active, cursor })
          .orderBy('i.id', 'ASC')
          .limit(batchSize)
          .setLock('pessimistic_write')
          .setOnLocked('skip_locked')
          .getMany();
        for (const row of rows) {
          try {
            const bind = { integrationId: row.id, userId: row.userId };
            const access = row.accessTokenEnc && this.security.decrypt(row.accessTokenEnc, { ...bind, field: 'access' });
            const refresh = row.refreshTokenEnc && this.security.decrypt(row.refreshTokenEnc, { ...bind, field: 'refresh' });
            await manager.update(
              OAuthIntegrationEntity,
              { id: row.id },
              {
                accessTokenEnc: access ? this.security.encrypt(access, { ...bind, field: 'access' }) : null,
                refreshTokenEnc: refresh ? this.security.encrypt(refresh, { ...bind, field: 'refresh' }) : null,
                keyId: active,
              },
            );
            progress.rotated++;
          } catch (error) {
            if (!(error instanceof TokenDecryptError)) throw error;
            progress.failed++;
          }
          progress.done++;
        }
        return rows;
      });
      if (batch.length === 0) break;
      cursor = batch[batch.length - 1].id;
      options.onProgress?.({ ...progress });
    }
    return progress;
  }
}
