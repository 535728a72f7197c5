import { createHash, randomBytes } from 'node:crypto';

export const API_KEY_PREFIX = 'pak_';
/** `pak_` and 32 random bytes in base64url (43 characters). */
const API_KEY_PATTERN = /^pak_[A-Za-z0-9_-]{43}$/;

/** A new API key: 256 random bits behind a recognisable prefix (so secret scanners and the guard spot it). */
export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** What is stored and looked up: the key's SHA-256, hex. A key has 256 bits of entropy, so no salt is needed. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Cheap shape check before any lookup; also how the guard tells a key from a session token. */
export function looksLikeApiKey(value: string): boolean {
  return API_KEY_PATTERN.test(value);
}
