import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { Logger } from '@nestjs/common';
import type { AppConfig } from '../../core/config/app-config';
import { parseKeyring } from '../../core/config/env.schema';

export interface TokenKey {
  kid: string;
  key: Buffer;
}

/** The ordered token-encryption keys: the first encrypts, every one decrypts. */
export class TokenKeyring {
  private readonly byKid: Map<string, Buffer>;

  constructor(readonly keys: readonly TokenKey[]) {
    if (keys.length === 0) throw new Error('A token keyring needs at least one key');
    this.byKid = new Map(keys.map((k) => [k.kid, k.key]));
  }

  get active(): TokenKey {
    return this.keys[0];
  }

  find(kid: string): Buffer | undefined {
    return this.byKid.get(kid);
  }
}

export const LOCAL_KEY_FILE = 'token-encryption.keys';

/**
 * The configured keys, or (outside production, which refuses to start without them) a key generated once
 * into DATA_DIR and reused on later starts. Created with O_EXCL so that instances starting together agree.
 */
export function loadTokenKeyring(config: AppConfig): TokenKeyring {
  if (config.tokenKeys) return new TokenKeyring(config.tokenKeys);
  // Test apps that do not care about keys get a throwaway one instead of a file in the working folder, under a
  // kid of its own (apps of other test files share the database; a kid names the key that can read a row).
  if (config.env === 'test') return new TokenKeyring([{ kid: `test-ephemeral-${randomBytes(4).toString('hex')}`, key: randomBytes(32) }]);
  const file = path.join(config.dataDir, LOCAL_KEY_FILE);
  const logger = new Logger('TokenKeyring');
  try {
    mkdirSync(config.dataDir, { recursive: true });
    const fd = openSync(file, 'wx', 0o600);
    writeSync(fd, `local-${Date.now().toString(36)}:${randomBytes(32).toString('base64')}\n`);
    closeSync(fd);
    logger.warn(
      `TOKEN_ENCRYPTION_KEYS is not set: generated a token-encryption key into ${file}. Back it up (tokens ` +
        'cannot be decrypted without it) and set TOKEN_ENCRYPTION_KEYS in production.',
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    logger.warn(`TOKEN_ENCRYPTION_KEYS is not set: using the generated key in ${file}.`);
  }
  const keys = parseKeyring(readFileSync(file, 'utf8').trim());
  if (!keys) throw new Error(`${file} does not hold a valid key list (kid:base64 with 32-byte keys)`);
  return new TokenKeyring(keys);
}
