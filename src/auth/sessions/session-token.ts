import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** 32 random bytes in base64url: 43 characters. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A new opaque session token: 256 random bits. Shown to the client once, never stored. */
export function generateSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the stores keep and look sessions up by: the token's SHA-256, hex. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The public id of a session (listing, revoking). Random and unrelated to the token, so it is no credential. */
export function generateSessionId(): string {
  return randomUUID();
}

/** Cheap shape check, so that garbage never reaches the store. */
export function looksLikeSessionToken(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}
