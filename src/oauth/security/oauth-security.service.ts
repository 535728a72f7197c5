import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { TokenKeyring } from './token-keyring';

/** What a ciphertext is bound to; decrypting it under any other binding fails. */
export interface TokenBinding {
  integrationId: string;
  userId: string;
  /** Which of the row's tokens, so an access token cannot be swapped for the refresh token either. */
  field: 'access' | 'refresh';
}

/** Any failure to decrypt: unknown key, tampered value, wrong binding. The reason is deliberately not told. */
export class TokenDecryptError extends Error {
  constructor(readonly reason: 'malformed' | 'unknown_key' | 'authentication_failed') {
    super(`Token could not be decrypted (${reason})`);
    this.name = 'TokenDecryptError';
  }
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The one class that encrypts and decrypts OAuth tokens: AES-256-GCM with a fresh 96-bit nonce per value,
 * the key id in the output (`v1.<kid>.<iv>.<tag>.<ct>`, base64url parts) and the row binding as associated
 * data.
 */
@Injectable()
export class OAuthSecurityService {
  constructor(private readonly keyring: TokenKeyring) {}

  get activeKeyId(): string {
    return this.keyring.active.kid;
  }

  encrypt(plaintext: string, binding: TokenBinding): string {
    const { kid, key } = this.keyring.active;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(binding));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, kid, b64(iv), b64(cipher.getAuthTag()), b64(ct)].join('.');
  }

  decrypt(value: string, binding: TokenBinding): string {
    const parts = value.split('.');
    if (parts.length !== 5 || parts[0] !== VERSION) throw new TokenDecryptError('malformed');
    const [, kid, ivText, tagText, ctText] = parts;
    const key = this.keyring.find(kid);
    if (!key) throw new TokenDecryptError('unknown_key');
    const iv = Buffer.from(ivText, 'base64url');
    const tag = Buffer.from(tagText, 'base64url');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new TokenDecryptError('malformed');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(associatedData(binding));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(Buffer.from(ctText, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new TokenDecryptError('authentication_failed');
    }
  }

  /** The key id a ciphertext names (without decrypting it). */
  keyIdOf(value: string): string | null {
    const parts = value.split('.');
    return parts.length === 5 && parts[0] === VERSION ? parts[1] : null;
  }
}

function associatedData(binding: TokenBinding): Buffer {
  return Buffer.from(`oauth-token|${binding.integrationId}|${binding.userId}|${binding.field}`, 'utf8');
}

function b64(buffer: Buffer): string {
  return buffer.toString('base64url');
}
