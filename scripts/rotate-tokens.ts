// `npm run tokens:rotate`: re-encrypts every stored OAuth token under the first key of TOKEN_ENCRYPTION_KEYS
// (against DATABASE_URL, or the embedded database in DATA_DIR). Idempotent and resumable: run it again after
// an interruption; rows already under the active key are skipped.
import 'reflect-metadata';
import { SingleBar, Presets } from 'cli-progress';
import { DataSource } from 'typeorm';
import { ConfigValidationError, loadConfig } from '../src/core/config/app-config';
import { dataSourceOptions } from '../src/core/database/data-source-options';
import { resolveDatabase } from '../src/core/database/embedded-postgres';
import { OAuthSecurityService } from '../src/oauth/security/oauth-security.service';
import { loadTokenKeyring } from '../src/oauth/security/token-keyring';
import { TokenRotationService } from '../src/oauth/security/token-rotation.service';

async function main(): Promise<void> {
  const database = await resolveDatabase(loadConfig(process.env));
  const config = database.config;
  const dataSource = new DataSource(dataSourceOptions(config.database.url as string, 2));
  await dataSource.initialize();
  try {
    const security = new OAuthSecurityService(loadTokenKeyring(config));
    const rotation = new TokenRotationService(dataSource, security);
    const pending = await rotation.pending();
    process.stdout.write(`Active key: ${security.activeKeyId}; ${pending} integration(s) under another key\n`);
    if (pending === 0) return;
    const bar = new SingleBar(
      { format: 'Re-encrypting [{bar}] {value}/{total} rows | failed: {failed}', hideCursor: true },
      Presets.shades_classic,
    );
    bar.start(pending, 0, { failed: 0 });
    const result = await rotation.rotate({
      onProgress: (p) => bar.update(Math.min(p.done, pending), { failed: p.failed }),
    });
    bar.stop();
    process.stdout.write(`Rotated ${result.rotated}, could not decrypt ${result.failed}\n`);
    if (result.failed > 0) {
      process.stdout.write('Rows that could not be decrypted keep their key id; their users must reconnect.\n');
      process.exitCode = 2;
    }
  } finally {
    await dataSource.destroy();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigValidationError) process.stderr.write(`Refusing to run. ${error.message}\n`);
  else process.stderr.write(`Rotation failed: ${(error as Error)?.message ?? String(error)}\n`);
  process.exit(1);
});
