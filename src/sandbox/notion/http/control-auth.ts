import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { NotionApiError } from '../core/errors';

/** Shortest control token the sandbox accepts from its configuration. */
export const MIN_CONTROL_TOKEN_LENGTH = 16;

/** A fresh control token (`sbc_` + 32 random bytes), for when none is configured. */
export function generateControlToken(): string {
  return `sbc_${randomBytes(32).toString('base64url')}`;
}

/**
 * The control API (`/__sandbox/*`) can read every token the sandbox issued and act as any person,
 * so it answers only `Authorization: Bearer <control token>`. Both sides are hashed first so the
 * comparison takes the same time whatever the length or content of the presented value.
 */
export function requireControlToken(expected: string, authorization: string | undefined): void {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  const presented = match ? match[1] : '';
  const same = timingSafeEqual(digest(presented), digest(expected));
  if (!match || !same) {
    throw new NotionApiError(401, 'unauthorized', 'The sandbox control API needs `Authorization: Bearer <control token>`.', {
      'www-authenticate': 'Bearer realm="notion-sandbox-control"',
    });
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
