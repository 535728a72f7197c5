import { randomBytes, randomUUID } from 'node:crypto';

const DASHED = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COMPACT = /^[0-9a-f]{32}$/i;

export function newId(): string {
  return randomUUID();
}

/** Notion accepts ids with or without dashes; everything is stored dashed and lower-case. */
export function normalizeId(raw: string): string | null {
  const value = raw.trim();
  if (DASHED.test(value)) return value.toLowerCase();
  if (COMPACT.test(value)) {
    const v = value.toLowerCase();
    return `${v.slice(0, 8)}-${v.slice(8, 12)}-${v.slice(12, 16)}-${v.slice(16, 20)}-${v.slice(20)}`;
  }
  return null;
}

export function compactId(id: string): string {
  return id.replace(/-/g, '');
}

export function newSecret(prefix: string, bytes = 24): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

/** Short, non-secret label for logs and counters: never the whole token. */
export function tokenHint(token: string): string {
  return token.length <= 8 ? '****' : `${token.slice(0, 4)}…${token.slice(-4)}`;
}
