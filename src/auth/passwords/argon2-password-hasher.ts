import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { hash, verify, type Algorithm, type Options } from '@node-rs/argon2';
import { PasswordHasher } from './password-hasher';

/** Algorithm.Argon2id: an ambient const enum, which isolatedModules does not let us reference by name. */
const ARGON2ID = 2 as Algorithm;

/** OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. */
const OPTIONS: Options = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 };

@Injectable()
export class Argon2PasswordHasher extends PasswordHasher {
  /** A hash of a random password nobody knows, made with the same options as real ones. */
  private dummy: Promise<string> | undefined;

  hash(password: string): Promise<string> {
    return hash(password, OPTIONS);
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      // A malformed stored hash is a failed check, not a 500 that tells the caller the account exists.
      return false;
    }
  }

  async verifyNothing(password: string): Promise<void> {
    this.dummy ??= hash(randomBytes(32).toString('base64url'), OPTIONS);
    await this.verify(await this.dummy, password);
  }
}
